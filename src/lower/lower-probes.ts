/**
 * livenessProbe → Podman health check, with Kubernetes' defaults (period 10 s, timeout 1 s,
 * failure threshold 3) and, when the pod restarts its containers, `--health-on-failure restart`:
 * a failing liveness probe restarts the container, as the kubelet does.
 *
 * An exec probe's argv is run as it is, without a shell, as the kubelet runs it (images without
 * `/bin/sh` are common): Podman's exec form of `--health-cmd`. Only an argv that form cannot carry
 * (validation warns, PU4400) is quoted for `/bin/sh -c`, which keeps its meaning where the image
 * has a shell. httpGet and tcpSocket probes become the `curl` and `nc` commands that
 * `podman kube play` runs. Podman 4.3 has no startup probes: a startup probe becomes the start
 * period of the liveness check; without a liveness probe there is nothing to hold back.
 */
import type { Container, Probe } from 'kubernetes-types/core/v1.js'
import type { HealthCheck, HealthCommand, RestartPolicy } from '../model/pod-model.js'
import { execFormFits } from '../validate/health-command.js'

export function lowerLivenessProbe(
  container: Container,
  restart: RestartPolicy,
): HealthCheck | undefined {
  const probe = container.livenessProbe
  if (probe === undefined) return undefined
  const command = probeCommand(probe, container)
  if (command === undefined) return undefined
  return {
    command,
    interval: `${positiveOr(probe.periodSeconds, 10)}s`,
    retries: positiveOr(probe.failureThreshold, 3),
    timeout: `${positiveOr(probe.timeoutSeconds, 1)}s`,
    startPeriod: `${startPeriod(probe, container.startupProbe)}s`,
    ...(restart === 'no' ? {} : { onFailure: 'restart' as const }),
  }
}

/**
 * Seconds during which failures do not count: the liveness probe's initial delay, or, when a
 * startup probe holds the liveness probe back, the longest the startup probe may take
 * (initialDelaySeconds + failureThreshold × periodSeconds), whichever is longer.
 */
function startPeriod(liveness: Probe, startup: Probe | undefined): number {
  const delay = Math.max(liveness.initialDelaySeconds ?? 0, 0)
  if (startup === undefined) return delay
  const limit =
    Math.max(startup.initialDelaySeconds ?? 0, 0) +
    positiveOr(startup.failureThreshold, 3) * positiveOr(startup.periodSeconds, 10)
  return Math.max(delay, limit)
}

function positiveOr(value: number | undefined, fallback: number): number {
  return value === undefined || value < 1 ? fallback : value
}

function probeCommand(probe: Probe, container: Container): HealthCommand | undefined {
  const argv = probe.exec?.command ?? []
  if (argv.length > 0) {
    return execFormFits(argv)
      ? { kind: 'exec', argv }
      : { kind: 'shell', command: argv.map(shellQuote).join(' ') }
  }
  if (probe.httpGet !== undefined) {
    const { scheme = 'HTTP', host = 'localhost', path = '/' } = probe.httpGet
    const port = resolvePort(probe.httpGet.port, container)
    // The kubelet sends httpHeaders with the request (kube play drops them); a Host header
    // replaces the host.
    const headers = (probe.httpGet.httpHeaders ?? []).flatMap((h) => [
      '-H',
      // curl sends `Name;` as an empty header; `Name:` would remove it.
      shellQuote(h.value === '' ? `${h.name};` : `${h.name}: ${h.value}`),
    ])
    const url = shellQuote(`${scheme.toLowerCase()}://${host}:${port}${path}`)
    return { kind: 'shell', command: ['curl', '-f', ...headers, url, '||', 'exit', '1'].join(' ') }
  }
  if (probe.tcpSocket !== undefined) {
    const port = resolvePort(probe.tcpSocket.port, container)
    const host = shellQuote(probe.tcpSocket.host ?? 'localhost')
    return { kind: 'shell', command: `nc -z -v ${host} ${port} || exit 1` }
  }
  return undefined
}

/** A named port is looked up in the container's ports (validation reports unknown names). */
export function resolvePort(port: string | number, container: Container): string {
  if (typeof port === 'number' || /^\d+$/.test(port)) return String(port)
  const named = (container.ports ?? []).find((p) => p.name === port)
  return String(named?.containerPort ?? port)
}

const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/

/** POSIX shell quoting: the word as it is when it is safe, otherwise in single quotes. */
export function shellQuote(word: string): string {
  if (SHELL_SAFE.test(word)) return word
  return `'${word.replaceAll("'", `'\\''`)}'`
}
