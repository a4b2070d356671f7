/** Semantic rules for `spec.volumes`. */
import type { EmptyDirVolumeSource, Volume } from 'kubernetes-types/core/v1.js'
import { joinPointer } from '../diagnostics/pointer.js'
import { checkDns1123Label } from './names.js'
import { parseQuantity } from './quantity.js'
import type { PodContext } from './context.js'
import { checkEnum, checkReference } from './context.js'
import { REFUSED_VOLUME_SOURCES } from './refused-fields.js'
import { validateDownwardVolume } from './validate-downward.js'
import { checkItems, checkMode, checkSecretMode } from './validate-items.js'

const SUPPORTED_SOURCES = [
  'hostPath',
  'emptyDir',
  'configMap',
  'secret',
  'persistentVolumeClaim',
  'image', // Kubernetes 1.31+: not in the 1.30 schemas
  'downwardAPI',
  'projected',
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

/** A tmpfs gets the size; a disk-backed emptyDir cannot (a named volume has no size). */
function checkSizeLimit(ctx: PodContext, emptyDir: EmptyDirVolumeSource, pointer: string): void {
  const limit = emptyDir.sizeLimit
  if (limit === undefined) return
  const at = joinPointer(pointer, 'sizeLimit')
  const quantity = parseQuantity(String(limit))
  if (quantity === undefined || quantity.numerator < 0n) {
    ctx.reporter.report('QUANTITY_INVALID', at, { value: String(limit) })
  } else if (emptyDir.medium !== 'Memory') {
    ctx.reporter.report('EMPTY_DIR_SIZE', at, {}, { atKey: true })
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
    // A source that a later Kubernetes adds is refused too, until it is declared.
    const unsupported = sources.find(
      (k) => REFUSED_VOLUME_SOURCES.includes(k) || !SUPPORTED_SOURCES.includes(k),
    )
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
      checkSizeLimit(ctx, volume.emptyDir, joinPointer(pointer, 'emptyDir'))
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
      checkItems(ctx, data.items ?? [], at, { kind, name, optional })
      checkMode(ctx, data.defaultMode, joinPointer(at, 'defaultMode'))
      if (kind === 'Secret') {
        checkSecretMode(ctx, data.defaultMode, joinPointer(at, 'defaultMode'))
        ;(data.items ?? []).forEach((item, i) =>
          checkSecretMode(ctx, item.mode, joinPointer(at, 'items', i, 'mode')),
        )
      }
    }
    validateDownwardVolume(ctx, volume, pointer)
  })
}
