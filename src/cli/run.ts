/** The process entry: wires the real streams and environment into `cli`. */
import type * as ChildProcess from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { cli } from './main.js'

/** node:child_process costs ~3 ms to load; only install and uninstall need it. */
function spawnSync(file: string, args: readonly string[]) {
  const { spawnSync: spawn } = createRequire(import.meta.url)(
    'node:child_process',
  ) as typeof ChildProcess
  return spawn(file, args, { encoding: 'utf8' })
}

export function run(argv: readonly string[]): number {
  try {
    return cli(argv, {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      readStdin: () => readFileSync(0, 'utf8'),
      env: process.env,
      cwd: process.cwd(),
      stdoutIsTTY: process.stdout.isTTY === true,
      stderrIsTTY: process.stderr.isTTY === true,
      isRoot: process.getuid?.() === 0,
      runCommand: ([file = '', ...args]) => {
        const result = spawnSync(file, args)
        return { status: result.status ?? 1, stderr: result.error?.message ?? result.stderr }
      },
    })
  } catch (error) {
    // A bug, not bad input: say so plainly, without pretending the input was at fault.
    process.stderr.write(
      `podunit: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
    )
    process.stderr.write(
      'This is a bug in podunit; please report it with the input that caused it.\n',
    )
    return 2
  }
}
