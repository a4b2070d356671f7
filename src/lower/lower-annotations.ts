/**
 * Podman features driven by annotations (research: kube-play-mapping.md §5). Keys ending in
 * `/<container>` name the container as written in the YAML. Read from the pod's annotations (a
 * workload's own metadata, as `podman kube play` reads them).
 */

import { SECCOMP_CONTAINER, SECCOMP_POD, seccompOption } from '../validate/seccomp.js'

/** Container options from annotations, in Podman's terms. */
export function annotationArgs(
  annotations: Readonly<Record<string, string>>,
  container: string,
  podName: string,
  earlierContainers: readonly string[],
  /** The seccompProfile field is set: it wins over the deprecated annotations. */
  { seccompField }: { readonly seccompField: boolean },
): string[] {
  const own = (key: string) => annotations[`${key}/${container}`]
  const args: string[] = []
  for (const limit of (annotations['io.podman.annotations.ulimit'] ?? '').split(',')) {
    if (limit.trim() !== '') args.push('--ulimit', limit.trim())
  }
  const pids = own('io.podman.annotations.pids-limit')
  if (pids !== undefined) args.push('--pids-limit', pids)
  if (isTrue(own('io.podman.annotations.init'))) args.push('--init')
  const label = own('io.podman.annotations.label')
  if (label !== undefined) args.push('--security-opt', `label=${label}`)
  const cpuset = own('io.podman.annotations.cpuset')
  if (cpuset !== undefined) args.push('--cpuset-cpus', cpuset)
  const mems = own('io.podman.annotations.memory-nodes')
  if (mems !== undefined) args.push('--cpuset-mems', mems)
  for (const source of (own('io.podman.annotations.volumes-from') ?? '').split(';')) {
    if (source.trim() === '') continue
    const [name = '', options] = source.trim().split(':')
    const full = earlierContainers.includes(name) ? `${podName}-${name}` : name
    args.push('--volumes-from', options === undefined ? full : `${full}:${options}`)
  }
  const seccomp = seccompField
    ? undefined
    : (annotations[`${SECCOMP_CONTAINER}${container}`] ?? annotations[SECCOMP_POD])
  const profile = seccomp === undefined ? undefined : seccompOption(seccomp)
  if (profile !== undefined) args.push('--security-opt', profile)
  return args
}

/** Labels that `kube play` makes from annotations (auto-update); the container's own key wins. */
export function annotationLabels(
  annotations: Readonly<Record<string, string>>,
  container: string,
): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = []
  for (const key of ['io.containers.autoupdate', 'io.containers.autoupdate.authfile']) {
    const value = annotations[`${key}/${container}`] ?? annotations[key]
    if (value !== undefined) out.push({ key, value })
  }
  return out
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && value.toLowerCase() === 'true'
}
