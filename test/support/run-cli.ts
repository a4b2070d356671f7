/** Runs the CLI in-process and captures what it prints. */
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/main.js'

export interface CliRun {
  readonly status: number
  readonly stdout: string
  readonly stderr: string
}

export function runCli(argv: readonly string[], overrides: Partial<CliIO> = {}): CliRun {
  let stdout = ''
  let stderr = ''
  const status = cli(argv, {
    stdout: (text) => {
      stdout += text
    },
    stderr: (text) => {
      stderr += text
    },
    readStdin: () => '',
    env: {},
    cwd: process.cwd(),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    isRoot: true,
    runCommand: () => ({ status: 0, stderr: '' }),
    ...overrides,
  })
  return { status, stdout, stderr }
}
