/** The seccomp annotations `podman kube play` reads (research: kube-play-mapping.md §5). */

export const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod'
export const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/'
/** `kube play`'s default `--seccomp-profile-root`. */
const SECCOMP_ROOT = '/var/lib/kubelet/seccomp'

/** `runtime/default` and `docker/default` are Podman's default; validation refuses others. */
export function seccompOption(value: string): string | undefined {
  if (value === 'runtime/default' || value === 'docker/default') return undefined
  if (value === 'unconfined') return 'seccomp=unconfined'
  if (value.startsWith('localhost/'))
    return `seccomp=${SECCOMP_ROOT}/${value.slice('localhost/'.length)}`
  return undefined
}

export function isValidSeccomp(value: string): boolean {
  return (
    ['runtime/default', 'docker/default', 'unconfined'].includes(value) ||
    value.startsWith('localhost/')
  )
}
