/**
 * All-or-nothing output: every file is first written to a temporary file in its target directory;
 * only when all of them are written are they renamed into place, each rename atomic. A failure
 * before that removes the temporary files and leaves the directory as it was.
 */
import {
  closeSync,
  existsSync,
  linkSync,
  lstatSync,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { ConvertResult } from '../index.js'
import { OutputError } from './errors.js'
import { reason } from './inputs.js'

export interface OutputFile {
  /** Relative to the output directory; may name subdirectories, which are made as needed. */
  readonly name: string
  readonly content: string | Uint8Array
  /** @default 0o644 */
  readonly mode?: number
}

export interface WriteResult {
  readonly written: readonly string[]
  readonly unchanged: readonly string[]
}

export function writeFilesAtomically(dir: string, files: readonly OutputFile[]): WriteResult {
  return writeGroupsAtomically([{ dir, files }])
}

export interface OutputGroup {
  readonly dir: string
  readonly files: readonly OutputFile[]
  /** The mode of `dir` when it must be made. @default 0o755 */
  readonly dirMode?: number
}

/** One transaction over several directories: the units and the data files of `install`. */
export function writeGroupsAtomically(groups: readonly OutputGroup[]): WriteResult {
  const made: string[] = []
  const pending: { temp: string; target: string }[] = []
  const unchanged: string[] = []
  const undo = () => {
    for (const path of [...pending.map((p) => p.temp), ...made.reverse()]) {
      try {
        rmSync(path, { recursive: true, force: true })
      } catch {
        // best effort: the error that made us undo is the one to report
      }
    }
  }
  let current = ''
  try {
    for (const { dir, files, dirMode } of groups) {
      current = dir
      made.push(...prepareDirectory(dir, dirMode ?? 0o755))
      for (const file of files) {
        const target = join(dir, file.name)
        if (sameContent(target, file)) {
          unchanged.push(target)
          continue
        }
        checkReplaceable(target)
        made.push(...makeParents(dir, file))
        const temp = join(
          dirname(target),
          `.${basename(target)}.${process.pid}.${pending.length}.tmp`,
        )
        pending.push({ temp, target })
        writeNew(temp, file)
      }
    }
    current = groups.map((g) => g.dir).join(' and ')
    commit(pending)
  } catch (error) {
    undo()
    if (error instanceof OutputError) throw error
    throw new OutputError(`cannot write to ${current}: ${reason(error)}`)
  }
  return { written: pending.map((p) => p.target), unchanged }
}

/** Only a regular file (or nothing) may be replaced: never a directory or a device. */
function checkReplaceable(target: string): void {
  let stat
  try {
    stat = lstatSync(target)
  } catch {
    return
  }
  if (!stat.isFile()) throw new Error(`${target} is not a regular file`)
}

/**
 * Renames every temporary file over its target. Should one rename fail, the targets already
 * replaced get their old content back, so the directory is as it was before.
 */
function commit(pending: readonly { readonly temp: string; readonly target: string }[]): void {
  const done: { target: string; backup?: string }[] = []
  try {
    for (const { temp, target } of pending) {
      const backup = existsSync(target) ? `${temp}.old` : undefined
      if (backup !== undefined) linkSync(target, backup)
      done.push(backup === undefined ? { target } : { target, backup })
      renameSync(temp, target)
    }
  } catch (error) {
    for (const { target, backup } of done.reverse()) {
      if (backup !== undefined) renameSync(backup, target)
      else rmSync(target, { force: true })
    }
    throw error
  }
  for (const { backup } of done) if (backup !== undefined) rmSync(backup, { force: true })
}

/**
 * Makes the missing directories between `dir` and the file; returns the ones it made. A directory
 * that will hold secrets (files of mode 0600) is made 0700.
 */
function makeParents(dir: string, file: OutputFile): string[] {
  const made: string[] = []
  let current = dir
  for (const part of file.name.split('/').slice(0, -1)) {
    current = join(current, part)
    if (existsSync(current)) {
      if (!lstatSync(current).isDirectory()) throw new Error(`${current} is not a directory`)
      continue
    }
    mkdirSync(current, { mode: (file.mode ?? 0o644) & 0o077 ? 0o755 : 0o700 })
    made.push(current)
  }
  return made
}

/**
 * The output directory must exist, except that its last component is made when its parent
 * exists (`-o out` in a fresh checkout), as `mkdir` without `-p` would. Returns what it made.
 */
function prepareDirectory(dir: string, mode: number): string[] {
  let isDirectory: boolean
  try {
    isDirectory = statSync(dir).isDirectory()
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') {
      throw new OutputError(`cannot write to ${dir}: ${reason(error)}`)
    }
    try {
      mkdirSync(dir, { mode })
    } catch (mkdirError) {
      throw new OutputError(`cannot write to ${dir}: ${reason(mkdirError)}`)
    }
    return [dir]
  }
  if (!isDirectory) throw new OutputError(`cannot write to ${dir}: not a directory`)
  return []
}

function writeNew(path: string, file: OutputFile): void {
  const fd = openSync(path, 'wx', file.mode ?? 0o644)
  try {
    fchmodSync(fd, file.mode ?? 0o644) // the mode asked for, whatever the umask
    const bytes = Buffer.from(file.content)
    // writeSync may write less than asked (a nearly full disk): go on until all is written.
    for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

function sameContent(path: string, file: OutputFile): boolean {
  try {
    const stat = statSync(path)
    if ((stat.mode & 0o777) !== (file.mode ?? 0o644) || !stat.isFile()) return false
    return Buffer.from(file.content).equals(readFileSync(path))
  } catch {
    return false
  }
}

/** The directory, inside the output directory, that holds the data files of units. */
export const DATA_OUTPUT = 'podunit-data'

/** Where convert and check put their files: the output directory, and one for the data files. */
export interface OutputLayout {
  readonly dir: string
  /** As the user wrote it, for messages. */
  readonly displayDir: string
  /** @default `<dir>/podunit-data` */
  readonly dataDir?: string
  readonly displayDataDir?: string
}

export interface OutputPlace extends OutputGroup {
  readonly displayDir: string
}

/**
 * Units (or Quadlet files) into the output directory; data files, laid out as in the data
 * directory, into `podunit-data/` of it or into a directory of their own.
 */
export function outputPlaces(result: ConvertResult, layout: OutputLayout): OutputPlace[] {
  const units = result.units.map((u) => ({ name: u.fileName, content: u.content }))
  const data = result.dataFiles.map((f) => ({ name: f.path, content: f.content, mode: f.mode }))
  if (layout.dataDir === undefined) {
    const inside = data.map((f) => ({ ...f, name: `${DATA_OUTPUT}/${f.name}` }))
    return [{ dir: layout.dir, displayDir: layout.displayDir, files: [...units, ...inside] }]
  }
  const dataPlace = {
    dir: layout.dataDir,
    displayDir: layout.displayDataDir ?? layout.dataDir,
    files: data,
    // Private when it holds Secret data, as podunit-data/ is.
    dirMode: data.some((f) => (f.mode & 0o077) === 0) ? 0o700 : 0o755,
  }
  return [{ dir: layout.dir, displayDir: layout.displayDir, files: units }, dataPlace]
}
