/**
 * The Quadlet file model (`.pod`, `.container`): groups of ordered entries, each value typed by
 * how it must be encoded (encode.ts), and the one printer of these files.
 */
import { escapeEnvAssignment } from '../../unit/escape.js'
import { encodeRaw, encodeWords } from './encode.js'

export type QuadletValue =
  /** A raw key's value (`WorkingDir=`, `Volume=`): bare, `$`/`%` doubled. */
  | { readonly kind: 'raw'; readonly text: string }
  /** An exec-word or key=value key's words (`Exec=`, `Environment=`): each one quoted. */
  | { readonly kind: 'words'; readonly words: readonly string[] }
  /** A systemd `Environment=` assignment of `[Service]`, which Quadlet copies as it is. */
  | { readonly kind: 'env'; readonly assignment: string }
  /** Text podunit made that needs no encoding: names, numbers, booleans, unit names. */
  | { readonly kind: 'fixed'; readonly text: string }

export interface QuadletEntry {
  readonly key: string
  readonly value: QuadletValue
}

export type GroupName = 'Unit' | 'Pod' | 'Container' | 'Service' | 'Install'

export interface QuadletGroup {
  readonly name: GroupName
  readonly entries: readonly QuadletEntry[]
}

export interface QuadletFile {
  /** `web.pod`, `web-nginx.container` */
  readonly fileName: string
  /** Comment lines at the top, without the `# `; Quadlet copies them into the unit it writes. */
  readonly header: readonly string[]
  readonly groups: readonly QuadletGroup[]
}

export const raw = (text: string): QuadletValue => ({ kind: 'raw', text })
export const words = (list: readonly string[]): QuadletValue => ({ kind: 'words', words: list })
export const fixed = (text: string): QuadletValue => ({ kind: 'fixed', text })
export const env = (assignment: string): QuadletValue => ({ kind: 'env', assignment })

export function printQuadletFile(file: QuadletFile): string {
  const out = file.header.map((line) => `# ${line}`)
  for (const group of file.groups) {
    if (group.entries.length === 0) continue
    out.push('', `[${group.name}]`)
    for (const { key, value } of group.entries) out.push(`${key}=${printValue(value)}`)
  }
  return out.join('\n') + '\n'
}

function printValue(value: QuadletValue): string {
  switch (value.kind) {
    case 'raw':
      return encodeRaw(value.text)
    case 'words':
      return encodeWords(value.words)
    case 'env':
      return escapeEnvAssignment(value.assignment)
    case 'fixed':
      return value.text
  }
}
