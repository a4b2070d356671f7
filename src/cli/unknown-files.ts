/**
 * `--ignore-unknown` for what the command line reads before parsing:
 * - the files of a Helm chart's `templates/` directory (the one next to its `Chart.yaml`) are Go
 *   templates, manifests only once `helm template` has rendered them: skipped, valid YAML or not;
 * - a file refused unread (too large, not UTF-8) is reported only when its beginning names a kind
 *   podunit reads: a large YAML file of another tool is not podunit's business.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { looksLikeManifest } from '../validate/scope.js'
import type { Inputs } from './inputs.js'

/** `path` as the inputs were read: relative to the working directory. */
export function isHelmTemplate(path: string): boolean {
  if (path === '-') return false
  let dir = dirname(resolve(path))
  for (;;) {
    const parent = dirname(dir)
    if (parent === dir) return false
    if (basename(dir) === 'templates' && existsSync(join(parent, 'Chart.yaml'))) return true
    dir = parent
  }
}

const HEAD_BYTES = 64 * 1024

/** The first 64 KiB of a file, as Latin-1 (any bytes); '' when it cannot be read. */
function headOf(path: string): string {
  if (path === '-') return ''
  let fd: number | undefined
  try {
    fd = openSync(path, 'r')
    const buffer = Buffer.alloc(HEAD_BYTES)
    return buffer.toString('latin1', 0, readSync(fd, buffer, 0, HEAD_BYTES, 0))
  } catch {
    return ''
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** The inputs without what is not podunit's business, when unknown files are ignored. */
export function withoutUnknownFiles(inputs: Inputs, ignoreUnknown: boolean): Inputs {
  if (!ignoreUnknown) return inputs
  return {
    sources: inputs.sources.filter((s) => !isHelmTemplate(s.path)),
    diagnostics: inputs.diagnostics.filter(
      (d) =>
        !isHelmTemplate(d.file) && (d.file === '-' || looksLikeManifest(headOf(d.file), false)),
    ),
  }
}
