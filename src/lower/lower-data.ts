/**
 * ConfigMap and Secret data that must reach a container at run time. A unit file is
 * world-readable, so a Secret value never goes into one: it is written to a data file (mode 0600,
 * in a directory of mode 0700) that the unit refers to by path. ConfigMap values given as env go
 * straight into the unit; ConfigMap volumes become data files too.
 *
 * Layout, relative to the data directory (`--data-dir`, default `/etc/podunit`):
 *   <pod>/configmaps/<volume>/<file> a configMap volume          (0644, or its defaultMode)
 *   <pod>/secrets/<volume>/<file>    a secret volume             (0600)
 *   <pod>/<container>.env            Secret env for --env-file   (0600)
 */
import type { SourceDocument } from '../parse/parse-yaml.js'

export const SECRET_FILE_MODE = 0o600
export const CONFIG_FILE_MODE = 0o644

export type ObjectKind = 'ConfigMap' | 'Secret'

/** Every key of a ConfigMap (`data`, `binaryData`) or a Secret (`data`, `stringData`) as bytes. */
export function objectData(kind: ObjectKind, document: SourceDocument): Map<string, Uint8Array> {
  const value = document.value
  const out = new Map<string, Uint8Array>()
  const add = (field: string, decode: (text: string) => Uint8Array) => {
    const entries = value[field]
    if (entries === null || typeof entries !== 'object') return
    for (const [key, text] of Object.entries(entries as Record<string, unknown>)) {
      out.set(key, decode(String(text)))
    }
  }
  const utf8 = (text: string) => Buffer.from(text, 'utf8')
  const base64 = (text: string) => Buffer.from(text, 'base64')
  if (kind === 'ConfigMap') {
    add('binaryData', base64)
    add('data', utf8)
  } else {
    add('data', base64)
    add('stringData', utf8) // stringData wins over data, as the API server merges them
  }
  return out
}

/** `--env-file` lines; podman reads `NAME=value` a line, so a value cannot hold a newline. */
export function envFile(
  entries: readonly { readonly key: string; readonly value: string }[],
): string {
  return entries.map((e) => `${e.key}=${e.value}\n`).join('')
}
