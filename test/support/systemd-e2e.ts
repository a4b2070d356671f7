/** What the suites of test/podman/systemd-e2e.sh share: their requirements, the run, its log. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import {
  NEEDS_PODMAN,
  NEEDS_ROOT,
  NEEDS_SYSTEMD,
  NEEDS_UNSHARE,
  PODMAN_TEST_DIR,
  run,
} from './podman.js'
import type { Requirement } from './podman.js'

/** What systemd-e2e.sh needs on the host. */
export const NEEDS_SYSTEMD_E2E: readonly Requirement[] = [
  NEEDS_ROOT,
  NEEDS_PODMAN,
  NEEDS_UNSHARE,
  NEEDS_SYSTEMD,
]

/** Makes the directory `dir` and writes the units (as convert returns them) into it. */
export function writeUnits(
  dir: string,
  units: readonly { readonly fileName: string; readonly content: string }[],
): void {
  mkdirSync(dir, { recursive: true })
  for (const unit of units) writeFileSync(join(dir, unit.fileName), unit.content)
}

/** Runs systemd-e2e.sh with `args`, expects it to exit 0, and returns its stdout and stderr. */
export function runSystemdE2e(args: readonly string[]): string {
  const result = run('bash', [join(PODMAN_TEST_DIR, 'systemd-e2e.sh'), ...args], {
    allowFailure: true,
    timeoutMs: 170_000,
  })
  const log = `${result.stdout}${result.stderr}`
  expect(result.status, log).toBe(0)
  return log
}

/** The `== PASS in N ms` line of an e2e script's log, '' when there is none. */
export function passLine(log: string): string {
  return log.match(/^== PASS in \d+ ms/m)?.[0] ?? ''
}
