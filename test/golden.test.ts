/**
 * Golden cases: `podunit convert` must write exactly the expected units. The expected files are
 * proved against real Podman by test/replay.test.ts. UPDATE_GOLDEN=1 rewrites them.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { listGoldenCases } from './support/golden-cases.js'
import { runCli } from './support/run-cli.js'

const update = process.env['UPDATE_GOLDEN'] === '1'
const work = mkdtempSync(join(tmpdir(), 'podunit-golden-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('golden units', () => {
  it.each(listGoldenCases())('$name', ({ name, inputPath, args, expectedDir }) => {
    const out = join(work, name)
    mkdirSync(out)
    const run = runCli(['convert', ...args, '-o', out, inputPath])
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    const produced = readdirSync(out).sort()
    if (update) {
      rmSync(expectedDir, { recursive: true, force: true })
      mkdirSync(expectedDir, { recursive: true })
      for (const file of produced)
        writeFileSync(join(expectedDir, file), readFileSync(join(out, file)))
    }
    expect(produced).toEqual(readdirSync(expectedDir).sort())
    for (const file of produced) {
      expect(readFileSync(join(out, file), 'utf8'), file).toBe(
        readFileSync(join(expectedDir, file), 'utf8'),
      )
    }
    // One absolute path a line, as Podman's --files prints them.
    expect(run.stdout.split('\n').filter(Boolean).sort()).toEqual(
      produced.map((file) => join(out, file)),
    )
  })
})
