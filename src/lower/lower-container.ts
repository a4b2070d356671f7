/** One Kubernetes container → the options of its `podman create --pod`. */
import type {
  Container,
  PodSecurityContext,
  ResourceRequirements,
  SeccompProfile,
} from 'kubernetes-types/core/v1.js'
import { joinPointer } from '../diagnostics/pointer.js'
import type {
  ContainerModel,
  HealthCheck,
  KeyValue,
  PodResources,
  Resources,
  RestartPolicy,
  SecurityOptions,
} from '../model/pod-model.js'
import { cpusFromQuantity, ceilScaled, parseQuantity } from '../validate/quantity.js'
import { envFile as envFileText, SECRET_FILE_MODE } from './lower-data.js'
import type { EnvContext } from './lower-env.js'
import { lowerEnv } from './lower-env.js'
import { seccompOption } from '../validate/seccomp.js'
import { appArmorOption } from '../validate/apparmor.js'
import { isSidecar } from '../validate/validate-sidecars.js'
import { annotationArgs, annotationLabels } from './lower-annotations.js'
import { qualifyImageName } from './image-name.js'
import { lowerLivenessProbe } from './lower-probes.js'
import { lowerMounts } from './lower-volumes.js'
import type { VolumeContext } from './lower-volumes.js'
import type { NamingOptions } from './naming.js'
import { serviceName } from './naming.js'

export interface ContainerContext extends EnvContext, VolumeContext {
  /** Names of the containers defined before this one (for `volumes-from`). */
  readonly earlier: readonly string[]
  readonly naming: NamingOptions
  readonly labels: readonly KeyValue[]
  readonly annotations: readonly KeyValue[]
  readonly restart: RestartPolicy
  readonly stopTimeout?: number
  readonly podSecurity: PodSecurityContext
  readonly hostIpc: boolean
  readonly hostPid: boolean
}

export function lowerContainer(
  container: Container,
  pointer: string,
  ctx: ContainerContext,
  initContainer: boolean,
): ContainerModel {
  // A native sidecar (an init container with restartPolicy Always, Kubernetes 1.29+) runs beside
  // the app containers: restarted whenever it exits, with their stop timeout, namespaces and
  // probes. Only a plain init container runs once.
  const sidecar = initContainer && isSidecar(container)
  const init = initContainer && !sidecar
  const restart = sidecar ? 'always' : ctx.restart
  const name = `${ctx.pod.podName}-${container.name}`
  const { env, secretEnv, expand } = lowerEnv(container, pointer, ctx)
  const command = container.command ?? []
  const envFile = secretEnv.length === 0 ? undefined : `${ctx.pod.podName}/${container.name}.env`
  if (envFile !== undefined) {
    ctx.dataFiles.push({ path: envFile, content: envFileText(secretEnv), mode: SECRET_FILE_MODE })
  }
  return {
    name,
    serviceName: serviceName(ctx.naming.containerPrefix, ctx.naming.separator, name),
    image: qualifyImageName(container.image ?? ''),
    ...(command.length > 0
      ? { entrypoint: command.map((c, i) => expand(c, joinPointer(pointer, 'command', i))) }
      : {}),
    args: (container.args ?? []).map((a, i) => expand(a, joinPointer(pointer, 'args', i))),
    ...(container.workingDir ? { workingDir: container.workingDir } : {}),
    env,
    ...(envFile === undefined ? {} : { envFile: `${ctx.dataDir}/${envFile}` }),
    labels: [...ctx.labels, ...annotationLabels(ctx.pod.annotations, container.name)],
    annotations: ctx.annotations,
    tty: container.tty === true,
    stdin: container.stdin === true,
    // Init containers run once; Podman gives them no restart policy and no stop timeout.
    restart: init ? 'no' : restart,
    ...(init || ctx.stopTimeout === undefined ? {} : { stopTimeout: ctx.stopTimeout }),
    ...stopSignalOf(container),
    resources: lowerResources(container),
    security: lowerSecurity(container, ctx, init),
    mounts: lowerMounts(container, pointer, ctx, runsAsRoot(container, ctx), expand),
    ...(init ? {} : optionalHealth(lowerLivenessProbe(container, restart))),
    ...pullPolicy(container),
    extraArgs: annotationArgs(ctx.pod.annotations, container.name, ctx.pod.podName, ctx.earlier, {
      seccompField:
        (container.securityContext?.seccompProfile ?? ctx.podSecurity.seccompProfile) !== undefined,
    }),
    source: { file: ctx.pod.document.file, pointer },
  }
}

/** `lifecycle.stopSignal` (Kubernetes 1.33+, newer than kubernetes-types). */
function stopSignalOf(container: Container): { stopSignal?: string } {
  const signal = (container.lifecycle as { stopSignal?: string } | undefined)?.stopSignal
  return signal === undefined ? {} : { stopSignal: signal }
}

