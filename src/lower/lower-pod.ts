/** Stage 3: a validated pod (a Pod, or a workload's template) → the pod model. */
import type { PodSpec, ResourceRequirements } from 'kubernetes-types/core/v1.js'
import type { Reporter } from '../diagnostics/reporter.js'
import type {
  DataFile,
  KeyValue,
  PodModel,
  PortMapping,
  RestartPolicy,
} from '../model/pod-model.js'
import type { Inventory, PodSource } from '../parse/pod-sources.js'
import { containerPointer, lowerContainer, lowerPodResources } from './lower-container.js'
import type { ContainerContext } from './lower-container.js'
import { lowerJob } from './lower-job.js'
import type { NamingOptions } from './naming.js'
import { podServiceName } from './naming.js'

export interface LowerOptions {
  readonly naming: NamingOptions
  /** Where data files are on the host at run time. @default '/etc/podunit' */
  readonly dataDir: string
}

export function lowerPod(
  pod: PodSource,
  inventory: Inventory,
  reporter: Reporter,
  options: LowerOptions,
): PodModel {
  const spec = pod.spec
  const labels = entries(pod.metadata.labels)
  const hostNetwork = spec.hostNetwork === true
  const ctx: Omit<ContainerContext, 'earlier'> = {
    pod,
    inventory,
    reporter,
    naming: options.naming,
    labels,
    annotations: entries(pod.annotations),
    restart: restartPolicy(spec.restartPolicy),
    ...(spec.terminationGracePeriodSeconds === undefined
      ? {}
      : // Kubernetes 1.27+ takes a negative grace period as 1 second (warning PU4300).
        { stopTimeout: Math.max(spec.terminationGracePeriodSeconds, 1) }),
    podSecurity: spec.securityContext ?? {},
    hostIpc: spec.hostIPC === true,
    hostPid: spec.hostPID === true,
    podName: pod.podName,
    volumes: new Map([
      ...(spec.volumes ?? []).map((v) => [v.name, v] as const),
      // A claim template is mounted as a persistentVolumeClaim of the claim Kubernetes would
      // make for replica 0, and replaces a pod volume of its name (validation warns).
      ...pod.claimTemplates.map(
        (t) =>
          [t.name, { name: t.name, persistentVolumeClaim: { claimName: t.volumeName } }] as const,
      ),
    ]),
    dataDir: options.dataDir,
    dataFiles: [],
  }
  const all = [...(spec.initContainers ?? []), ...spec.containers].map((c) => c.name)
  const at = (index: number) => ({ ...ctx, earlier: all.slice(0, index) })
  const initCount = spec.initContainers?.length ?? 0
  const initContainers = (spec.initContainers ?? []).map((c, i) =>
    lowerContainer(c, containerPointer(pod.specPointer, 'initContainers', i), at(i), true),
  )
  const containers = spec.containers.map((c, i) =>
    lowerContainer(c, containerPointer(pod.specPointer, 'containers', i), at(initCount + i), false),
  )
  // Kubernetes 1.34's hostnameOverride wins over hostname (newer than kubernetes-types).
  const override = (spec as { hostnameOverride?: string }).hostnameOverride
  const hostname = hostNetwork ? undefined : (override ?? spec.hostname ?? pod.podName)
  return {
    name: pod.podName,
    serviceName: podServiceName(options.naming, pod.podName),
    ...(hostname === undefined ? {} : { hostname }),
    labels,
    ports: ports(spec),
    hostAliases: (spec.hostAliases ?? []).flatMap((alias) =>
      (alias.hostnames ?? []).map((hostname) => ({ hostname, ip: alias.ip ?? '' })),
    ),
    dns: {
      nameservers: spec.dnsConfig?.nameservers ?? [],
      searches: spec.dnsConfig?.searches ?? [],
      options: (spec.dnsConfig?.options ?? []).map((o) =>
        o.value === undefined ? (o.name ?? '') : `${o.name ?? ''}:${o.value}`,
      ),
    },
    sysctls: (spec.securityContext?.sysctls ?? []).map((s) => ({ key: s.name, value: s.value })),
    hostNetwork,
    hostUts: hostNetwork,
    sharePid: spec.shareProcessNamespace === true,
    hostPid: spec.hostPID === true,
    ...optional('userns', usernsOf(pod)),
    ...optional('infraName', pod.metadata.annotations?.['io.podman.annotations.infra.name']),
    resources: lowerPodResources((spec as { resources?: ResourceRequirements }).resources),
    initContainers,
    containers,
    dataFiles: uniqueByPath(ctx.dataFiles),
    ...lowerJob(pod),
    source: { file: pod.document.file, pointer: pod.document.base },
  }
}

/** A volume mounted by several containers is written once. */
function uniqueByPath(files: readonly DataFile[]): DataFile[] {
  return [...new Map(files.map((f) => [f.path, f])).values()]
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string }
}

function entries(map: Readonly<Record<string, string>> | undefined): KeyValue[] {
  return Object.entries(map ?? {}).map(([key, value]) => ({ key, value }))
}

/** Kubernetes' restartPolicy as Podman's, the way `podman kube play` maps it (default Always). */
function restartPolicy(policy: string | undefined): RestartPolicy {
  if (policy === 'OnFailure') return 'on-failure'
  if (policy === 'Never') return 'no'
  return 'always'
}

function usernsOf(pod: PodSource): string | undefined {
  const annotation =
    pod.annotations['io.podman.annotations.userns'] ??
    pod.annotations[`io.podman.annotations.userns/${pod.podName}`]
  if (annotation !== undefined) return annotation === 'private' ? 'auto' : annotation
  return pod.spec.hostUsers === false ? 'auto' : undefined
}

/** Published ports: every container port with a hostPort (`containerPort` defaults to it). */
function ports(spec: PodSpec): PortMapping[] {
  const out: PortMapping[] = []
  for (const container of spec.containers) {
    for (const port of container.ports ?? []) {
      if (port.hostPort === undefined || port.hostPort === 0) continue
      out.push({
        ...(port.hostIP ? { hostIP: port.hostIP } : {}),
        hostPort: port.hostPort,
        containerPort: port.containerPort || port.hostPort,
        protocol: (port.protocol ?? 'TCP').toLowerCase() as PortMapping['protocol'],
      })
    }
  }
  return out
}
