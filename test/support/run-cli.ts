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
    // install --user asks about the user's account: a lingering user with useradd's 65536 ids,
    // whatever the machine running the tests has
    isLingering: () => true,
    subordinateIds: () => 65536,
    ...overrides,
  })
  return { status, stdout, stderr }
}
