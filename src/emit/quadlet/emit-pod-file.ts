/**
 * The pod model → `<pod>.pod`. Quadlet 5.4's `[Pod]` keys where they exist; the pod's host name,
 * labels, sysctls, shared namespaces and infra name have none in 5.4 and go to `PodmanArgs=`.
 * Quadlet writes `Restart=on-failure` into the pod's unit whatever the file says, so podunit
 * writes no `Restart=` here (each container's is in its `.container`).
 */
import type { PodModel } from '../../model/pod-model.js'
import type { GenerateOptions } from '../systemd/generate-options.js'
import { DEFAULT_STOP_TIMEOUT } from '../systemd/generate-options.js'
import { formatPort } from '../podman-cmdline.js'
import type { QuadletProblem } from './quadlet-keys.js'
import { QuadletKeys } from './quadlet-keys.js'
import type { QuadletFile } from './quadlet-file.js'
import { fixed } from './quadlet-file.js'

/** `podman pod stop --time=10`: Quadlet 5.4 has no key for the pod's own stop timeout. */
const QUADLET_POD_STOP_TIME = DEFAULT_STOP_TIMEOUT

export function podFileName(pod: PodModel): string {
  return `${pod.name}.pod`
}

export function emitPodFile(
  pod: PodModel,
  options: GenerateOptions,
  header: (fileName: string) => string[],
): { file: QuadletFile; problems: QuadletProblem[] } {
  const keys = new QuadletKeys(pod.source.pointer)
    .fixed('PodName', pod.name)
    // Quadlet names the unit `<file>-pod` unless told otherwise (ServiceName=, Podman 5.3+).
    .fixed('ServiceName', pod.serviceName === `${pod.name}-pod` ? undefined : pod.serviceName)
    .raw('PublishPort', pod.ports.map(formatPort), 'lines', '--publish')
    .raw(
      'AddHost',
      pod.hostAliases.map((a) => `${a.hostname}:${a.ip}`),
      'lines',
      '--add-host',
    )
    .raw('DNS', pod.dns.nameservers, 'lines', '--dns')
    .raw('DNSSearch', pod.dns.searches, 'lines', '--dns-search')
    .raw('DNSOption', pod.dns.options, 'lines', '--dns-option')
    .fixed('Network', pod.hostNetwork ? 'host' : undefined)
    .raw('UserNS', pod.userns === undefined ? [] : [pod.userns], 'single', '--userns')
  if (pod.infraName !== undefined) keys.args('--infra-name', pod.infraName)
  if (pod.hostname !== undefined) keys.args('--hostname', pod.hostname)
  for (const label of pod.labels) keys.args('--label', `${label.key}=${label.value}`)
  for (const sysctl of pod.sysctls) keys.args('--sysctl', `${sysctl.key}=${sysctl.value}`)
  keys.argsIf(pod.sharePid, '--share', 'ipc,net,uts,pid').argsIf(pod.hostPid, '--pid', 'host')
  // The host's UTS namespace: checked with Quadlet 5.4.2, the pod's containers get the host's.
  keys.argsIf(pod.hostUts, '--uts', 'host')
  if (pod.resources.cpus !== undefined) keys.args('--cpus', pod.resources.cpus)
  if (pod.resources.memory !== undefined) keys.args('--memory', String(pod.resources.memory))
  const { entries, problems } = keys.finish()
  const fileName = podFileName(pod)
  const service = [
    { key: 'TimeoutStopSec', value: fixed(String(60 + QUADLET_POD_STOP_TIME)) },
    ...(options.restartSec
      ? [{ key: 'RestartSec', value: fixed(String(options.restartSec)) }]
      : []),
  ]
  return {
    file: {
      fileName,
      header: header(fileName),
      groups: [
        { name: 'Pod', entries },
        { name: 'Service', entries: service },
        { name: 'Install', entries: [{ key: 'WantedBy', value: fixed('default.target') }] },
      ],
    },
    problems,
  }
}
