/**
 * What a rootless Podman cannot do, found when converting with `--rootless` (and by `install
 * --user`): errors where the pod cannot start, warnings where it starts but runs differently.
 *
 * Convert output must not depend on the machine that converts, so the rules assume a default
 * host instead of reading it: ports below 1024 need privileges
 * (`net.ipv4.ip_unprivileged_port_start`), the user has 65536 subordinate ids (`useradd`'s
 * default in /etc/subuid and /etc/subgid), and system paths have Debian's owners and modes.
 * Each rule was observed with rootless Podman 4.3.1 (runc) under `systemd --user`.
 */
import type { Container, SecurityContext } from 'kubernetes-types/core/v1.js'
import { joinPointer } from '../diagnostics/pointer.js'
import type { PodContext } from './context.js'

/** The kernel's default `net.ipv4.ip_unprivileged_port_start`. */
export const UNPRIVILEGED_PORT_START = 1024

/**
 * `useradd`'s default count of subordinate ids, which is also the highest id a container can
 * use with them: 0 is the user itself, 1 to 65536 the subordinate ids.
 */
export const DEFAULT_SUBORDINATE_IDS = 65536

/**
 * Capabilities whose checks the kernel makes in the host's user namespace (`capable()`, not
 * `ns_capable()`): a user namespace grants them, but what they allow still fails.
 */
const HOST_CAPABILITIES = new Set([
  'AUDIT_CONTROL',
  'AUDIT_READ',
  'BLOCK_SUSPEND',
  'BPF',
  'IPC_LOCK',
  'LINUX_IMMUTABLE',
  'MAC_ADMIN',
  'MAC_OVERRIDE',
  'MKNOD',
  'PERFMON',
  'SYS_BOOT',
  'SYS_MODULE',
  'SYS_NICE',
  'SYS_PACCT',
  'SYS_RAWIO',
  'SYS_RESOURCE',
  'SYS_TIME',
  'SYSLOG',
  'WAKE_ALARM',
])

/** Directories only root may enter (mode 0700 or 0710, owner root): nothing below mounts. */
const CLOSED_DIRECTORIES = ['/root', '/var/lib/containers', '/etc/ssl/private']

/** Files only root (and its group) may read: they mount, but the containers cannot read them. */
const UNREADABLE_FILES = ['/etc/shadow', '/etc/shadow-', '/etc/gshadow', '/etc/gshadow-']

/** Sysctls of the IPC namespace (Podman's list). */
function isIpcSysctl(name: string): boolean {
  return name.startsWith('kernel.') || name.startsWith('fs.mqueue.')
}

interface RootlessContext extends PodContext {
  /** The highest id a container may use: the user's count of subordinate ids. */
  readonly highestId: number
}

/** `subordinateIds`: how many the user has (install --user reads them), else useradd's default. */
export function validateRootless(
  podCtx: PodContext,
  subordinateIds = DEFAULT_SUBORDINATE_IDS,
): void {
  const ctx: RootlessContext = { ...podCtx, highestId: subordinateIds }
  const { pod, reporter } = ctx
  const spec = pod.spec
  const at = (...segments: (string | number)[]) => joinPointer(pod.specPointer, ...segments)
  const namespaces = [
    ['hostNetwork', 'network'],
    ['hostPID', 'PID'],
    ['hostIPC', 'IPC'],
  ] as const
  for (const [field, namespace] of namespaces) {
    if (spec[field] === true) reporter.report('ROOTLESS_HOST_NAMESPACE', at(field), { namespace })
  }
  if (spec.hostIPC === true) {
    ;(spec.securityContext?.sysctls ?? []).forEach((sysctl, i) => {
      if (isIpcSysctl(sysctl.name))
        reporter.report('ROOTLESS_SYSCTL_HOST_IPC', at('securityContext', 'sysctls', i, 'name'), {
          name: sysctl.name,
        })
    })
  }
  checkIds(ctx, spec.securityContext ?? {}, at('securityContext'))
  ;(spec.securityContext?.supplementalGroups ?? []).forEach((gid, i) => {
    checkId(ctx, 'supplementalGroups', gid, at('securityContext', 'supplementalGroups', i))
  })
  ;(spec.volumes ?? []).forEach((volume, i) => {
    if (volume.hostPath === undefined) return
    checkHostPath(ctx, volume.hostPath.path, volume.hostPath.type ?? '', at('volumes', i))
  })
  const containers: [string, readonly Container[]][] = [
    ['initContainers', spec.initContainers ?? []],
    ['containers', spec.containers],
  ]
  for (const [list, items] of containers) {
    items.forEach((container, i) => checkContainer(ctx, container, at(list, i)))
  }
}

function checkContainer(ctx: RootlessContext, container: Container, pointer: string): void {
  const { reporter } = ctx
  ;(container.ports ?? []).forEach((port, i) => {
    if (port.hostPort !== undefined && port.hostPort > 0 && port.hostPort < UNPRIVILEGED_PORT_START)
      reporter.report('ROOTLESS_PRIVILEGED_PORT', joinPointer(pointer, 'ports', i, 'hostPort'), {
        port: port.hostPort,
      })
  })
  const security = container.securityContext
  if (security === undefined) return
  const at = joinPointer(pointer, 'securityContext')
  checkIds(ctx, security, at)
  if (security.privileged === true)
    reporter.report('ROOTLESS_PRIVILEGED', joinPointer(at, 'privileged'), {})
  ;(security.capabilities?.add ?? []).forEach((capability, i) => {
    const name = capability.toUpperCase().replace(/^CAP_/, '')
    if (HOST_CAPABILITIES.has(name) || name === 'ALL')
      reporter.report('ROOTLESS_CAPABILITY', joinPointer(at, 'capabilities', 'add', i), {
        capability,
      })
  })
}

function checkIds(ctx: RootlessContext, security: SecurityContext, pointer: string): void {
  for (const field of ['runAsUser', 'runAsGroup'] as const) {
    const id = security[field]
    if (id !== undefined) checkId(ctx, field, id, joinPointer(pointer, field))
  }
}

function checkId(ctx: RootlessContext, field: string, id: number, pointer: string): void {
  const highest = ctx.highestId
  if (id > highest) ctx.reporter.report('ROOTLESS_ID_UNMAPPED', pointer, { field, id, highest })
}

function checkHostPath(ctx: PodContext, path: string, type: string, pointer: string): void {
  const { reporter } = ctx
  const at = joinPointer(pointer, 'hostPath', 'path')
  const clean = path.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1')
  if (type === 'CharDevice' || type === 'BlockDevice') {
    reporter.report('ROOTLESS_DEVICE', at, { path })
    return
  }
  const closed = CLOSED_DIRECTORIES.find((dir) => clean.startsWith(`${dir}/`))
  if (closed !== undefined) {
    reporter.report('ROOTLESS_HOST_PATH_CLOSED', at, { path, directory: closed })
  } else if (CLOSED_DIRECTORIES.includes(clean) || UNREADABLE_FILES.includes(clean)) {
    reporter.report('ROOTLESS_HOST_PATH_UNREADABLE', at, { path })
  }
}
