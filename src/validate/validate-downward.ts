/**
 * Semantic rules for the downward API (`fieldRef`, `resourceFieldRef` in env and in volume items)
 * and for downwardAPI and projected volumes.
 */
import type {
  Container,
  DownwardAPIVolumeFile,
  ObjectFieldSelector,
  ResourceFieldSelector,
  Volume,
} from 'kubernetes-types/core/v1.js'
import { joinPointer } from '../diagnostics/pointer.js'
import type { PodContext } from './context.js'
import { checkReference } from './context.js'
import type { DownwardUse } from './downward.js'
import { classifyFieldPath, CPU_DIVISORS, isResource, MEMORY_DIVISORS } from './downward.js'
import { REFUSED_PROJECTIONS } from './refused-fields.js'
import { checkItemPath, checkItems, checkMode, checkSecretMode } from './validate-items.js'

export function checkFieldRef(
  ctx: PodContext,
  ref: ObjectFieldSelector,
  pointer: string,
  use: DownwardUse,
): void {
  if (ref.apiVersion !== undefined && ref.apiVersion !== 'v1') {
    ctx.reporter.report('ENUM_INVALID', joinPointer(pointer, 'apiVersion'), {
      value: ref.apiVersion,
      allowed: ['v1'],
    })
  }
  const at = joinPointer(pointer, 'fieldPath')
  const found = classifyFieldPath(ref.fieldPath, use)
  if (found.kind === 'invalid') {
    ctx.reporter.report('FIELD_PATH_UNSUPPORTED', at, { value: ref.fieldPath })
  } else if (found.kind === 'run-time') {
    ctx.reporter.report('FIELD_PATH_AT_RUN_TIME', at, {
      value: ref.fieldPath,
      reason: found.reason,
    })
  }
}

/**
 * A resource of a container: its own (env), or the one named (`containerName`, required in
 * volumes). A limit that is not set would be the node's allocatable amount, which depends on the
 * host at run time: refused. A request that is not set is the limit, or 0.
 */
export function checkResourceRef(
  ctx: PodContext,
  ref: ResourceFieldSelector,
  pointer: string,
  self: Container | undefined,
): void {
  const named = ref.containerName ?? ''
  let container = self
  if (named !== '' || self === undefined) {
    const all = [...(ctx.pod.spec.initContainers ?? []), ...ctx.pod.spec.containers]
    container = all.find((c) => c.name === named)
    if (named === '') {
      ctx.reporter.report('SCHEMA_REQUIRED', pointer, { field: 'containerName' })
    } else if (container === undefined) {
      const at = joinPointer(pointer, 'containerName')
      ctx.reporter.report('RESOURCE_CONTAINER_UNKNOWN', at, { name: named })
    }
  }
  const at = joinPointer(pointer, 'resource')
  if (!isResource(ref.resource)) {
    ctx.reporter.report('ENUM_INVALID', at, {
      value: ref.resource,
      allowed: ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.…'],
    })
    return
  }
  const [section, name = ''] = ref.resource.split('.')
  if (container !== undefined && section === 'limits') {
    if (container.resources?.limits?.[name] === undefined) {
      ctx.reporter.report('RESOURCE_NOT_SET', at, { resource: ref.resource })
    }
  }
  const divisor = String(ref.divisor ?? '1')
  const allowed = name === 'cpu' ? CPU_DIVISORS : MEMORY_DIVISORS
  if (!allowed.includes(divisor)) {
    ctx.reporter.report('ENUM_INVALID', joinPointer(pointer, 'divisor'), {
      value: divisor,
      allowed,
    })
  }
}

function checkDownwardItems(
  ctx: PodContext,
  items: readonly DownwardAPIVolumeFile[],
  pointer: string,
): void {
  items.forEach((item, index) => {
    const at = joinPointer(pointer, 'items', index)
    checkItemPath(ctx, item.path, joinPointer(at, 'path'))
    checkMode(ctx, item.mode, joinPointer(at, 'mode'))
    if (item.fieldRef !== undefined) {
      checkFieldRef(ctx, item.fieldRef, joinPointer(at, 'fieldRef'), 'volume')
    } else if (item.resourceFieldRef !== undefined) {
      checkResourceRef(ctx, item.resourceFieldRef, joinPointer(at, 'resourceFieldRef'), undefined)
    } else {
      ctx.reporter.report('SCHEMA_REQUIRED', at, { field: 'fieldRef' })
    }
  })
}

/** A downwardAPI or projected volume at `pointer`. */
export function validateDownwardVolume(ctx: PodContext, volume: Volume, pointer: string): void {
  if (volume.downwardAPI !== undefined) {
    const at = joinPointer(pointer, 'downwardAPI')
    checkMode(ctx, volume.downwardAPI.defaultMode, joinPointer(at, 'defaultMode'))
    checkDownwardItems(ctx, volume.downwardAPI.items ?? [], at)
  }
  const projected = volume.projected
  if (projected === undefined) return
  const at = joinPointer(pointer, 'projected')
  const sources = projected.sources ?? []
  const secret = sources.some((source) => source.secret !== undefined)
  checkMode(ctx, projected.defaultMode, joinPointer(at, 'defaultMode'))
  if (secret) checkSecretMode(ctx, projected.defaultMode, joinPointer(at, 'defaultMode'))
  sources.forEach((source, index) => {
    const sourceAt = joinPointer(at, 'sources', index)
    for (const [field, reason] of Object.entries(REFUSED_PROJECTIONS)) {
      if ((source as Record<string, unknown>)[field] === undefined) continue
      ctx.reporter.report(
        'PROJECTION_UNSUPPORTED',
        joinPointer(sourceAt, field),
        { source: field, reason },
        { atKey: true },
      )
    }
    if (source.downwardAPI !== undefined) {
      checkDownwardItems(ctx, source.downwardAPI.items ?? [], joinPointer(sourceAt, 'downwardAPI'))
    }
    const data = source.configMap ?? source.secret
    if (data === undefined) return
    const [kind, field] =
      source.configMap === undefined
        ? (['Secret', 'secret'] as const)
        : (['ConfigMap', 'configMap'] as const)
    const dataAt = joinPointer(sourceAt, field)
    const name = data.name ?? ''
    checkReference(ctx, kind, name, data.optional === true, joinPointer(dataAt, 'name'))
    checkItems(ctx, data.items ?? [], dataAt, { kind, name, optional: data.optional === true })
    if (secret) {
      ;(data.items ?? []).forEach((item, i) =>
        checkSecretMode(ctx, item.mode, joinPointer(dataAt, 'items', i, 'mode')),
      )
    }
  })
}
