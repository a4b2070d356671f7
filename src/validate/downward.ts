/**
 * The downward API's field paths and resources: which Kubernetes allows, and which have a value
 * on one host when podunit writes the units. Shared by env (`fieldRef`, `resourceFieldRef`) and by
 * downwardAPI and projected volumes.
 */

export type DownwardUse = 'env' | 'volume'

export type FieldPathClass =
  | { readonly kind: 'static' }
  | { readonly kind: 'run-time'; readonly reason: string }
  | { readonly kind: 'invalid' }

/** Paths with a value known when converting. */
const STATIC: Readonly<Record<DownwardUse, readonly string[]>> = {
  env: ['metadata.name', 'metadata.namespace', 'spec.serviceAccountName'],
  volume: ['metadata.name', 'metadata.namespace', 'metadata.labels', 'metadata.annotations'],
}

const UID = "the pod's UID is made when the pod is created (podman kube play gives the pod's ID)"
const HOST_IP = "the host's addresses are known only on the host, at run time"
const POD_IP = 'Podman gives the pod its address when it starts the pod'

/** Paths Kubernetes allows whose value exists only at run time, with the reason. */
const RUN_TIME: Readonly<Record<DownwardUse, Readonly<Record<string, string>>>> = {
  env: {
    'metadata.uid': UID,
    'spec.nodeName': 'the node is the host, whose name is known only at run time',
    'status.hostIP': HOST_IP,
    'status.hostIPs': HOST_IP,
    'status.podIP': POD_IP,
    'status.podIPs': POD_IP,
  },
  volume: { 'metadata.uid': UID },
}

/** `metadata.labels['app']` → [`metadata.labels`, `app`], as Kubernetes' fieldpath splits it. */
export function splitSubscript(path: string): [string, string] | undefined {
  if (!path.endsWith("']")) return undefined
  const inner = path.slice(0, -2)
  const at = inner.indexOf("['")
  if (at < 1) return undefined
  return [inner.slice(0, at), inner.slice(at + 2)]
}

export function classifyFieldPath(path: string, use: DownwardUse): FieldPathClass {
  const subscripted = splitSubscript(path)
  if (subscripted !== undefined) {
    const [base] = subscripted
    return base === 'metadata.labels' || base === 'metadata.annotations'
      ? { kind: 'static' }
      : { kind: 'invalid' }
  }
  if (STATIC[use].includes(path)) return { kind: 'static' }
  const reason = RUN_TIME[use][path]
  return reason === undefined ? { kind: 'invalid' } : { kind: 'run-time', reason }
}

/** `limits.cpu` … and the hugepages of any size, as the kubelet accepts them. */
export const RESOURCES: readonly string[] = [
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
]

export function isResource(resource: string): boolean {
  return RESOURCES.includes(resource) || /^(limits|requests)\.hugepages-.+$/.test(resource)
}

export const CPU_DIVISORS: readonly string[] = ['1', '1m']
export const MEMORY_DIVISORS: readonly string[] = [
  '1',
  '1k',
  '1M',
  '1G',
  '1T',
  '1P',
  '1E',
  '1Ki',
  '1Mi',
  '1Gi',
  '1Ti',
  '1Pi',
  '1Ei',
]
