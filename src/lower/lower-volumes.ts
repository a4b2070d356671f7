/**
 * volumeMounts and their volumes → Podman mounts, as `podman kube play` makes them:
 * hostPath → bind mount (or `--device` for CharDevice/BlockDevice), emptyDir → a named volume
 * (named per pod, `<pod>-<volume>`, so that two pods never share one), `medium: Memory` → a tmpfs,
 * persistentVolumeClaim → the named volume `claimName`. configMap, secret, downwardAPI and
 * projected volumes become directories of data files (lower-data-volumes.ts), bind-mounted
 * read-only as Kubernetes mounts them.
 */
import type { Container, Volume, VolumeMount } from 'kubernetes-types/core/v1.js'
import { joinPointer } from '../diagnostics/pointer.js'
import type { Reporter } from '../diagnostics/reporter.js'
import type { DataFile, Mount } from '../model/pod-model.js'
import type { Inventory, PodSource } from '../parse/pod-sources.js'
import { ceilScaled, parseQuantity } from '../validate/quantity.js'
import { dataVolume } from './lower-data-volumes.js'
import { qualifyImageName } from './image-name.js'

const PROPAGATION: Readonly<Record<string, string>> = {
  None: 'private',
  HostToContainer: 'rslave',
  Bidirectional: 'rshared',
}

export interface VolumeContext {
  readonly pod: PodSource
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
  /** `$(VAR)` expansion with the container's env, for `subPathExpr`. */
  expand: (text: string, pointer: string) => string,
): Mount[] {
  return (container.volumeMounts ?? []).flatMap((mount, index) => {
    const volume = ctx.volumes.get(mount.name)
    if (volume === undefined) return [] // reported by validation
    const at = joinPointer(pointer, 'volumeMounts', index)
    const expr = mount.subPathExpr
    const expanded = expr ? { subPath: expand(expr, joinPointer(at, 'subPathExpr')) } : {}
    const subPath = expanded.subPath ?? ''
    if (subPath.startsWith('/') || subPath.split('/').includes('..')) {
      ctx.reporter.report('ITEM_PATH_INVALID', joinPointer(at, 'subPathExpr'), { value: subPath })
      return []
    }
    return lowerMount({ ...mount, ...expanded }, volume, at, ctx, asRoot)
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
  const data = dataVolume(volume, ctx.pod, ctx.inventory)
  if (data !== undefined) {
    // Per volume, not per object: two volumes of one ConfigMap may choose other items and modes.
    ctx.dataFiles.push(...data.files)
    const source = `${ctx.dataDir}/${data.directory}${subPath === undefined ? '' : `/${subPath}`}`
    const readOnly = options.filter((o) => o !== 'ro')
    // Secret files are 0600: a container that runs as another user needs them chowned (`U`).
    const owner = data.secret && !asRoot ? ['U'] : []
    return [{ kind: 'bind', source, target, options: ['ro', ...readOnly, ...owner] }]
  }
  if (isDataVolume(volume)) return [] // optional and absent: Kubernetes and Podman skip the mount
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
    const size = volume.emptyDir.sizeLimit
    const bytes = size === undefined ? undefined : parseQuantity(String(size))
    const sized = bytes === undefined ? [] : [`size=${ceilScaled(bytes)}`]
    return [{ kind: 'tmpfs', target, options: [...options.filter((o) => o === 'ro'), ...sized] }]
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
  // Kubernetes mounts a claim read-only when the volume says so; kube play ignores it.
  const claimReadOnly =
    volume.persistentVolumeClaim?.readOnly === true && !options.includes('ro') ? ['ro'] : []
  return [{ kind: 'volume', source, target, options: [...options, ...claimReadOnly] }]
}

function isDataVolume(volume: Volume): boolean {
  return ['configMap', 'secret', 'downwardAPI', 'projected'].some(
    (source) => (volume as unknown as Record<string, unknown>)[source] !== undefined,
  )
}

/** Podman's extension: `mountPath: /data:Z` carries mount options after a colon. */
function splitMountPath(path: string): [string, string?] {
  const index = path.indexOf(':')
  return index === -1 ? [path] : [path.slice(0, index), path.slice(index + 1)]
}
