/**
 * Pod-level network settings that `podman pod create` would refuse: sysctls outside the list
 * Podman allows (and `net.*` ones with the host's network), host aliases and DNS servers that are
 * not IP addresses.
 */
import { joinPointer } from '../diagnostics/pointer.js'
import type { PodContext } from './context.js'
import { isIP } from './ip.js'
import { checkDns1123Subdomain } from './names.js'

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
  if (spec.hostNetwork === true && spec.hostname !== undefined) {
    const at = joinPointer(pod.specPointer, 'hostname')
    reporter.report('HOSTNAME_HOST_NETWORK', at, {}, { atKey: true })
  }
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
    if (/[\s\u0000-\u001f\u007f]/.test(sysctl.value)) {
      reporter.report('SYSCTL_NOT_ALLOWED', joinPointer(base, 'value'), {
        name: `${name}=${sysctl.value}`,
      })
    }
  })
  ;(spec.hostAliases ?? []).forEach((alias, index) => {
    ;(alias.hostnames ?? []).forEach((hostname, i) => {
      const rule = checkDns1123Subdomain(hostname)
      if (rule !== undefined) {
        const at = joinPointer(pod.specPointer, 'hostAliases', index, 'hostnames', i)
        reporter.report('NAME_INVALID', at, { value: hostname, rule })
      }
    })
    if (alias.ip !== undefined && !isIP(alias.ip)) {
      reporter.report('PORT_HOST_IP', joinPointer(pod.specPointer, 'hostAliases', index, 'ip'), {
        value: alias.ip,
      })
    }
  })
  ;(spec.dnsConfig?.searches ?? []).forEach((search, index) => {
    const rule = checkDns1123Subdomain(search.replace(/\.$/, ''))
    if (rule !== undefined) {
      const at = joinPointer(pod.specPointer, 'dnsConfig', 'searches', index)
      reporter.report('NAME_INVALID', at, { value: search, rule })
    }
  })
  ;(spec.dnsConfig?.options ?? []).forEach((option, index) => {
    const at = joinPointer(pod.specPointer, 'dnsConfig', 'options', index)
    for (const field of ['name', 'value'] as const) {
      const text = option[field]
      if ((field === 'name' && !text) || /[\s\u0000-\u001f\u007f]/.test(text ?? '')) {
        reporter.report('VALUE_NOT_REPRESENTABLE', joinPointer(at, field), {
          detail: 'a DNS option is a name and a value without white space or control characters',
        })
      }
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
