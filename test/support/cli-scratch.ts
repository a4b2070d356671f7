/** What the install and --quadlet suites share: a directory for each test, systemctl recorded. */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import type { CliIO } from '../../src/cli/main.js'

export interface CliScratch {
  /** The current test's temporary directory (made before each test, removed after it). */
  readonly dir: () => string
  /** Every command the CLI ran through `runCommand` in the current test, in order. */
  readonly commands: () => readonly (readonly string[])[]
  /** Forgets the commands recorded so far in the current test. */
  readonly clearCommands: () => void
  /** For `runCli`: records the command and succeeds. */
  readonly runCommand: CliIO['runCommand']
}

/** Registers the hooks that give each test a fresh directory `<tmpdir>/<prefix>XXXXXX`. */
export function cliScratch(prefix: string): CliScratch {
  let dir = ''
  let commands: string[][] = []
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), prefix))
    commands = []
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))
  return {
    dir: () => dir,
    commands: () => commands,
    clearCommands: () => {
      commands = []
    },
    runCommand: (argv) => {
      commands.push([...argv])
      return { status: 0, stderr: '' }
    },
  }
}

/** The files below `root` (paths relative to it, sorted); none when it does not exist. */
export function listFiles(root: string): string[] {
  if (!existsSync(root)) return []
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort()
}
