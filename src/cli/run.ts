/** The process entry: wires the real streams and environment into `cli`. */
import type * as ChildProcess from 'node:child_process'
import { writeSync } from 'node:fs'
import { createRequire } from 'node:module'
import { readBounded } from './inputs.js'
import { cli } from './main.js'

/** node:child_process costs ~3 ms to load; only install and uninstall need it. */
function spawnSync(file: string, args: readonly string[]) {
  const { spawnSync: spawn } = createRequire(import.meta.url)(
    'node:child_process',
  ) as typeof ChildProcess
  return spawn(file, args, { encoding: 'utf8' })
}

/**
 * Writes straight to the file descriptor: process.stdout would load Node's stream machinery
 * (~2 ms of a ~20 ms run). A pipe that is full for a moment (EAGAIN) is written again.
 */
function write(fd: number, text: string): void {
  if (text === '') return
  let bytes = Buffer.from(text)
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(writeSync(fd, bytes))
    } catch (error) {
      if ((error as { code?: string }).code !== 'EAGAIN') throw error
    }
  }
}

export function run(argv: readonly string[]): number {
  try {
    return cli(argv, {
      stdout: (text) => write(1, text),
      stderr: (text) => write(2, text),
      readStdin: (maxBytes) => readBounded(0, maxBytes),
      env: process.env,
      cwd: process.cwd(),
      // Getters: asking creates the stream, which only colour decisions need.
      get stdoutIsTTY() {
        return process.stdout.isTTY === true
      },
      get stderrIsTTY() {
        return process.stderr.isTTY === true
      },
      isRoot: process.getuid?.() === 0,
      runCommand: ([file = '', ...args]) => {
        const result = spawnSync(file, args)
        return { status: result.status ?? 1, stderr: result.error?.message ?? result.stderr }
      },
    })
  } catch (error) {
    // A bug, not bad input: say so plainly, without pretending the input was at fault.
    write(
      2,
      `podunit: internal error: ${error instanceof Error ? error.message : String(error)}\n` +
        'This is a bug in podunit; please report it with the input that caused it.\n',
    )
    return 2
  }
}
