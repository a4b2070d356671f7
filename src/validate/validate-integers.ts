/**
 * Integer fields of a pod that reach a unit, checked against what reads them there, and against
 * the API server's own rules for them:
 *
 * - terminationGracePeriodSeconds → `--stop-timeout N` (Podman: an unsigned integer), `podman
 *   stop -t N` (the same) and `TimeoutStopSec=N+60`: systemd 252 refuses (and ignores the line)
 *   above 18446744073708 s, so N ≤ 18446744073648. Kubernetes (1.27+) takes a negative value as 1.
 * - liveness and startup probes → `--health-interval`, `--health-timeout`,
 *   `--health-start-period` (`Ns`, a Go duration: at most 9223372036 s) and `--health-retries`
 *   (unsigned). Each field is an int32 that the API server wants 0 or more; the start period adds
 *   up the startup probe's delay and failureThreshold × periodSeconds, which can overflow it.
 * - runAsUser, runAsGroup, fsGroup, supplementalGroups → `--user`, `--group-add`: the API server
 *   takes 0 to 2147483647 (IsValidUserID, IsValidGroupID).
 * - a probe's numeric port → the `curl`/`nc` command: 1 to 65535, as for container ports.
 * - resources.limits.cpu (a container's, or the pod's) → `--cpus`, a CFS quota per 100 ms
 *   period that Linux caps at 2^44 − 1 µs: above 175921860.444 CPUs the container fails to start
 *   (runc: "failed to write" cpu.max; measured with Podman 4.3.1 on Linux 6.18).
 */
import type {
  Container,
  PodSecurityContext,
  Probe,
  SecurityContext,
} from 'kubernetes-types/core/v1.js'
import { joinPointer } from '../diagnostics/pointer.js'
import type { PodContext } from './context.js'
import { exactInteger } from './integers.js'
import { ceilScaled, parseQuantity } from './quantity.js'

/** systemd 252 (`systemd-analyze timespan`): the longest time span it parses, in seconds. */
export const SYSTEMD_MAX_SECONDS = 18446744073708n
/** The `TimeoutStopSec=` of a container unit is the stop timeout plus this. */
const STOP_MARGIN = 60n
/** Go's time.Duration, which Podman parses `--health-*` into: its longest whole seconds. */
export const GO_DURATION_MAX_SECONDS = 9223372036n
const ID_MAX = 2147483647n
/** Linux's largest CFS quota (2^44 − 1 µs) over Podman's 100 ms period, in millicpus. */
export const CPU_MAX_MILLI = 175921860444n

const PROBE_FIELDS = [
  'initialDelaySeconds',
  'periodSeconds',
  'timeoutSeconds',
  'successThreshold',
  'failureThreshold',
] as const

export function validatePodIntegers(ctx: PodContext): void {
  const { pod } = ctx
  const spec = pod.spec
  const grace = spec.terminationGracePeriodSeconds
  const graceAt = joinPointer(pod.specPointer, 'terminationGracePeriodSeconds')
  if (grace !== undefined) {
    const seconds = exact(ctx, graceAt, grace)
    if (seconds < 0n) ctx.reporter.report('GRACE_PERIOD_NEGATIVE', graceAt, {})
    if (seconds + STOP_MARGIN > SYSTEMD_MAX_SECONDS) {
      ctx.reporter.report('INTEGER_UNIT_LIMIT', graceAt, {
        detail: `${seconds} seconds would make TimeoutStopSec=${seconds + STOP_MARGIN}, and systemd takes at most ${SYSTEMD_MAX_SECONDS} seconds (it would ignore the line); the limit is ${SYSTEMD_MAX_SECONDS - STOP_MARGIN}`,
      })
    }
  }
  checkIds(ctx, spec.securityContext, joinPointer(pod.specPointer, 'securityContext'))
  // Pod-level resources are Kubernetes 1.32+, not in the 1.30 types.
  const podResources = (spec as { resources?: Container['resources'] }).resources
  checkCpu(ctx, podResources?.limits?.['cpu'], joinPointer(pod.specPointer, 'resources'))
  const containers = [
    ...(spec.initContainers ?? []).map((c, i) => [c, 'initContainers', i] as const),
    ...spec.containers.map((c, i) => [c, 'containers', i] as const),
  ]
  for (const [container, list, index] of containers) {
    const at = joinPointer(pod.specPointer, list, index)
    checkIds(ctx, container.securityContext, joinPointer(at, 'securityContext'))
    checkProbes(ctx, container, at)
    checkCpu(ctx, container.resources?.limits?.['cpu'], joinPointer(at, 'resources'))
  }
}

