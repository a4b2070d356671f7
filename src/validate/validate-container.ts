/** Semantic rules for one container (regular or init). */
import type { Container, EnvVar } from 'kubernetes-types/core/v1.js'
import { joinPointer } from '../diagnostics/pointer.js'
import { execFormFits } from './health-command.js'
import { isSidecar, validateInitRestartPolicy, validateSidecar } from './validate-sidecars.js'
import { parseQuantity } from './quantity.js'
import type { PodContext } from './context.js'
import { checkEnum, checkReference } from './context.js'
import { checkFieldRef, checkResourceRef } from './validate-downward.js'
import { ignoredFieldsIn } from './ignored-fields.js'
import { INIT_CONTAINER_REFUSED } from './refused-fields.js'

export interface ContainerValidationContext extends PodContext {
  readonly volumes: ReadonlySet<string>
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never']
const PROC_MOUNTS = ['Default', 'Unmasked']
const PROPAGATIONS = ['None', 'HostToContainer', 'Bidirectional']
/** A reference as `podman create` parses it: [registry[:port]/]path[:tag][@digest], lowercase path. */
const IMAGE_REFERENCE =
  /^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/
const KEY_REFS = [
  ['ConfigMap', 'configMapKeyRef'],
  ['Secret', 'secretKeyRef'],
] as const

export function validateContainer(
  ctx: ContainerValidationContext,
  container: Container,
  pointer: string,
  init: boolean,
): void {
  const { reporter } = ctx
  const at = (...segments: (string | number)[]) => joinPointer(pointer, ...segments)
  if (container.image === undefined || container.image === '') {
    reporter.report('IMAGE_MISSING', container.image === undefined ? pointer : at('image'), {
      name: container.name,
    })
  } else if (!IMAGE_REFERENCE.test(container.image)) {
    reporter.report('IMAGE_INVALID', at('image'), { value: container.image })
  }
  checkEnum(ctx, container.imagePullPolicy, at('imagePullPolicy'), PULL_POLICIES)
  checkEnum(
    ctx,
    container.securityContext?.procMount,
    at('securityContext', 'procMount'),
    PROC_MOUNTS,
  )
  if (init) validateInitRestartPolicy(ctx, container, pointer)
  const sidecar = init && isSidecar(container)
  if (sidecar) {
    validateSidecar(ctx, pointer)
  } else if (init) {
    for (const field of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
      if (container[field] !== undefined) {
        reporter.report('INIT_CONTAINER_PROBE', at(field), {}, { atKey: true })
      }
    }
  }
  warnIgnoredContainerFields(
    ctx,
    container,
    pointer,
    sidecar ? 'sidecar' : init ? 'init' : 'container',
  )
  ;(container.env ?? []).forEach((env, i) => checkEnv(ctx, container, env, at('env', i)))
  ;(container.envFrom ?? []).forEach((source, i) => {
    const ref = source.configMapRef ?? source.secretRef
    if (ref === undefined) return
    const kind = source.configMapRef === undefined ? 'Secret' : 'ConfigMap'
    const field = source.configMapRef === undefined ? 'secretRef' : 'configMapRef'
    checkReference(
      ctx,
      kind,
      ref.name ?? '',
      ref.optional === true,
      at('envFrom', i, field, 'name'),
    )
  })
  for (const section of ['limits', 'requests'] as const) {
    for (const [name, value] of Object.entries(container.resources?.[section] ?? {})) {
      const quantity = parseQuantity(String(value))
      if (quantity === undefined || quantity.numerator < 0n) {
        reporter.report('QUANTITY_INVALID', at('resources', section, name), {
          value: String(value),
        })
      }
    }
  }
  checkSecurity(ctx, container, pointer)
  const signal = (container.lifecycle as { stopSignal?: string } | undefined)?.stopSignal
  if (signal !== undefined && !/^SIG(RTMIN(\+\d+)?|RTMAX(-\d+)?|[A-Z0-9]+)$/.test(signal)) {
    reporter.report('STOP_SIGNAL_INVALID', at('lifecycle', 'stopSignal'), { value: signal })
  }
  if ((!init || sidecar) && container.startupProbe !== undefined) {
    reporter.report('STARTUP_PROBE_AS_START_PERIOD', at('startupProbe'), {}, { atKey: true })
  }
  for (const probe of ['livenessProbe', 'startupProbe', 'readinessProbe'] as const) {
    const handler = container[probe]
    const success = handler?.successThreshold
    if (probe !== 'readinessProbe' && success !== undefined && success !== 1) {
      reporter.report('PROBE_SUCCESS_THRESHOLD', at(probe, 'successThreshold'), { value: success })
    }
    const argv = handler?.exec?.command ?? []
    if (probe === 'livenessProbe' && argv.length > 0 && !execFormFits(argv)) {
      reporter.report('PROBE_NEEDS_SHELL', at(probe, 'exec', 'command'), {}, { atKey: true })
    }
    const port = handler?.httpGet?.port ?? handler?.tcpSocket?.port
    if (
      typeof port === 'string' &&
      !/^\d+$/.test(port) &&
      !(container.ports ?? []).some((p) => p.name === port)
    ) {
      const kind = handler?.httpGet === undefined ? 'tcpSocket' : 'httpGet'
      reporter.report('PROBE_PORT_UNKNOWN', at(probe, kind, 'port'), { name: port })
    }
  }
  ;(container.volumeMounts ?? []).forEach((mount, i) => {
    if (!ctx.volumes.has(mount.name)) {
      reporter.report('VOLUME_UNDEFINED', at('volumeMounts', i, 'name'), { name: mount.name })
    }
    const [path = '', options, ...more] = mount.mountPath.split(':')
    const all = [options, mount.readOnly === true ? 'ro' : undefined].filter((o) => o !== undefined)
    if (more.length > 0 || (all.length > 0 && !validMountOptions(all.join(',')))) {
      reporter.report('MOUNT_OPTIONS_INVALID', at('volumeMounts', i, 'mountPath'), {
        value: mount.mountPath,
      })
    } else if (!path.startsWith('/')) {
      reporter.report('MOUNT_PATH_RELATIVE', at('volumeMounts', i, 'mountPath'), {
        value: mount.mountPath,
      })
    }
    checkEnum(ctx, mount.mountPropagation, at('volumeMounts', i, 'mountPropagation'), PROPAGATIONS)
    if (mount.subPath && mount.subPathExpr) {
      reporter.report('SUB_PATH_BOTH', at('volumeMounts', i, 'subPathExpr'), {}, { atKey: true })
    }
    for (const field of ['subPath', 'subPathExpr'] as const) {
      const subPath = mount[field] ?? ''
      if (subPath.startsWith('/') || subPath.split('/').includes('..')) {
        reporter.report('ITEM_PATH_INVALID', at('volumeMounts', i, field), { value: subPath })
      }
    }
  })
}

/** Podman's `mountPath: /path:options` extension: the options `podman run -v` takes. */
const MOUNT_OPTIONS =
  /^(ro|rw|z|Z|O|U|private|rprivate|shared|rshared|slave|rslave|unbindable|runbindable|bind|rbind|nosuid|suid|nodev|dev|noexec|exec|copy|nocopy|idmap(=.*)?)$/

function validMountOptions(options: string): boolean {
  const list = options.split(',')
  return (
    list.every((o) => MOUNT_OPTIONS.test(o)) &&
    list.filter((o) => o === 'ro' || o === 'rw').length <= 1
  )
}

/**
 * runAsNonRoot is a check the kubelet makes when it starts the container; podunit makes the part
 * it can: a root runAsUser is an error, an unknown user (the image's) a warning. seccompProfile
 * Localhost names a profile.
 */
function checkSecurity(
  ctx: ContainerValidationContext,
  container: Container,
  pointer: string,
): void {
  const own = container.securityContext ?? {}
  const pod = ctx.pod.spec.securityContext ?? {}
  const ownAt = joinPointer(pointer, 'securityContext')
  if ((own.runAsNonRoot ?? pod.runAsNonRoot) === true) {
    const at =
      own.runAsNonRoot === undefined
        ? joinPointer(ctx.pod.specPointer, 'securityContext', 'runAsNonRoot')
        : joinPointer(ownAt, 'runAsNonRoot')
    const uid = own.runAsUser ?? pod.runAsUser
    if (uid === 0) ctx.reporter.report('RUN_AS_ROOT', at, {}, { atKey: true })
    else if (uid === undefined) {
      ctx.reporter.report('RUN_AS_NON_ROOT_UNCHECKED', at, {}, { atKey: true })
    }
  }
  const profile = own.seccompProfile ?? pod.seccompProfile
  if (profile?.type === 'Localhost' && !profile.localhostProfile) {
    const at =
      own.seccompProfile === undefined
        ? joinPointer(ctx.pod.specPointer, 'securityContext', 'seccompProfile')
        : joinPointer(ownAt, 'seccompProfile')
    ctx.reporter.report('SCHEMA_REQUIRED', at, { field: 'localhostProfile' })
  }
}

function checkEnv(
  ctx: ContainerValidationContext,
  container: Container,
  env: EnvVar,
  pointer: string,
): void {
  const { reporter } = ctx
  if (env.name === '') {
    reporter.report('ENV_NAME_MISSING', pointer, {})
  } else if (env.name.includes('=') || !/^[\x20-\x7e]+$/.test(env.name)) {
    reporter.report('ENV_NAME_INVALID', joinPointer(pointer, 'name'), { name: env.name })
  }
  const from = env.valueFrom
  if (from === undefined) return
  for (const [kind, field] of KEY_REFS) {
    const ref = from[field]
    if (ref === undefined) continue
    const at = joinPointer(pointer, 'valueFrom', field, 'name')
    checkReference(ctx, kind, ref.name ?? '', ref.optional === true, at, ref.key)
  }
  const at = joinPointer(pointer, 'valueFrom')
  if (from.fieldRef !== undefined)
    checkFieldRef(ctx, from.fieldRef, joinPointer(at, 'fieldRef'), 'env')
  if (from.resourceFieldRef !== undefined) {
    checkResourceRef(ctx, from.resourceFieldRef, joinPointer(at, 'resourceFieldRef'), container)
  }
}

/** The ignored fields of a container, an init container or a sidecar. */
function warnIgnoredContainerFields(
  ctx: PodContext,
  container: Container,
  pointer: string,
  kind: 'container' | 'init' | 'sidecar',
): void {
  // An init container's probes and hooks are refused (PU1250); its restartPolicy makes a sidecar.
  const skip = (field: string) =>
    (kind !== 'container' && field === 'restartPolicy') ||
    (kind === 'init' && INIT_CONTAINER_REFUSED.includes(field))
  for (const at of ignoredFieldsIn('Container', container, pointer, skip)) {
    ctx.reporter.report('IGNORED_FIELD', at, {}, { atKey: true })
  }
}
