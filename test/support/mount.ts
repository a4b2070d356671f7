/** Small filesystems for tests that need a read-only or a full one (root only). */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** True when this process may mount a tmpfs; otherwise why not. */
export function canMount(): true | string {
  if (process.getuid?.() !== 0) return 'not root'
  const probe = mkdtempSync(join(tmpdir(), 'podunit-mount-probe-'))
  try {
    const result = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], {
      encoding: 'utf8',
    })
    if (result.error !== undefined) return `mount: ${result.error.message}`
    if (result.status !== 0) return `mount failed: ${result.stderr.trim()}`
    spawnSync('umount', [probe])
    return true
  } finally {
    rmSync(probe, { recursive: true, force: true })
  }
}
