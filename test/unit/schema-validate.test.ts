import { describe, expect, it } from 'vitest'
import {
  KUBERNETES_VERSIONS,
  schemaKindOf,
  validateSchema,
  type KubernetesVersion,
  type SchemaFinding,
  type SchemaKind,
} from '../../src/validate/schema-validate.js'

const labels = { app: 'web' }
const container = (extra: object = {}): object => ({ name: 'app', image: 'nginx:1.27', ...extra })
const podSpec = (extra: object = {}): object => ({ containers: [container()], ...extra })
const pod = (spec: object = podSpec(), extra: object = {}): object => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', labels },
  spec,
  ...extra,
})
const template = { metadata: { labels }, spec: podSpec() }
const jobSpec = { backoffLimit: 2, template: { spec: podSpec({ restartPolicy: 'Never' }) } }

const VALID: readonly { name: string; kind: SchemaKind; doc: object }[] = [
  {
    name: 'Pod with ports, env, resources and probes',
    kind: 'Pod',
    doc: pod(
      podSpec({
        hostNetwork: null,
        containers: [
          container({
            ports: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }],
            env: [{ name: 'A', value: 'b' }],
            resources: { limits: { cpu: '500m', memory: 134217728 }, requests: { cpu: 0.5 } },
            livenessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 10 },
            readinessProbe: { tcpSocket: { port: 80 } },
          }),
        ],
      }),
    ),
  },
  {
    name: 'ConfigMap',
    kind: 'ConfigMap',
    doc: { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'b' } },
  },
  {
    name: 'Secret',
    kind: 'Secret',
    doc: { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', data: { a: 'aGVsbG8=' } },
  },
  {
    name: 'PersistentVolumeClaim',
    kind: 'PersistentVolumeClaim',
    doc: {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    },
  },
  {
    name: 'Deployment',
    kind: 'Deployment',
    doc: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { replicas: 2, selector: { matchLabels: labels }, template },
    },
  },
  {
    name: 'DaemonSet',
    kind: 'DaemonSet',
    doc: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      spec: { selector: { matchLabels: labels }, template },
    },
  },
  {
    name: 'StatefulSet',
    kind: 'StatefulSet',
    doc: {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      spec: { serviceName: 'web', selector: { matchLabels: labels }, template },
    },
  },
  {
    name: 'ReplicaSet',
    kind: 'ReplicaSet',
    doc: {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      spec: { selector: { matchLabels: labels }, template },
    },
  },
  { name: 'Job', kind: 'Job', doc: { apiVersion: 'batch/v1', kind: 'Job', spec: jobSpec } },
  {
    name: 'CronJob',
    kind: 'CronJob',
    doc: {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      spec: { schedule: '*/5 * * * *', jobTemplate: { spec: jobSpec } },
    },
  },
]

describe('validateSchema accepts', () => {
  const rows = VALID.flatMap((row) => KUBERNETES_VERSIONS.map((version) => ({ ...row, version })))
  it.each(rows)('a valid $name (Kubernetes $version)', ({ kind, doc, version }) => {
    expect(validateSchema(kind, doc, version)).toEqual([])
  })
})

interface FindingRow {
  readonly name: string
  readonly kind?: SchemaKind
  readonly version?: KubernetesVersion
  readonly doc: unknown
  readonly expected: readonly SchemaFinding[]
}