function checkCpu(ctx: PodContext, cpu: string | number | undefined, pointer: string): void {
  const quantity = cpu === undefined ? undefined : parseQuantity(String(cpu))
  if (quantity === undefined) return // not set, or PU1230
  const milli = ceilScaled(quantity, 1000n)
  if (milli > CPU_MAX_MILLI) {
    ctx.reporter.report('INTEGER_UNIT_LIMIT', joinPointer(pointer, 'limits', 'cpu'), {
      detail: `cpu ${cpu} is a CFS quota of ${milli * 100n} µs per 100 ms period for --cpus, and Linux takes at most ${2n ** 44n - 1n} µs (175921860.444 CPUs): the container would not start`,
    })
  }
}

function exact(ctx: PodContext, pointer: string, value: number): bigint {
  const { document } = ctx.pod
  return exactInteger(document.exactIntegers, pointer.slice(document.base.length), value)
}

function checkIds(
  ctx: PodContext,
  security: SecurityContext | PodSecurityContext | undefined,
  pointer: string,
): void {
  if (security === undefined) return
  const check = (value: number | undefined, at: string, what: string) => {
    if (value === undefined) return
    const id = exact(ctx, at, value)
    if (id < 0n || id > ID_MAX) {
      ctx.reporter.report('INTEGER_OUT_OF_RANGE', at, {
        detail: `${id} is not a valid ${what} ID: the API server takes 0 to ${ID_MAX}`,
      })
    }
  }
  check(security.runAsUser, joinPointer(pointer, 'runAsUser'), 'user')
  check(security.runAsGroup, joinPointer(pointer, 'runAsGroup'), 'group')
  if ('fsGroup' in security) check(security.fsGroup, joinPointer(pointer, 'fsGroup'), 'group')
  if ('supplementalGroups' in security) {
    security.supplementalGroups?.forEach((gid, i) =>
      check(gid, joinPointer(pointer, 'supplementalGroups', i), 'group'),
    )
  }
}

function checkProbes(ctx: PodContext, container: Container, pointer: string): void {
  for (const name of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const probe = container[name]
    if (probe === undefined) continue
    const at = joinPointer(pointer, name)
    for (const field of PROBE_FIELDS) {
      const value = probe[field]
      if (value !== undefined && value < 0) {
        ctx.reporter.report('INTEGER_OUT_OF_RANGE', joinPointer(at, field), {
          detail: `${value} is negative: the API server takes 0 or more`,
        })
      }
    }
    checkProbePort(ctx, probe, at)
  }
  const startup = container.startupProbe
  if (startup === undefined || container.livenessProbe === undefined) return
  // As lower-probes.ts computes the start period of the liveness check.
  const positive = (value: number | undefined, fallback: bigint) =>
    value === undefined || value < 1 ? fallback : BigInt(value)
  const period =
    BigInt(Math.max(startup.initialDelaySeconds ?? 0, 0)) +
    positive(startup.failureThreshold, 3n) * positive(startup.periodSeconds, 10n)
  if (period > GO_DURATION_MAX_SECONDS) {
    ctx.reporter.report('INTEGER_UNIT_LIMIT', joinPointer(pointer, 'startupProbe'), {
      detail: `the startup probe may take ${period} seconds (initialDelaySeconds + failureThreshold × periodSeconds), which becomes --health-start-period; Podman reads at most ${GO_DURATION_MAX_SECONDS} seconds`,
    })
  }
}

function checkProbePort(ctx: PodContext, probe: Probe, pointer: string): void {
  const handlers = [
    ['httpGet', probe.httpGet?.port],
    ['tcpSocket', probe.tcpSocket?.port],
    ['grpc', probe.grpc?.port],
  ] as const
  for (const [handler, port] of handlers) {
    if (typeof port === 'number' && (port < 1 || port > 65535)) {
      ctx.reporter.report('PORT_RANGE', joinPointer(pointer, handler, 'port'), {
        value: String(port),
      })
    }
  }
}
