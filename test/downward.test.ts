/**
 * The downward API through convert(): the files of downwardAPI and projected volumes (names,
 * modes, Kubernetes' formats), and fieldRef/resourceFieldRef env values. Refusals, with their
 * positions, are in the invalid corpus (test/invalid/field-ref-*.yaml, volume-projected.yaml,
 * resource-container-unknown.yaml).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { convert } from '../src/index.js'
import { goQuote } from '../src/lower/lower-downward.js'
import { ROOT } from './support/golden-cases.js'

function files(text: string): Record<string, string> {
  const result = convert({ path: 'pod.yaml', text })
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  return Object.fromEntries(
    result.dataFiles.map((f) => [
      `${f.path} ${f.mode.toString(8).padStart(4, '0')}`,
      Buffer.from(f.content).toString('utf8'),
    ]),
  )
}

/** `--env` values of the one container of the input. */
function env(text: string): Record<string, string> {
  const result = convert({ path: 'pod.yaml', text })
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  const unit = result.units.find((u) => u.fileName.startsWith('container-'))?.content ?? ''
  return Object.fromEntries(
    [...unit.matchAll(/--env ([A-Z_]+)=(\S*)/g)].map((m) => [m[1] ?? '', m[2] ?? '']),
  )
}

const pod = (spec: string, metadata = '') => `apiVersion: v1
kind: Pod
metadata:
  name: web
${metadata}spec:
${spec}`

