/**
 * Plain values as Kubernetes decodes YAML into its types: a null field is an unset field, a null
 * item of a list of strings is `""` and of a list of objects `{}`; the YAML 1.1 types `!!binary`,
 * `!!set` and `!!omap` become the base64 text, the list of keys and an object.
 *
 * Copy on write: a value with nothing to change is returned as it is, so that the common case
 * costs one walk and no allocation.
 */
export function normalize(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  if (value instanceof Set) return normalize([...(value as Set<unknown>)])
  if (value instanceof Map) {
    const entries = [...(value as Map<unknown, unknown>)].map(([k, v]) => [String(k), v] as const)
    return normalizeObject(Object.fromEntries(entries))
  }
  if (Array.isArray(value)) return normalizeArray(value as unknown[])
  return normalizeObject(value as Record<string, unknown>)
}

function normalizeArray(items: readonly unknown[]): unknown[] {
  let out: unknown[] | undefined
  const objects = items.some((item) => item !== null && typeof item === 'object')
  items.forEach((item, index) => {
    const next = item === null ? (objects ? {} : '') : normalize(item)
    if (next !== item) (out ??= [...items])[index] = next
  })
  return out ?? (items as unknown[])
}

function normalizeObject(object: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined
  for (const key of Object.keys(object)) {
    const child = object[key]
    const next = child === null ? undefined : normalize(child)
    if (next === child) continue
    out ??= copy(object)
    if (next === undefined) delete out[key]
    else define(out, key, next)
  }
  return out ?? object
}

function copy(object: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(object)) define(out, key, object[key])
  return out
}

/** A key `__proto__` is a field like any other, not the prototype. */
function define(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  } else {
    object[key] = value
  }
}
