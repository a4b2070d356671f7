/** What the semantic rules of one pod share. */
import type { Reporter } from '../diagnostics/reporter.js'
import type { Inventory, PodSource } from '../parse/pod-sources.js'
import { objectOf } from '../parse/pod-sources.js'

export interface PodContext {
  readonly pod: PodSource
  readonly inventory: Inventory
  readonly reporter: Reporter
}

export function checkEnum(
  ctx: PodContext,
  value: string | undefined,
  pointer: string,
  allowed: readonly string[],
): void {
  if (value !== undefined && !allowed.includes(value)) {
    ctx.reporter.report('ENUM_INVALID', pointer, { value, allowed })
  }
}

/** A ConfigMap or Secret that must be in the input, with `key` in its data when given. */
export function checkReference(
  ctx: PodContext,
  kind: 'ConfigMap' | 'Secret',
  name: string,
  optional: boolean,
  pointer: string,
  key?: string,
  keyAt?: string,
): void {
  const document = objectOf(ctx.inventory, kind, name)
  if (document === undefined) {
    if (!optional) ctx.reporter.report('REFERENCE_MISSING', pointer, { kind, name })
    return
  }
  if (key === undefined) return
  const value = document.value
  const keys = new Set(
    ['data', 'binaryData', 'stringData'].flatMap((field) => Object.keys(value[field] ?? {})),
  )
  if (!keys.has(key) && !optional) {
    // The key sits beside the name in a configMapKeyRef or secretKeyRef.
    const keyPointer = keyAt ?? pointer.replace(/\/name$/, '/key')
    ctx.reporter.report('REFERENCE_KEY_MISSING', keyPointer, { kind, name, key })
  }
}
