/** Rules for the files of data volumes: item paths, modes, and the keys items name. */
import type { KeyToPath } from 'kubernetes-types/core/v1.js'
import { joinPointer } from '../diagnostics/pointer.js'
import { objectOf } from '../parse/pod-sources.js'
import type { PodContext } from './context.js'
import { checkReference } from './context.js'

/** A file's path inside its volume: relative, without `..`. */
export function checkItemPath(ctx: PodContext, path: string, pointer: string): void {
  if (path.startsWith('/') || path.split('/').includes('..') || path === '') {
    ctx.reporter.report('ITEM_PATH_INVALID', pointer, { value: path })
  }
}

export function checkMode(ctx: PodContext, mode: number | undefined, pointer: string): void {
  if (mode !== undefined && (mode < 0 || mode > 0o777)) {
    ctx.reporter.report('MODE_INVALID', pointer, { value: mode })
  }
}

/** Files with Secret data are always 0600: another mode asked for is not honoured. */
export function checkSecretMode(ctx: PodContext, mode: number | undefined, pointer: string): void {
  if (mode !== undefined && mode >= 0 && mode <= 0o777 && mode !== 0o600) {
    ctx.reporter.report('SECRET_MODE_FIXED', pointer, { value: mode })
  }
}

/** `items` of a configMap or secret source: keys that exist, paths that stay inside the volume. */
export function checkItems(
  ctx: PodContext,
  items: readonly KeyToPath[],
  pointer: string,
  ref: {
    readonly kind: 'ConfigMap' | 'Secret'
    readonly name: string
    readonly optional: boolean
  },
): void {
  const exists = objectOf(ctx.inventory, ref.kind, ref.name) !== undefined
  items.forEach((item, index) => {
    const at = joinPointer(pointer, 'items', index)
    if (exists) {
      checkReference(ctx, ref.kind, ref.name, ref.optional, at, item.key, joinPointer(at, 'key'))
    }
    checkMode(ctx, item.mode, joinPointer(at, 'mode'))
    checkItemPath(ctx, item.path, joinPointer(at, 'path'))
  })
}
