/**
 * Integers as the API server, Podman and systemd take them, through the public API: every integer
 * against its schema format (int32, int64) exactly, also beyond 2^53 where a JavaScript number
 * is not exact; and every integer field that reaches a unit against what reads it there.
 */
import { describe, expect, it } from 'vitest'
import { convert, validate } from '../src/index.js'

/** A Pod whose spec holds `spec` (YAML lines at 2 spaces) and one container with `container`. */
function pod(spec: string, container = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
${spec}
  containers:
    - name: a
      image: busybox
${container}`
}

/** `line:column severity id pointer: message` of every diagnostic. */
function findings(text: string): string[] {
  return validate({ path: 'p.yaml', text }).diagnostics.map(
    (d) => `${d.line}:${d.column} ${d.severity} ${d.id} ${d.pointer}: ${d.message}`,
  )
}

const INT64 = '(-9223372036854775808 to 9223372036854775807)'
const INT32 = '(-2147483648 to 2147483647)'

describe('an integer against its schema format, exactly', () => {
  it.each([
    {
      name: 'int64 at its maximum: valid, and not rounded',
      spec: '  activeDeadlineSeconds: 9223372036854775807',
      expected: [
        '6:3 warning PU3001 /spec/activeDeadlineSeconds: is not supported by Podman and is ignored',
      ],
    },
    {
      name: 'int64 one beyond (the same JavaScript number as the maximum)',
      spec: '  activeDeadlineSeconds: 9223372036854775808',
      expected: [
        `6:26 error PU1300 /spec/activeDeadlineSeconds: 9223372036854775808 is beyond the 64-bit integers that the API server takes ${INT64}`,
      ],
    },
    {
      name: 'int64 at its minimum',
      spec: '  activeDeadlineSeconds: -9223372036854775808',
      expected: [
        '6:3 warning PU3001 /spec/activeDeadlineSeconds: is not supported by Podman and is ignored',
      ],
    },
    {
      name: 'int64 below its minimum',
      spec: '  activeDeadlineSeconds: -9223372036854775809',
      expected: [
        `6:26 error PU1300 /spec/activeDeadlineSeconds: -9223372036854775809 is beyond the 64-bit integers that the API server takes ${INT64}`,
      ],
    },
    {
      name: 'beyond uint64, as in the issue',
      spec: '  terminationGracePeriodSeconds: 99999999999999999999',
      expected: [
        `6:34 error PU1300 /spec/terminationGracePeriodSeconds: 99999999999999999999 is beyond the 64-bit integers that the API server takes ${INT64}`,
      ],
    },
    {
      name: 'a float that go-yaml writes as a 21-digit JSON integer',
      spec: '  activeDeadlineSeconds: 1e20',
      expected: [
        `6:26 error PU1300 /spec/activeDeadlineSeconds: 100000000000000000000 is beyond the 64-bit integers that the API server takes ${INT64}`,
      ],
    },
    {
      name: 'hexadecimal beyond int64',
      spec: '  activeDeadlineSeconds: 0x8000000000000000',
      expected: [
        `6:26 error PU1300 /spec/activeDeadlineSeconds: 9223372036854775808 is beyond the 64-bit integers that the API server takes ${INT64}`,
      ],
    },
    {
      name: 'int32 beyond 2^53, shown exactly',
      spec: '',
      container: '      ports: [{containerPort: 9007199254740993}]',
      expected: [
        '10:31 error PU1005 /spec/containers/0/ports/0/containerPort: must be a 32-bit integer, got 9007199254740993',
      ],
    },
    {
      name: 'an int-or-string port beyond int32',
      spec: '',
      container: '      livenessProbe: {tcpSocket: {port: 2147483648}}',
      expected: [
        `10:41 error PU1300 /spec/containers/0/livenessProbe/tcpSocket/port: 2147483648 is beyond the 32-bit integers that the API server takes ${INT32}`,
      ],
    },
  ])('$name', ({ spec, container, expected }) => {
    expect(findings(pod(spec, container))).toEqual(expected)
  })

  it('keeps the exact value of a List item, at its own pointer', () => {
    const text = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      activeDeadlineSeconds: 9223372036854775809
      containers: [{name: a, image: busybox}]
`
    expect(findings(text)).toEqual([
      `8:30 error PU1300 /items/0/spec/activeDeadlineSeconds: 9223372036854775809 is beyond the 64-bit integers that the API server takes ${INT64}`,
    ])
  })

  it('carries a quantity beyond 2^53 exactly into the unit', () => {
    const text = pod(
      '',
      '      resources: {limits: {memory: 9007199254740993}, requests: {memory: "9007199254740995"}}',
    )
    const result = convert({ path: 'p.yaml', text })
    expect(result.diagnostics).toEqual([])
    expect(result.units[1]?.content).toContain(
      '\t--memory 9007199254740993 \\\n\t--memory-reservation 9007199254740995 docker.io/library/busybox:latest\n',
    )
  })
})