describe('downwardAPI and projected volumes', () => {
  it('write the files of the golden case with their names, modes and contents', () => {
    const text = readFileSync(join(ROOT, 'test/golden/downward-projected/input.yaml'), 'utf8')
    expect(files(text)).toEqual({
      'dapi/downward/podinfo/name 0644': 'dapi',
      'dapi/downward/podinfo/namespace 0644': 'shop',
      'dapi/downward/podinfo/labels 0644': 'app="shop"\ntier="front"',
      'dapi/downward/podinfo/annotations 0644': 'owner="team\\\\blue"',
      'dapi/downward/podinfo/limits/cpu 0400': '500',
      'dapi/projected/bundle/site.conf 0440': 'listen 8080;\n',
      'dapi/projected/bundle/tier 0440': 'front',
      // A projected volume with a Secret source is written by the Secret rules.
      'dapi/secrets/credentials/token 0600': 'not-in-units',
      'dapi/secrets/credentials/conf/site.conf 0600': 'listen 8080;\n',
    })
  })

  it('sort labels by key in byte order and quote values as Go does', () => {
    const text = pod(
      `  volumes:
    - name: info
      downwardAPI:
        defaultMode: 0444
        items:
          - {path: labels, fieldRef: {fieldPath: metadata.labels}}
          - {path: annotations, fieldRef: {fieldPath: metadata.annotations}}
          - {path: none, fieldRef: {fieldPath: "metadata.labels['absent']"}}
  containers:
    - name: web
      image: nginx:1.27
      volumeMounts: [{name: info, mountPath: /etc/info}]
`,
      `  labels: {b: "2", B: "1", a.b: "3", a: "4"}
  annotations:
    text: "tab\\there\\nnew \\\\ line \\"q\\" é\\u00a0\\u200b😀"
    empty: ""
`,
    )
    expect(files(text)).toEqual({
      'web/downward/info/labels 0444': 'B="1"\na="4"\na.b="3"\nb="2"',
      'web/downward/info/annotations 0444':
        'empty=""\ntext="tab\\there\\nnew \\\\ line \\"q\\" é\\u00a0\\u200b😀"',
      'web/downward/info/none 0444': '',
    })
  })

  it('take a workload pod labels and annotations from its template, its namespace from itself', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {owner: deployment}
  annotations: {note: deployment}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
      annotations: {note: template}
    spec:
      volumes:
        - name: info
          downwardAPI:
            items:
              - {path: name, fieldRef: {fieldPath: metadata.name}}
              - {path: ns, fieldRef: {fieldPath: metadata.namespace}}
              - {path: labels, fieldRef: {fieldPath: metadata.labels}}
              - {path: annotations, fieldRef: {fieldPath: metadata.annotations}}
      containers:
        - name: web
          image: nginx:1.27
          volumeMounts: [{name: info, mountPath: /etc/info}]
`
    expect(files(text)).toEqual({
      'web-pod/downward/info/name 0644': 'web-pod',
      'web-pod/downward/info/ns 0644': 'shop',
      'web-pod/downward/info/labels 0644': 'app="web"',
      'web-pod/downward/info/annotations 0644': 'note="template"',
    })
  })

  it('round resources up, with the divisor, as the kubelet does', () => {
    const text = pod(`  volumes:
    - name: info
      downwardAPI:
        items:
          - {path: cpu, resourceFieldRef: {containerName: web, resource: limits.cpu}}
          - {path: cpu-m, resourceFieldRef: {containerName: web, resource: limits.cpu, divisor: 1m}}
          - {path: mem, resourceFieldRef: {containerName: web, resource: limits.memory, divisor: 1Mi}}
          - {path: mem-k, resourceFieldRef: {containerName: web, resource: requests.memory, divisor: 1k}}
          - {path: disk, resourceFieldRef: {containerName: web, resource: limits.ephemeral-storage, divisor: 1Gi}}
          - {path: pages, resourceFieldRef: {containerName: web, resource: requests.hugepages-2Mi}}
          - {path: other, resourceFieldRef: {containerName: init, resource: requests.cpu}}
  initContainers:
    - name: init
      image: nginx:1.27
  containers:
    - name: web
      image: nginx:1.27
      resources:
        limits: {cpu: 250m, memory: 100M, ephemeral-storage: 1.5Gi, hugepages-2Mi: 4Mi}
        requests: {memory: 1001}
      volumeMounts: [{name: info, mountPath: /etc/info}]
`)
    expect(files(text)).toEqual({
      'web/downward/info/cpu 0644': '1',
      'web/downward/info/cpu-m 0644': '250',
      'web/downward/info/mem 0644': '96',
      'web/downward/info/mem-k 0644': '2',
      'web/downward/info/disk 0644': '2',
      'web/downward/info/pages 0644': '4194304',
      'web/downward/info/other 0644': '0',
    })
  })

  it('skip an optional source that is absent, and a volume left with no files', () => {
    const text = pod(`  volumes:
    - name: some
      projected:
        sources:
          - configMap: {name: absent, optional: true}
          - downwardAPI: {items: [{path: name, fieldRef: {fieldPath: metadata.name}}]}
    - name: none
      projected:
        sources:
          - secret: {name: absent, optional: true}
  containers:
    - name: web
      image: nginx:1.27
      volumeMounts:
        - {name: some, mountPath: /some}
        - {name: none, mountPath: /none}
`)
    const result = convert({ path: 'pod.yaml', text })
    expect(result.dataFiles.map((f) => f.path)).toEqual(['web/projected/some/name'])
    const unit = result.units.find((u) => u.fileName === 'container-web-web.service')?.content
    expect(unit).toContain('-v /etc/podunit/web/projected/some:/some:ro')
    expect(unit).not.toContain('/none')
  })

  it('give a Secret volume to a container of another user with the U option', () => {
    const text = `apiVersion: v1
kind: Secret
metadata: {name: s}
stringData: {k: v}
---
${pod(`  securityContext: {runAsUser: 1000}
  volumes:
    - name: both
      projected: {sources: [{secret: {name: s}}]}
  containers:
    - name: web
      image: nginx:1.27
      volumeMounts: [{name: both, mountPath: /both, subPath: k}]
`)}`
    const unit = convert({ path: 'pod.yaml', text }).units.find(
      (u) => u.fileName === 'container-web-web.service',
    )?.content
    expect(unit).toContain('-v /etc/podunit/web/secrets/both/k:/both:ro,U')
  })
})

describe('fieldRef and resourceFieldRef env values', () => {
  it('have the values Kubernetes gives, for every path known when converting', () => {
    const text = pod(
      `  serviceAccount: legacy
  containers:
    - name: web
      image: nginx:1.27
      resources: {limits: {cpu: "2", memory: 1Gi}, requests: {cpu: 100m}}
      env:
        - {name: NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
        - {name: NS, valueFrom: {fieldRef: {apiVersion: v1, fieldPath: metadata.namespace}}}
        - {name: SA, valueFrom: {fieldRef: {fieldPath: spec.serviceAccountName}}}
        - {name: APP, valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}}
        - {name: NOTE, valueFrom: {fieldRef: {fieldPath: "metadata.annotations['note']"}}}
        - {name: CPU, valueFrom: {resourceFieldRef: {resource: limits.cpu}}}
        - {name: CPU_REQ_M, valueFrom: {resourceFieldRef: {resource: requests.cpu, divisor: 1m}}}
        - {name: MEM_REQ, valueFrom: {resourceFieldRef: {resource: requests.memory, divisor: 1Mi}}}
        - {name: DISK_REQ, valueFrom: {resourceFieldRef: {resource: requests.ephemeral-storage}}}
        - {name: SIDE_CPU, valueFrom: {resourceFieldRef: {containerName: side, resource: limits.cpu, divisor: 1m}}}
    - name: side
      image: nginx:1.27
      resources: {limits: {cpu: 1500m}}
`,
      `  labels: {app: shop}
  annotations: {note: hello}
`,
    )
    expect(env(text)).toEqual({
      NAME: 'web',
      NS: 'default',
      SA: 'legacy',
      APP: 'shop',
      NOTE: 'hello',
      CPU: '2',
      CPU_REQ_M: '100',
      MEM_REQ: '1024', // no request: the limit, as the API server defaults it
      DISK_REQ: '0', // neither: 0
      SIDE_CPU: '1500',
    })
  })

  it('give an Indexed Job index 0, unless the container defines JOB_COMPLETION_INDEX', () => {
    const job = (env: string) => `apiVersion: batch/v1
kind: Job
metadata: {name: shard}
spec:
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: work
          image: nginx:1.27
${env}`
    expect(env(job(''))).toEqual({ JOB_COMPLETION_INDEX: '0' })
    expect(env(job('          env: [{name: JOB_COMPLETION_INDEX, value: "7"}]\n'))).toEqual({
      JOB_COMPLETION_INDEX: '7',
    })
  })
})

describe("Go's %q, as the kubelet writes label and annotation values", () => {
  it.each([
    { value: 'plain', quoted: '"plain"' },
    { value: 'a"b\\c', quoted: '"a\\"b\\\\c"' },
    { value: '\x07\b\f\n\r\t\v', quoted: '"\\a\\b\\f\\n\\r\\t\\v"' },
    { value: '\x00\x1f\x7f', quoted: '"\\x00\\x1f\\x7f"' },
    { value: 'é ü 中 😀', quoted: '"é ü 中 😀"' },
    { value: '\u00a0\u200b\ufeff', quoted: '"\\u00a0\\u200b\\ufeff"' },
    { value: '\u{e0001}\u{10ffff}', quoted: '"\\U000e0001\\U0010ffff"' },
  ])('$quoted', ({ value, quoted }) => {
    expect(goQuote(value)).toBe(quoted)
  })
})
