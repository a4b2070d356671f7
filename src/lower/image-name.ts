/**
 * Image names as Kubernetes means them. The kubelet and CRI-O/containerd read a short name with
 * Docker's reference normalisation (`ParseNormalizedNamed` + `TagNameOnly` of
 * github.com/distribution/reference): `nginx` is `docker.io/library/nginx:latest`. Podman would
 * resolve the same short name through `registries.conf`, which may ask on a terminal (there is
 * none under systemd), refuse, or pick another registry; the Quadlet generator warns about it.
 * So every format writes the fully qualified name.
 */

const DEFAULT_DOMAIN = 'docker.io'
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io'
const OFFICIAL_REPOSITORY = 'library/'

/**
 * The fully qualified form of a validated image reference: the domain (`docker.io` unless the
 * first component has a `.` or `:`, is `localhost`, or has an upper-case letter), `library/` for a
 * one-component Docker Hub name, and `:latest` when there is neither tag nor digest.
 */
export function qualifyImageName(reference: string): string {
  const at = reference.indexOf('@')
  const name = at < 0 ? reference : reference.slice(0, at)
  const digest = at < 0 ? '' : reference.slice(at)
  const slash = name.indexOf('/')
  const first = slash < 0 ? '' : name.slice(0, slash)
  const isDomain =
    slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first)
  let domain = isDomain ? first : DEFAULT_DOMAIN
  let remainder = isDomain ? name.slice(slash + 1) : name
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) {
    remainder = OFFICIAL_REPOSITORY + remainder
  }
  const tagged = remainder.slice(remainder.lastIndexOf('/') + 1).includes(':')
  const tag = tagged || digest !== '' ? '' : ':latest'
  return `${domain}/${remainder}${tag}${digest}`
}