function optionalHealth(health: HealthCheck | undefined): { health?: HealthCheck } {
  return health === undefined ? {} : { health }
}

/** False only when we know the container's user is not root. */
function runsAsRoot(container: Container, ctx: ContainerContext): boolean {
  const uid = container.securityContext?.runAsUser ?? ctx.podSecurity.runAsUser
  return uid === undefined || uid === 0
}

/** Pod-level `spec.resources` (Kubernetes 1.32+): its limits become the pod's. */
export function lowerPodResources(resources: ResourceRequirements | undefined): PodResources {
  const { cpus, memory } = lowerResources({ name: '', ...(resources ? { resources } : {}) })
  return { ...(cpus === undefined ? {} : { cpus }), ...(memory === undefined ? {} : { memory }) }
}

function lowerResources(container: Container): Resources {
  const limits = container.resources?.limits ?? {}
  const requests = container.resources?.requests ?? {}
  const cpu = quantityOf(limits['cpu'])
  const memory = quantityOf(limits['memory'])
  const reservation = quantityOf(requests['memory'])
  return {
    ...(cpu === undefined ? {} : { cpus: cpusFromQuantity(cpu) }),
    ...(memory === undefined ? {} : { memory: ceilScaled(memory).toString() }),
    ...(reservation === undefined ? {} : { memoryReservation: ceilScaled(reservation).toString() }),
  }
}

function quantityOf(value: string | number | undefined) {
  return value === undefined ? undefined : parseQuantity(String(value))
}

function lowerSecurity(
  container: Container,
  ctx: ContainerContext,
  init: boolean,
): SecurityOptions {
  const own = container.securityContext ?? {}
  const pod = ctx.podSecurity
  const uid = own.runAsUser ?? pod.runAsUser
  const gid = own.runAsGroup ?? pod.runAsGroup
  const user =
    uid === undefined && gid === undefined
      ? undefined
      : gid === undefined
        ? String(uid)
        : `${uid ?? 0}:${gid}`
  const seLinux = own.seLinuxOptions ?? pod.seLinuxOptions
  const securityOpts: string[] = []
  if (own.allowPrivilegeEscalation === false) securityOpts.push('no-new-privileges')
  if (own.procMount === 'Unmasked') securityOpts.push('unmask=ALL')
  if (seLinux !== undefined) {
    for (const key of ['user', 'role', 'type', 'level'] as const) {
      const value = seLinux[key]
      if (value) securityOpts.push(`label=${key}:${value}`)
    }
  }
  const seccomp = seccompProfileOption(own.seccompProfile ?? pod.seccompProfile)
  if (seccomp !== undefined) securityOpts.push(seccomp)
  const appArmor = appArmorOption(ctx.pod, container)
  if (appArmor !== undefined) securityOpts.push(appArmor)
  return {
    ...(user === undefined ? {} : { user }),
    groupAdd: (pod.supplementalGroups ?? []).map(String),
    privileged: own.privileged === true,
    ...(own.readOnlyRootFilesystem === undefined
      ? {}
      : { readOnlyRootFilesystem: own.readOnlyRootFilesystem }),
    capAdd: [...(own.capabilities?.add ?? [])],
    capDrop: [...(own.capabilities?.drop ?? [])],
    securityOpts,
    hostIpc: !init && ctx.hostIpc,
    hostPid: !init && ctx.hostPid,
  }
}

/**
 * `seccompProfile` (container, else pod): RuntimeDefault is Podman's default profile; Unconfined
 * and Localhost profiles (under the kubelet's root, as `kube play` resolves the annotations).
 */
export function seccompProfileOption(profile: SeccompProfile | undefined): string | undefined {
  if (profile?.type === 'Unconfined') return 'seccomp=unconfined'
  if (profile?.type === 'Localhost' && profile.localhostProfile !== undefined) {
    return seccompOption(`localhost/${profile.localhostProfile}`)
  }
  return undefined
}

/**
 * `imagePullPolicy` as `--pull`: Always → always, IfNotPresent → missing, Never → never; unset
 * leaves Podman's default (missing), which is what `podman kube play` applies to short names.
 */
function pullPolicy(container: Container): Pick<ContainerModel, 'pull'> {
  switch (container.imagePullPolicy) {
    case 'Always':
      return { pull: 'always' }
    case 'Never':
      return { pull: 'never' }
    case 'IfNotPresent':
      return { pull: 'missing' }
    default:
      return {}
  }
}

export function containerPointer(
  specPointer: string,
  list: 'containers' | 'initContainers',
  index: number,
): string {
  return joinPointer(specPointer, list, index)
}
