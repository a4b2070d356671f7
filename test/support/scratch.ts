/** A temporary directory for a test file or suite. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'

/**
 * Registers hooks that make the directory before the tests and remove it after them, and returns
 * its path. Made in beforeAll: a skipped suite runs its body but never its hooks.
 */
export function scratchDir(prefix: string): () => string {
  let dir = ''
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix))
  })
  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true })
  })
  return () => dir
}
