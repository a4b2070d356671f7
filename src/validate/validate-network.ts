/**
 * Pod-level network settings that `podman pod create` would refuse: sysctls outside the list
 * Podman allows (and `net.*` ones with the host's network), host aliases and DNS servers that are
 * not IP addresses.
 */
import { joinPointer } from '../diagnostics/pointer.js'
import type { PodContext } from './context.js'
import { isIP } from './ip.js'

/** Podman's `util.ValidateSysctls`: the namespaced sysctls a container may set. */
const ALLOWED_SYSCTLS = new Set([
  'kernel.msgmax',
  'kernel.msgmnb',
  'kernel.msgmni',
  'kernel.sem',
  'kernel.shmall',
  'kernel.shmmax',
  'kernel.shmmni',
  'kernel.shm_rmid_forced',
])

export function validateNetwork(ctx: PodContext): void {
  const { pod, reporter } = ctx
  const spec = pod.spec
  ;(spec.securityContext?.sysctls ?? []).forEach((sysctl, index) => {
    const base = joinPointer(pod.specPointer, 'securityContext', 'sysctls', index)
    const at = joinPointer(base, 'name')
    const name = sysctl.name
    const allowed =
      ALLOWED_SYSCTLS.has(name) || name.startsWith('net.') || name.startsWith('fs.mqueue.')
    if (!allowed) reporter.report('SYSCTL_NOT_ALLOWED', at, { name })
    else if (name.startsWith('net.') && spec.hostNetwork === true) {
      reporter.report('SYSCTL_HOST_NETWORK', at, { name })
    }
    if (/\s/.test(sysctl.value)) {
      reporter.report('SYSCTL_NOT_ALLOWED', joinPointer(base, 'value'), {
        name: `${name}=${sysctl.value}`,
      })
    }
  })
  ;(spec.hostAliases ?? []).forEach((alias, index) => {
    if (alias.ip !== undefined && !isIP(alias.ip)) {
      reporter.report('PORT_HOST_IP', joinPointer(pod.specPointer, 'hostAliases', index, 'ip'), {
        value: alias.ip,
      })
    }
  })
  ;(spec.dnsConfig?.nameservers ?? []).forEach((server, index) => {
    if (!isIP(server)) {
      reporter.report(
        'PORT_HOST_IP',
        joinPointer(pod.specPointer, 'dnsConfig', 'nameservers', index),
        { value: server },
      )
    }
  })
}
