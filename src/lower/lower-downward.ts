/**
 * Values of the downward API, as the kubelet computes them, for env (`fieldRef`,
 * `resourceFieldRef`) and for the files of downwardAPI and projected volumes. Only the paths
 * known when converting reach here; validation refuses the others (src/validate/downward.ts).
 */
import type {
  Container,
  DownwardAPIVolumeFile,
  ResourceFieldSelector,
} from 'kubernetes-types/core/v1.js'
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js'
import type { PodSource } from '../parse/pod-sources.js'
import { splitSubscript } from '../validate/downward.js'
import { ceilScaled, parseQuantity } from '../validate/quantity.js'

/** The value of a field path of the pod: what the kubelet would write. */
export function fieldValue(path: string, pod: PodSource): string | undefined {
  const metadata = pod.metadata
  const subscripted = splitSubscript(path)
  if (subscripted !== undefined) {
    const [base, key] = subscripted
    return mapOf(base, metadata)?.[key] ?? ''
  }
  switch (path) {
    case 'metadata.name':
      return pod.podName
    case 'metadata.namespace':
      return namespaceOf(pod)
    case 'metadata.labels':
    case 'metadata.annotations':
      return formatMap(mapOf(path, metadata) ?? {})
    case 'spec.serviceAccountName':
      // The API server's admission sets "default" when none is named.
      return pod.spec.serviceAccountName ?? pod.spec.serviceAccount ?? 'default'
    default:
      return undefined
  }
}

/** A pod's namespace is its object's: `metadata.namespace`, "default" when none is set. */
function namespaceOf(pod: PodSource): string {
  const metadata = pod.document.value['metadata'] as ObjectMeta | undefined
  return metadata?.namespace ?? 'default'
}

/** The pod's labels and annotations are its template's for a workload, as in Kubernetes. */
function mapOf(path: string, metadata: ObjectMeta): Readonly<Record<string, string>> | undefined {
  if (path === 'metadata.labels') return metadata.labels ?? {}
  if (path === 'metadata.annotations') return metadata.annotations ?? {}
  return undefined
}

/** Kubernetes' `fieldpath.FormatMap`: `key="value"` lines, sorted by key, values in Go's %q. */
export function formatMap(map: Readonly<Record<string, string>>): string {
  return Object.keys(map)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) // byte order, as Go sorts strings
    .map((key) => `${key}=${goQuote(map[key] ?? '')}`)
    .join('\n')
}

const ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
}

/** Go's IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u

/** Go's `strconv.Quote` (what `%q` prints for a string). */
export function goQuote(text: string): string {
  let out = '"'
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0
    const escape = ESCAPES[char]
    if (escape !== undefined) out += escape
    else if (code >= 0xd800 && code <= 0xdfff)
      out += '\\ufffd' // a lone surrogate: not UTF-8
    else if (PRINTABLE.test(char)) out += char
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`
    else if (code < 0x10000) out += `\\u${hex(code, 4)}`
    else out += `\\U${hex(code, 8)}`
  }
  return `${out}"`
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0')
}

/**
 * A container's resource divided by the divisor and rounded up, as the kubelet computes it (CPU
 * in millicores first). A request that is not set is the limit (the API server's default), or 0;
 * a limit that is not set is refused by validation.
 */
export function resourceValue(
  container: Container,
  ref: Pick<ResourceFieldSelector, 'resource' | 'divisor'>,
): string | undefined {
  const [section, name = ''] = ref.resource.split('.')
  const resources = container.resources
  const text =
    (section === 'requests' ? resources?.requests?.[name] : undefined) ?? resources?.limits?.[name]
  const amount = parseQuantity(String(text ?? '0'))
  const by = parseQuantity(String(ref.divisor ?? '1'))
  if (amount === undefined || by === undefined || by.numerator === 0n) return undefined
  // The kubelet takes a CPU's milli value, or a memory's value, rounded up first.
  const scale = name === 'cpu' ? 1000n : 1n
  const whole = ceilScaled({
    numerator: amount.numerator * scale,
    denominator: amount.denominator,
  })
  const divisor = by.numerator * scale
  return ceilScaled({ numerator: whole * by.denominator, denominator: divisor }).toString()
}

/** The container a volume's resourceFieldRef names. */
export function namedContainer(pod: PodSource, name: string | undefined): Container | undefined {
  return [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find((c) => c.name === name)
}

/** The text of one downwardAPI volume item. */
export function downwardItemText(item: DownwardAPIVolumeFile, pod: PodSource): string | undefined {
  if (item.fieldRef !== undefined) return fieldValue(item.fieldRef.fieldPath, pod)
  const ref = item.resourceFieldRef
  if (ref === undefined) return undefined
  const container = namedContainer(pod, ref.containerName)
  return container === undefined ? undefined : resourceValue(container, ref)
}
