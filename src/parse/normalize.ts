/**
 * Plain values as Kubernetes decodes YAML into its types: a null field is an unset field, a null
 * item of a list of strings is `""` and of a list of objects `{}`; the YAML 1.1 types `!!binary`,
 * `!!set` and `!!omap` become the base64 text, the list of keys and an object.
 */
export function normalize(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  if (value instanceof Set) return [...(value as Set<unknown>)].map(normalize)
  if (value instanceof Map) {
    const entries = [...(value as Map<unknown, unknown>)].map(([k, v]): [string, unknown] => [
      String(k),
      v,
    ])
    return normalizeObject(Object.fromEntries(entries))
  }
  if (Array.isArray(value)) {
    const objects = value.some((item) => item !== null && typeof item === 'object')
    return value.map((item: unknown) => (item === null ? (objects ? {} : '') : normalize(item)))
  }
  if (value !== null && typeof value === 'object')
    return normalizeObject(value as Record<string, unknown>)
  return value
}

function normalizeObject(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(object)) {
    // defineProperty: a key `__proto__` is a field like any other, not the prototype.
    if (child !== null) {
      Object.defineProperty(out, key, {
        value: normalize(child),
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
  }
  return out
}
