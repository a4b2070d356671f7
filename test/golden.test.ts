/**
 * Golden cases: `podunit convert` must write exactly the expected units (and data files), and
 * report exactly the expected warnings (`expected/diagnostics.txt`, when there are any). The
 * expected units are proved against real Podman by test/replay.test.ts. UPDATE_GOLDEN=1 rewrites
 * them.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { listGoldenCases, ROOT } from './support/golden-cases.js'
import { runCli } from './support/run-cli.js'

const update = process.env['UPDATE_GOLDEN'] === '1'
const work = mkdtempSync(join(tmpdir(), 'podunit-golden-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** Every file below `dir`, as paths relative to it. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort()
}

const DIAGNOSTICS = 'diagnostics.txt'

describe('golden units', () => {
  it.each(listGoldenCases())('$name', ({ name, inputPath, args, expectedDir }) => {
    const out = join(work, name)
    mkdirSync(out)
    // Relative to the repository, so that diagnostics name the file the same way everywhere.
    const run = runCli(['convert', ...args, '-o', out, relative(ROOT, inputPath)], { cwd: ROOT })
    expect(run.status).toBe(0)
    const produced = listFiles(out)
    if (update) {
      rmSync(expectedDir, { recursive: true, force: true })
      for (const file of produced) {
        mkdirSync(dirname(join(expectedDir, file)), { recursive: true })
        writeFileSync(join(expectedDir, file), readFileSync(join(out, file)))
      }
      mkdirSync(expectedDir, { recursive: true })
      if (run.stderr !== '') writeFileSync(join(expectedDir, DIAGNOSTICS), run.stderr)
    }
    const expected = listFiles(expectedDir)
    expect(produced).toEqual(expected.filter((f) => f !== DIAGNOSTICS))
    for (const file of produced) {
      expect(readFileSync(join(out, file), 'utf8'), file).toBe(
        readFileSync(join(expectedDir, file), 'utf8'),
      )
    }
    const diagnostics = expected.includes(DIAGNOSTICS)
      ? readFileSync(join(expectedDir, DIAGNOSTICS), 'utf8')
      : ''
    expect(run.stderr).toBe(diagnostics)
    // One absolute path a line, as Podman's --files prints them.
    expect(run.stdout.split('\n').filter(Boolean).sort()).toEqual(
      produced.map((file) => join(out, file)).sort(),
    )
  })
})
