/** Reads the FILE... arguments: files, directories (their YAML files, recursively) and `-`. */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { InputError } from './errors.js'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { fileDiagnostic } from '../diagnostics/reporter.js'
import type { SourceFile } from '../parse/parse-yaml.js'
import { DEFAULT_LIMITS } from '../parse/parse-yaml.js'

export interface Inputs {
  readonly sources: readonly SourceFile[]
  /** Inputs refused before parsing (too large, not UTF-8): exit status 1. */
  readonly diagnostics: readonly Diagnostic[]
}

const YAML_FILE = /\.ya?ml$/

export function readInputs(
  paths: readonly string[],
  readStdin: (maxBytes: number) => string | Uint8Array,
  maxBytes = DEFAULT_LIMITS.maxBytes,
): Inputs {
  const sources: SourceFile[] = []
  const diagnostics: Diagnostic[] = []
  const add = (path: string, bytes: Buffer) => {
    const decoded = decode(path, bytes, maxBytes)
    if (typeof decoded === 'string') sources.push({ path, text: decoded })
    else diagnostics.push(decoded)
  }
  for (const path of paths) {
    if (path === '-') {
      const input = readStdin(maxBytes)
      add('-', typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input))
      continue
    }
    for (const file of expand(path)) {
      const stat = statOf(file)
      if (stat.isFile() && stat.size > maxBytes) {
        diagnostics.push(
          fileDiagnostic(file, 'PARSE_TOO_LARGE', { size: stat.size, limit: maxBytes }),
        )
        continue
      }
      add(file, readOrThrow(file, maxBytes))
    }
  }
  return { sources, diagnostics }
}

function expand(path: string): string[] {
  if (!statOf(path).isDirectory()) return [path]
  const out: string[] = []
  const walk = (dir: string) => {
    let entries
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch (error) {
      throw new InputError(`cannot read directory ${dir}: ${reason(error)}`)
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = join(dir, entry.name)
      if (entry.isDirectory()) walk(child)
      else if (YAML_FILE.test(entry.name) && (entry.isFile() || statOf(child).isFile()))
        out.push(child)
    }
  }
  walk(path)
  if (out.length === 0) throw new InputError(`no YAML files (*.yaml, *.yml) in ${path}`)
  return out
}

function statOf(path: string) {
  try {
    return statSync(path)
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${reason(error)}`)
  }
}

/** At most `maxBytes + 1` bytes: a device or a pipe has no size to check first. */
function readOrThrow(path: string, maxBytes: number): Buffer {
  let fd: number | undefined
  try {
    fd = openSync(path, 'r')
    return readBounded(fd, maxBytes)
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${reason(error)}`)
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** Reads a file descriptor to its end or to `maxBytes + 1` bytes, whichever comes first. */
export function readBounded(fd: number, maxBytes: number): Buffer {
  const chunks: Buffer[] = []
  let total = 0
  for (;;) {
    const chunk = Buffer.alloc(Math.min(1 << 16, maxBytes + 1 - total))
    let read: number
    try {
      read = readSync(fd, chunk, 0, chunk.length, null)
    } catch (error) {
      if ((error as { code?: string }).code === 'EAGAIN') continue
      if ((error as { code?: string }).code === 'EOF') break
      throw error
    }
    if (read === 0) break
    chunks.push(chunk.subarray(0, read))
    total += read
    if (total > maxBytes) break
  }
  return Buffer.concat(chunks)
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

function decode(path: string, bytes: Buffer, maxBytes: number): string | Diagnostic {
  if (bytes.length > maxBytes) {
    return fileDiagnostic(path, 'PARSE_TOO_LARGE', { size: bytes.length, limit: maxBytes })
  }
  try {
    return UTF8.decode(bytes)
  } catch {
    const offset = firstInvalidUtf8(bytes)
    const before = bytes.subarray(0, offset).toString('utf8')
    const line = before.split('\n').length
    const column = before.length - before.lastIndexOf('\n')
    return fileDiagnostic(
      path,
      'PARSE_INVALID_TEXT',
      { detail: `the file is not UTF-8 text (byte ${offset})` },
      line,
      column,
    )
  }
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0
    if (length === 0) return i
    const second = bytes[i + 1] ?? 0
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const [low, high] =
      lead === 0xe0
        ? [0xa0, 0xbf]
        : lead === 0xed
          ? [0x80, 0x9f]
          : lead === 0xf0
            ? [0x90, 0xbf]
            : lead === 0xf4
              ? [0x80, 0x8f]
              : [0x80, 0xbf]
    if (length > 1 && (second < low || second > high)) return i
    for (let k = 2; k < length; k++) {
      const next = bytes[i + k] ?? 0
      if (next < 0x80 || next > 0xbf) return i
    }
    i += length
  }
  return i
}

export function reason(error: unknown): string {
  if (error instanceof Error && 'code' in error) {
    const code = String(error.code)
    const known: Record<string, string> = {
      ENOENT: 'no such file or directory',
      EACCES: 'permission denied',
      EISDIR: 'is a directory',
      ENOTDIR: 'not a directory',
      EROFS: 'read-only file system',
      ENOSPC: 'no space left on device',
      EPERM: 'operation not permitted',
    }
    return known[code] ?? error.message
  }
  return error instanceof Error ? error.message : String(error)
}
