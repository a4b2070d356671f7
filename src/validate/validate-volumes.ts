/** Semantic rules for `spec.volumes`. */
import type { KeyToPath, Volume } from 'kubernetes-types/core/v1.js'
import { joinPointer } from '../diagnostics/pointer.js'
import { objectOf } from '../parse/pod-sources.js'
import { checkDns1123Label } from './names.js'
import type { PodContext } from './context.js'
import { checkEnum, checkReference } from './context.js'

const SUPPORTED_SOURCES = [
  'hostPath',
  'emptyDir',
  'configMap',
  'secret',
  'persistentVolumeClaim',
  'image', // Kubernetes 1.31+: not in the 1.30 schemas
]
const HOST_PATH_TYPES = [
  '',
  'DirectoryOrCreate',
  'Directory',
  'FileOrCreate',
  'File',
  'Socket',
  'CharDevice',
  'BlockDevice',
]
const MEDIA = ['', 'Memory']

/** `items` of a configMap or secret volume: keys that exist, paths that stay inside the volume. */
function checkItems(
  ctx: PodContext,
  kind: 'ConfigMap' | 'Secret',
  name: string,
  optional: boolean,
  items: readonly KeyToPath[],
  pointer: string,
): void {
  const exists = objectOf(ctx.inventory, kind, name) !== undefined
  items.forEach((item, index) => {
    const at = joinPointer(pointer, 'items', index)
    if (exists) checkReference(ctx, kind, name, optional, at, item.key, joinPointer(at, 'key'))
    checkMode(ctx, item.mode, joinPointer(at, 'mode'))
    const path = item.path
    if (path.startsWith('/') || path.split('/').includes('..') || path === '') {
      ctx.reporter.report('ITEM_PATH_INVALID', joinPointer(at, 'path'), { value: path })
    }
  })
}

function checkMode(ctx: PodContext, mode: number | undefined, pointer: string): void {
  if (mode !== undefined && (mode < 0 || mode > 0o777)) {
    ctx.reporter.report('MODE_INVALID', pointer, { value: mode })
  }
}

export function validateVolumes(ctx: PodContext, volumes: readonly Volume[]): void {
  const seen = new Set<string>()
  volumes.forEach((volume, index) => {
    const pointer = joinPointer(ctx.pod.specPointer, 'volumes', index)
    const problem = checkDns1123Label(volume.name)
    if (problem !== undefined) {
      ctx.reporter.report('NAME_INVALID', joinPointer(pointer, 'name'), {
        value: volume.name,
        rule: problem,
      })
    }
    if (seen.has(volume.name)) {
      ctx.reporter.report('NAME_DUPLICATE_VOLUME', joinPointer(pointer, 'name'), {
        name: volume.name,
      })
    }
    seen.add(volume.name)
    const sources = Object.keys(volume).filter((k) => k !== 'name')
    const unsupported = sources.find((k) => !SUPPORTED_SOURCES.includes(k))
    if (unsupported !== undefined) {
      ctx.reporter.report(
        'VOLUME_UNSUPPORTED',
        joinPointer(pointer, unsupported),
        { source: unsupported },
        { atKey: true },
      )
    }
    if (volume.hostPath !== undefined) {
      checkEnum(
        ctx,
        volume.hostPath.type,
        joinPointer(pointer, 'hostPath', 'type'),
        HOST_PATH_TYPES,
      )
      if (!volume.hostPath.path.startsWith('/')) {
        ctx.reporter.report('MOUNT_PATH_RELATIVE', joinPointer(pointer, 'hostPath', 'path'), {
          value: volume.hostPath.path,
        })
      }
    }
    if (volume.emptyDir !== undefined) {
      checkEnum(ctx, volume.emptyDir.medium, joinPointer(pointer, 'emptyDir', 'medium'), MEDIA)
    }
    const data = volume.configMap ?? volume.secret
    if (data !== undefined) {
      const [kind, field, nameField] =
        volume.configMap === undefined
          ? (['Secret', 'secret', 'secretName'] as const)
          : (['ConfigMap', 'configMap', 'name'] as const)
      const name = volume.configMap?.name ?? volume.secret?.secretName ?? ''
      const optional = data.optional === true
      const at = joinPointer(pointer, field)
      checkReference(ctx, kind, name, optional, joinPointer(at, nameField))
      checkItems(ctx, kind, name, optional, data.items ?? [], at)
      checkMode(ctx, data.defaultMode, joinPointer(at, 'defaultMode'))
    }
  })
}
