/** Semantic rules for `spec.volumes`. */
import type { Volume } from 'kubernetes-types/core/v1.js'
import { joinPointer } from '../diagnostics/pointer.js'
import { checkDns1123Label } from './names.js'
import type { PodContext } from './context.js'
import { checkEnum, checkReference } from './context.js'

const SUPPORTED_SOURCES = ['hostPath', 'emptyDir', 'configMap', 'secret', 'persistentVolumeClaim']
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
    if (volume.configMap !== undefined) {
      const ref = volume.configMap
      checkReference(
        ctx,
        'ConfigMap',
        ref.name ?? '',
        ref.optional === true,
        joinPointer(pointer, 'configMap', 'name'),
      )
    }
    if (volume.secret !== undefined) {
      const ref = volume.secret
      checkReference(
        ctx,
        'Secret',
        ref.secretName ?? '',
        ref.optional === true,
        joinPointer(pointer, 'secret', 'secretName'),
      )
    }
  })
}
