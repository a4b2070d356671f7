/**
 * volumeMounts and their volumes → Podman mounts, as `podman kube play` makes them:
 * hostPath → bind mount (or `--device` for CharDevice/BlockDevice), emptyDir → a named volume
 * (named per pod, `<pod>-<volume>`, so that two pods never share one), `medium: Memory` → a tmpfs,
 * persistentVolumeClaim → the named volume `claimName`. configMap and secret volumes become
 * directories of data files (lower-data.ts), bind-mounted read-only as Kubernetes mounts them.
 */
import type { Container, Volume, VolumeMount } from 'kubernetes-types/core/v1.js'
import { joinPointer } from '../diagnostics/pointer.js'
import type { Reporter } from '../diagnostics/reporter.js'
import type { DataFile, Mount } from '../model/pod-model.js'
import type { Inventory } from '../parse/pod-sources.js'
import { objectOf } from '../parse/pod-sources.js'
import { qualifyImageName } from './image-name.js'
import { volumeFiles } from './lower-data.js'

const PROPAGATION: Readonly<Record<string, string>> = {
  None: 'private',
  HostToContainer: 'rslave',
  Bidirectional: 'rshared',
}

export interface VolumeContext {
  readonly podName: string
  readonly volumes: ReadonlyMap<string, Volume>
  readonly reporter: Reporter
  readonly inventory: Inventory
  /** Where the data files are on the host at run time. */
  readonly dataDir: string
  /** Collects the data files the mounts need. */
  readonly dataFiles: DataFile[]
}

export function lowerMounts(
  container: Container,
  pointer: string,
  ctx: VolumeContext,
  asRoot: boolean,
): Mount[] {
  return (container.volumeMounts ?? []).flatMap((mount, index) => {
    const volume = ctx.volumes.get(mount.name)
    if (volume === undefined) return [] // reported by validation
    return lowerMount(mount, volume, joinPointer(pointer, 'volumeMounts', index), ctx, asRoot)
  })
}

function lowerMount(
  mount: VolumeMount,
  volume: Volume,
  pointer: string,
  ctx: VolumeContext,
  asRoot: boolean,
): Mount[] {
  const [target = '', extra] = splitMountPath(mount.mountPath)
  const options = [
    ...(extra === undefined ? [] : extra.split(',')),
    ...(mount.readOnly === true ? ['ro'] : []),
    ...(mount.mountPropagation === undefined ? [] : [PROPAGATION[mount.mountPropagation] ?? '']),
  ]
  const subPath = mount.subPath === undefined || mount.subPath === '' ? undefined : mount.subPath
  if (volume.hostPath !== undefined) {
    const type = volume.hostPath.type ?? ''
    if (type === 'CharDevice' || type === 'BlockDevice') {
      return [{ kind: 'device', source: volume.hostPath.path, target }]
    }
    const source =
      subPath === undefined
        ? volume.hostPath.path
        : `${volume.hostPath.path.replace(/\/+$/, '')}/${subPath}`
    // kube play relabels the paths it creates, as `:z` does.
    const relabel = type.endsWith('OrCreate') && !options.some((o) => /^[zZ]$/.test(o)) ? ['z'] : []
    return [{ kind: 'bind', source, target, options: [...options, ...relabel] }]
  }
  const data = volume.configMap ?? volume.secret
  if (data !== undefined) {
    const kind = volume.configMap === undefined ? 'Secret' : 'ConfigMap'
    const name = volume.configMap?.name ?? volume.secret?.secretName ?? ''
    const document = objectOf(ctx.inventory, kind, name)
    if (document === undefined) return [] // optional and absent: Kubernetes and Podman skip the mount
    // Per volume, not per object: two volumes of one ConfigMap may choose other items and modes.
    const directory = `${ctx.podName}/${kind === 'ConfigMap' ? 'configmaps' : 'secrets'}/${volume.name}`
    ctx.dataFiles.push(...volumeFiles(kind, document, directory, data.items, data.defaultMode))
    const source = `${ctx.dataDir}/${directory}${subPath === undefined ? '' : `/${subPath}`}`
    const readOnly = options.filter((o) => o !== 'ro')
    // Secret files are 0600: a container that runs as another user needs them chowned (`U`).
    const owner = kind === 'Secret' && !asRoot ? ['U'] : []
    return [{ kind: 'bind', source, target, options: ['ro', ...readOnly, ...owner] }]
  }
  const image = (volume as { image?: { reference?: string } }).image
  if (image !== undefined) {
    if (subPath !== undefined) {
      ctx.reporter.report('LOWER_UNSUPPORTED_FIELD', joinPointer(pointer, 'subPath'), {
        field: 'subPath on an image volume (it needs Podman 5.3)',
      })
      return []
    }
    // Image volumes are always read-only.
    return [
      { kind: 'image', source: image.reference ? qualifyImageName(image.reference) : '', target },
    ]
  }
  if (volume.emptyDir?.medium === 'Memory') {
    return [{ kind: 'tmpfs', target, options: options.filter((o) => o === 'ro') }]
  }
  const source =
    volume.emptyDir !== undefined
      ? `${ctx.podName}-${volume.name}`
      : volume.persistentVolumeClaim !== undefined
        ? volume.persistentVolumeClaim.claimName
        : undefined
  if (source === undefined) {
    ctx.reporter.report('LOWER_UNSUPPORTED_FIELD', pointer, {
      field: `a mount of this kind of volume ("${volume.name}")`,
    })
    return []
  }
  if (subPath !== undefined) {
    // `--mount type=volume,subpath=` arrived in Podman 4.5; 4.3 refuses it.
    ctx.reporter.report('LOWER_UNSUPPORTED_FIELD', joinPointer(pointer, 'subPath'), {
      field: 'subPath on a named volume (it needs Podman 4.5)',
    })
    return []
  }
  return [{ kind: 'volume', source, target, options }]
}

/** Podman's extension: `mountPath: /data:Z` carries mount options after a colon. */
function splitMountPath(path: string): [string, string?] {
  const index = path.indexOf(':')
  return index === -1 ? [path] : [path.slice(0, index), path.slice(index + 1)]
}