describe('an integer that reaches a unit, against what reads it', () => {
  const stop = (seconds: string) => pod(`  terminationGracePeriodSeconds: ${seconds}`)

  it('terminationGracePeriodSeconds up to 18446744073648 (TimeoutStopSec= +60, systemd)', () => {
    const result = convert({ path: 'p.yaml', text: stop('18446744073648') })
    expect(result.diagnostics).toEqual([])
    expect(result.units[1]?.content).toContain('TimeoutStopSec=18446744073708\n')
    expect(result.units[1]?.content).toContain(
      '\t--stop-timeout 18446744073648 docker.io/library/busybox:latest\n',
    )
    expect(findings(stop('18446744073649'))).toEqual([
      '6:34 error PU1301 /spec/terminationGracePeriodSeconds: 18446744073649 seconds would make TimeoutStopSec=18446744073709, and systemd takes at most 18446744073708 seconds (it would ignore the line); the limit is 18446744073648',
    ])
  })

  it('terminationGracePeriodSeconds at the int64 maximum: valid to Kubernetes, not to systemd', () => {
    expect(findings(stop('9223372036854775807'))).toEqual([
      '6:34 error PU1301 /spec/terminationGracePeriodSeconds: 9223372036854775807 seconds would make TimeoutStopSec=9223372036854775867, and systemd takes at most 18446744073708 seconds (it would ignore the line); the limit is 18446744073648',
    ])
  })

  it('a negative terminationGracePeriodSeconds is 1 second, as in Kubernetes, with a warning', () => {
    const result = convert({ path: 'p.yaml', text: stop('-5') })
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.id} ${d.pointer}`)).toEqual([
      '6:34 PU4300 /spec/terminationGracePeriodSeconds',
    ])
    expect(result.units[1]?.content).toContain(
      '\t--stop-timeout 1 docker.io/library/busybox:latest\n',
    )
    expect(result.units[1]?.content).toContain('TimeoutStopSec=61\n')
  })

  it.each([
    { field: 'runAsUser', value: '2147483647', ok: true },
    { field: 'runAsUser', value: '2147483648', ok: false, what: 'user' },
    { field: 'runAsUser', value: '-1', ok: false, what: 'user' },
    { field: 'runAsGroup', value: '4294967295', ok: false, what: 'group' },
    { field: 'runAsGroup', value: '9223372036854775807', ok: false, what: 'group' },
  ])('container securityContext.$field: $value', ({ field, value, ok, what }) => {
    const text = pod('', `      securityContext: {${field}: ${value}}`)
    expect(findings(text)).toEqual(
      ok
        ? []
        : [
            `10:${27 + field.length} error PU1300 /spec/containers/0/securityContext/${field}: ${value} is not a valid ${what} ID: the API server takes 0 to 2147483647`,
          ],
    )
  })

  it('pod securityContext: runAsUser, runAsGroup, fsGroup and supplementalGroups', () => {
    const text = pod(
      '  securityContext: {runAsUser: 2147483648, runAsGroup: -2, supplementalGroups: [0, 2147483648]}',
    )
    expect(findings(text)).toEqual([
      '6:32 error PU1300 /spec/securityContext/runAsUser: 2147483648 is not a valid user ID: the API server takes 0 to 2147483647',
      '6:56 error PU1300 /spec/securityContext/runAsGroup: -2 is not a valid group ID: the API server takes 0 to 2147483647',
      '6:84 error PU1300 /spec/securityContext/supplementalGroups/1: 2147483648 is not a valid group ID: the API server takes 0 to 2147483647',
    ])
    expect(findings(pod('  securityContext: {fsGroup: 2147483648}'))).toEqual([
      '6:21 warning PU3001 /spec/securityContext/fsGroup: is not supported by Podman and is ignored',
      '6:30 error PU1300 /spec/securityContext/fsGroup: 2147483648 is not a valid group ID: the API server takes 0 to 2147483647',
    ])
  })

  it.each([
    'initialDelaySeconds',
    'periodSeconds',
    'timeoutSeconds',
    'successThreshold',
    'failureThreshold',
  ])('a negative probe %s', (field) => {
    const text = pod('', `      livenessProbe: {exec: {command: ["true"]}, ${field}: -1}`)
    const at = `10:${52 + field.length}`
    expect(findings(text)).toEqual([
      `${at} error PU1300 /spec/containers/0/livenessProbe/${field}: -1 is negative: the API server takes 0 or more`,
      // A liveness probe's successThreshold must be 1 besides (API server validation).
      ...(field === 'successThreshold'
        ? [
            `${at} error PU1454 /spec/containers/0/livenessProbe/successThreshold: successThreshold is -1, but a liveness or startup probe must have 1`,
          ]
        : []),
    ])
  })

  it.each([
    { handler: 'httpGet', port: '0' },
    { handler: 'tcpSocket', port: '65536' },
    { handler: 'grpc', port: '70000' },
  ])('a probe $handler port $port', ({ handler, port }) => {
    const text = pod('', `      livenessProbe: {${handler}: {port: ${port}}}`)
    expect(findings(text)).toEqual([
      // Podman has no gRPC health checks.
      ...(handler === 'grpc'
        ? [
            '10:23 warning PU3001 /spec/containers/0/livenessProbe/grpc: is not supported by Podman and is ignored',
          ]
        : []),
      `10:${32 + handler.length} error PU1203 /spec/containers/0/livenessProbe/${handler}/port: ${port} is not a valid port (1-65535)`,
    ])
  })

  it('limits.cpu up to 175921860.444 CPUs (Linux caps the CFS quota at 2^44 - 1 µs)', () => {
    const cpu = (value: string) => pod('', `      resources: {limits: {cpu: ${value}}}`)
    const result = convert({ path: 'p.yaml', text: cpu('"175921860444m"') })
    expect(result.diagnostics).toEqual([])
    expect(result.units[1]?.content).toContain(
      '\t--cpus 175921860.444 docker.io/library/busybox:latest\n',
    )
    expect(findings(cpu('"175921860445m"'))).toEqual([
      '10:33 error PU1301 /spec/containers/0/resources/limits/cpu: cpu 175921860445m is a CFS quota of 17592186044500 µs per 100 ms period for --cpus, and Linux takes at most 17592186044415 µs (175921860.444 CPUs): the container would not start',
    ])
  })

  it('the start period (startup initialDelay + failureThreshold × period) within a Go duration', () => {
    const probes = (threshold: string) =>
      pod(
        '',
        `      livenessProbe: {exec: {command: ["true"]}}
      startupProbe: {exec: {command: ["true"]}, failureThreshold: ${threshold}, periodSeconds: 2147483647}`,
      )
    const warning =
      "11:7 warning PU4004 /spec/containers/0/startupProbe: Podman 4.3 has no startup health checks: the probe's time to succeed becomes the liveness check's start period"
    // The startup probe's own command has no Podman counterpart (only its timing is used).
    const ignored =
      '11:22 warning PU3001 /spec/containers/0/startupProbe/exec: is not supported by Podman and is ignored'
    expect(findings(probes('4'))).toEqual([warning, ignored])
    expect(convert({ path: 'p.yaml', text: probes('4') }).units[1]?.content).toContain(
      '--health-start-period 8589934588s',
    )
    expect(findings(probes('5'))).toEqual([
      warning,
      '11:21 error PU1301 /spec/containers/0/startupProbe: the startup probe may take 10737418235 seconds (initialDelaySeconds + failureThreshold × periodSeconds), which becomes --health-start-period; Podman reads at most 9223372036 seconds',
      ignored,
    ])
  })
})