const FINDINGS: readonly FindingRow[] = [
  {
    name: 'an unknown field, pointing at the key',
    doc: pod(podSpec({ containers: [container({ securityContxt: {} })] })),
    expected: [
      {
        pointer: '/spec/containers/0/securityContxt',
        key: 'securityContxt',
        kind: 'unknown-field',
        message: 'unknown field "securityContxt"',
      },
    ],
  },
  {
    name: 'an unknown field whose name needs JSON Pointer escapes',
    doc: pod(podSpec(), { 'a/b~c': 1 }),
    expected: [
      {
        pointer: '/a~1b~0c',
        key: 'a/b~c',
        kind: 'unknown-field',
        message: 'unknown field "a/b~c"',
      },
    ],
  },
  {
    name: 'a missing required field, pointing at the parent',
    doc: pod({ hostNetwork: true }),
    expected: [
      {
        pointer: '/spec',
        key: 'containers',
        kind: 'required',
        message: 'missing required field "containers"',
      },
    ],
  },
  {
    name: 'a missing required field in a list item',
    doc: pod(podSpec({ containers: [{ image: 'nginx' }] })),
    expected: [
      {
        pointer: '/spec/containers/0',
        key: 'name',
        kind: 'required',
        message: 'missing required field "name"',
      },
    ],
  },
  {
    name: 'a wrong type, with the value found',
    doc: pod(podSpec({ containers: [container({ ports: [{ containerPort: 'abc' }] })] })),
    expected: [
      {
        pointer: '/spec/containers/0/ports/0/containerPort',
        kind: 'type',
        message: 'must be integer, got string "abc"',
      },
    ],
  },
  {
    name: 'a wrong type on a nullable field, without the null',
    doc: pod(podSpec(), { metadata: { name: 'web', labels: { tier: 3 } } }),
    expected: [
      { pointer: '/metadata/labels/tier', kind: 'type', message: 'must be string, got integer 3' },
    ],
  },
  {
    name: 'an object where a list belongs',
    doc: pod(podSpec({ containers: container() })),
    expected: [{ pointer: '/spec/containers', kind: 'type', message: 'must be array, got object' }],
  },
  {
    name: 'a document that is not an object',
    doc: 'just text',
    expected: [{ pointer: '', kind: 'type', message: 'must be object, got string "just text"' }],
  },
  {
    name: 'an int-or-string field: one finding for the oneOf and its two branches',
    doc: pod(podSpec({ containers: [container({ livenessProbe: { httpGet: { port: true } } })] })),
    expected: [
      {
        pointer: '/spec/containers/0/livenessProbe/httpGet/port',
        kind: 'type',
        message: 'must be string or integer, got boolean true',
      },
    ],
  },
  {
    name: 'a quantity (string or number) given a list',
    doc: pod(podSpec({ containers: [container({ resources: { limits: { memory: [1] } } })] })),
    expected: [
      {
        pointer: '/spec/containers/0/resources/limits/memory',
        kind: 'type',
        message: 'must be string or number, got array',
      },
    ],
  },
  {
    name: 'nothing for null in an int-or-string field (null is "unset" like everywhere else)',
    doc: pod(podSpec({ containers: [container({ resources: { limits: { cpu: null } } })] })),
    expected: [],
  },
  {
    name: 'nothing for null in nullable fields',
    doc: pod(podSpec({ hostNetwork: null, volumes: null }), { status: null }),
    expected: [],
  },
  {
    name: 'a wrong apiVersion (the only enums of these schemas)',
    doc: pod(podSpec(), { apiVersion: 'v2' }),
    expected: [{ pointer: '/apiVersion', kind: 'enum', message: 'must be "v1", got string "v2"' }],
  },
  {
    name: 'a wrong kind of the wrong type: one finding, not a type error as well',
    doc: pod(podSpec(), { kind: 5 }),
    expected: [{ pointer: '/kind', kind: 'enum', message: 'must be "Pod", got integer 5' }],
  },
  {
    name: 'an int32 out of range',
    doc: pod(podSpec({ containers: [container({ ports: [{ containerPort: 3_000_000_000 }] })] })),
    expected: [
      {
        pointer: '/spec/containers/0/ports/0/containerPort',
        kind: 'format',
        message: 'must be a 32-bit integer, got integer 3000000000',
      },
    ],
  },
  {
    name: 'a fraction in an int32 field: the type error only, not the format one as well',
    doc: pod(podSpec({ containers: [container({ ports: [{ containerPort: 80.5 }] })] })),
    expected: [
      {
        pointer: '/spec/containers/0/ports/0/containerPort',
        kind: 'type',
        message: 'must be integer, got number 80.5',
      },
    ],
  },
  {
    name: 'a date-time that is not one',
    doc: pod(podSpec(), { metadata: { name: 'web', creationTimestamp: 'yesterday' } }),
    expected: [
      {
        pointer: '/metadata/creationTimestamp',
        kind: 'format',
        message: 'must be an RFC 3339 date-time (2006-01-02T15:04:05Z), got string "yesterday"',
      },
    ],
  },
  {
    name: 'a too long name (maxLength), the value cut in messages',
    doc: pod(podSpec({ containers: [container({ name: 'c'.repeat(70) })] })),
    expected: [
      {
        pointer: '/spec/containers/0/name',
        kind: 'other',
        message: 'must be at most 63 characters, got 70',
      },
    ],
  },
  {
    name: 'a long string value, cut to 40 characters',
    doc: pod(podSpec({ containers: [container({ ports: [{ containerPort: 'x'.repeat(100) }] })] })),
    expected: [
      {
        pointer: '/spec/containers/0/ports/0/containerPort',
        kind: 'type',
        message: `must be integer, got string "${'x'.repeat(39)}…"`,
      },
    ],
  },
  {
    name: 'several findings, sorted by pointer with numeric indexes',
    doc: pod(
      podSpec({
        containers: Array.from({ length: 11 }, (_, i) =>
          i === 2 || i === 10
            ? container({ name: `c${i}`, tty: 'yes' })
            : container({ name: `c${i}` }),
        ),
      }),
      { extra: true },
    ),
    expected: [
      { pointer: '/extra', key: 'extra', kind: 'unknown-field', message: 'unknown field "extra"' },
      {
        pointer: '/spec/containers/2/tty',
        kind: 'type',
        message: 'must be boolean, got string "yes"',
      },
      {
        pointer: '/spec/containers/10/tty',
        kind: 'type',
        message: 'must be boolean, got string "yes"',
      },
    ],
  },
  {
    name: 'an error in a workload pod template',
    kind: 'Deployment',
    doc: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      spec: { selector: {}, template: { spec: { containers: [container({ cmd: ['sh'] })] } } },
    },
    expected: [
      {
        pointer: '/spec/template/spec/containers/0/cmd',
        key: 'cmd',
        kind: 'unknown-field',
        message: 'unknown field "cmd"',
      },
    ],
  },
  {
    name: 'a CronJob without its schedule',
    kind: 'CronJob',
    doc: { apiVersion: 'batch/v1', kind: 'CronJob', spec: { jobTemplate: {} } },
    expected: [
      {
        pointer: '/spec',
        key: 'schedule',
        kind: 'required',
        message: 'missing required field "schedule"',
      },
    ],
  },
  {
    name: 'an image volume, new in 1.31, with the 1.30 schema',
    version: '1.30',
    doc: pod(podSpec({ volumes: [{ name: 'v', image: { reference: 'quay.io/x/y:1' } }] })),
    expected: [
      {
        pointer: '/spec/volumes/0/image',
        key: 'image',
        kind: 'unknown-field',
        message: 'unknown field "image"',
      },
    ],
  },
  {
    name: 'an image volume, new in 1.31, with the 1.32 schema',
    version: '1.32',
    doc: pod(podSpec({ volumes: [{ name: 'v', image: { reference: 'quay.io/x/y:1' } }] })),
    expected: [],
  },
  {
    name: 'a container restartPolicyRules, new in 1.34, with the 1.32 schema',
    version: '1.32',
    doc: pod(podSpec({ containers: [container({ restartPolicyRules: [] })] })),
    expected: [
      {
        pointer: '/spec/containers/0/restartPolicyRules',
        key: 'restartPolicyRules',
        kind: 'unknown-field',
        message: 'unknown field "restartPolicyRules"',
      },
    ],
  },
  {
    name: 'a container restartPolicyRules, new in 1.34, with the default (1.34) schema',
    doc: pod(podSpec({ containers: [container({ restartPolicyRules: [] })] })),
    expected: [],
  },
  {
    name: 'pod-level resources (1.32+) with the 1.34 schema',
    version: '1.34',
    doc: pod(podSpec({ resources: { limits: { cpu: '1' } } })),
    expected: [],
  },
]

describe('validateSchema reports', () => {
  it.each(FINDINGS)('$name', ({ kind, version, doc, expected }) => {
    expect(validateSchema(kind ?? 'Pod', doc, version)).toEqual(expected)
  })
})

describe('schemaKindOf', () => {
  it.each([
    { apiVersion: 'v1', kind: 'Pod', expected: 'Pod' },
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', expected: 'PersistentVolumeClaim' },
    { apiVersion: 'apps/v1', kind: 'Deployment', expected: 'Deployment' },
    { apiVersion: 'batch/v1', kind: 'CronJob', expected: 'CronJob' },
    { apiVersion: 'v1', kind: 'Deployment', expected: undefined },
    { apiVersion: 'apps/v1beta1', kind: 'Deployment', expected: undefined },
    { apiVersion: 'v1', kind: 'Service', expected: undefined },
    { apiVersion: 'toString', kind: 'Pod', expected: undefined },
    { apiVersion: 1, kind: 'Pod', expected: undefined },
    { apiVersion: 'v1', kind: undefined, expected: undefined },
  ])('$apiVersion $kind → $expected', ({ apiVersion, kind, expected }) => {
    expect(schemaKindOf(apiVersion, kind)).toBe(expected)
  })
})
