/**
 * configMap, secret, downwardAPI and projected volumes → a directory of data files that is
 * bind-mounted read-only, with Kubernetes' file names and modes (default 0644, or defaultMode,
 * or an item's mode). Files with Secret data are always 0600 in a 0700 directory: a projected
 * volume with a secret source is written entirely by that rule.
 *
 * Kubernetes writes the files into a timestamped directory and points `..data` and each name at
 * it through symbolic links, so that an update is atomic. podunit writes the files themselves:
 * the data cannot change while the pod runs (it is fixed when converting), and a data file is a
 * plain file that `install` and `check` can compare.
 *
 * Layout under the data directory: `<pod>/configmaps/<volume>/`, `<pod>/secrets/<volume>/`,
 * `<pod>/downward/<volume>/`, `<pod>/projected/<volume>/`.
 */
import type { DownwardAPIVolumeFile, KeyToPath, Volume } from 'kubernetes-types/core/v1.js'
import type { DataFile } from '../model/pod-model.js'
import type { Inventory, PodSource } from '../parse/pod-sources.js'
import { objectOf } from '../parse/pod-sources.js'
import { CONFIG_FILE_MODE, objectData, SECRET_FILE_MODE } from './lower-data.js'
import { downwardItemText } from './lower-downward.js'

export interface DataVolume {
  /** Relative to the data directory: `<pod>/<kind>/<volume>`. */
  readonly directory: string
  /** Holds Secret data: mode 0600, chowned to a container's non-root user. */
  readonly secret: boolean
  readonly files: readonly DataFile[]
}

type ObjectKind = 'ConfigMap' | 'Secret'

/** The data volume, or undefined when the volume is not one, or has nothing to mount. */
export function dataVolume(
  volume: Volume,
  pod: PodSource,
  inventory: Inventory,
): DataVolume | undefined {
  const base = (kind: string) => `${pod.podName}/${kind}/${volume.name}`
  if (volume.configMap !== undefined || volume.secret !== undefined) {
    const secret = volume.configMap === undefined
    const kind: ObjectKind = secret ? 'Secret' : 'ConfigMap'
    const name = volume.configMap?.name ?? volume.secret?.secretName ?? ''
    const source = volume.configMap ?? volume.secret
    // An optional object that is absent: kube play skips the mount.
    if (objectOf(inventory, kind, name) === undefined) return undefined
    const directory = base(secret ? 'secrets' : 'configmaps')
    const files = objectFiles(kind, name, source?.items, source?.defaultMode, inventory)
    return { directory, secret, files: within(directory, files, secret) }
  }
  if (volume.downwardAPI !== undefined) {
    const { items = [], defaultMode } = volume.downwardAPI
    const directory = base('downward')
    return {
      directory,
      secret: false,
      files: within(directory, downwardFiles(items, defaultMode, pod), false),
    }
  }
  const projected = volume.projected
  if (projected === undefined) return undefined
  const secret = (projected.sources ?? []).some((s) => s.secret !== undefined)
  const mode = projected.defaultMode
  const files = (projected.sources ?? []).flatMap((source): DataFile[] => {
    if (source.downwardAPI !== undefined) {
      return downwardFiles(source.downwardAPI.items ?? [], mode, pod)
    }
    const ref = source.configMap ?? source.secret
    if (ref === undefined) return []
    const kind: ObjectKind = source.configMap === undefined ? 'Secret' : 'ConfigMap'
    return objectFiles(kind, ref.name ?? '', ref.items, mode, inventory)
  })
  if (files.length === 0) return undefined
  const directory = base(secret ? 'secrets' : 'projected')
  return { directory, secret, files: within(directory, files, secret) }
}

/** Paths made relative to the data directory; a Secret's volume is 0600 throughout. */
function within(directory: string, files: readonly DataFile[], secret: boolean): DataFile[] {
  return files.map((file) => ({
    path: `${directory}/${file.path}`,
    content: file.content,
    mode: secret ? SECRET_FILE_MODE : file.mode,
  }))
}

/** Every key of the object, or the `items` chosen; paths relative to the volume. */
function objectFiles(
  kind: ObjectKind,
  name: string,
  items: readonly KeyToPath[] | undefined,
  defaultMode: number | undefined,
  inventory: Inventory,
): DataFile[] {
  const document = objectOf(inventory, kind, name)
  if (document === undefined) return [] // optional and absent
  const data = objectData(kind, document)
  const chosen: readonly KeyToPath[] = items ?? [...data.keys()].map((key) => ({ key, path: key }))
  return chosen.flatMap((item) => {
    const content = data.get(item.key)
    if (content === undefined) return [] // a missing key is reported by validation, or optional
    return [{ path: item.path, content, mode: modeOf(item.mode, defaultMode) }]
  })
}

function downwardFiles(
  items: readonly DownwardAPIVolumeFile[],
  defaultMode: number | undefined,
  pod: PodSource,
): DataFile[] {
  return items.flatMap((item) => {
    const content = downwardItemText(item, pod)
    if (content === undefined) return [] // refused by validation
    return [{ path: item.path, content, mode: modeOf(item.mode, defaultMode) }]
  })
}

function modeOf(mode: number | undefined, defaultMode: number | undefined): number {
  return (mode ?? defaultMode ?? CONFIG_FILE_MODE) & 0o777
}
