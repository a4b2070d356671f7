/**
 * Golden cases: `podunit convert` must write exactly the expected units (and data files), and
 * report exactly the expected warnings (`expected/diagnostics.txt`, when there are any). The
 * expected units are proved against real Podman by test/replay.test.ts. UPDATE_GOLDEN=1 rewrites
 * them.
 *
 * The same for `convert --quadlet`: `expected-quadlet/` holds the Quadlet files (the data files
 * are those of `expected/podunit-data/`, written to `--data-output`), or, when Quadlet cannot
 * carry the pod, no file and the error in `diagnostics.txt`. They are proved against the real
 * Quadlet generator of Podman 5.4.2 by test/quadlet-parity.test.ts.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { listGoldenCases, listQuadletCases, quadletDirOf, ROOT } from './support/golden-cases.js'
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
const DATA_DIR = 'podunit-data'

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

describe('golden Quadlet files', () => {
  it.each(listQuadletCases())('$name', ({ name, inputPath, args, expectedDir }) => {
    const out = join(work, `${name}.quadlet`)
    const data = join(work, `${name}.data`)
    const expectedQuadlet = quadletDirOf(expectedDir)
    const argv = ['convert', '--quadlet', ...args, '-o', out, '--data-output', data]
    const run = runCli([...argv, relative(ROOT, inputPath)], { cwd: ROOT })
    expect([0, 1]).toContain(run.status)
    const produced = run.status === 0 ? listFiles(out) : []
    if (update) {
      rmSync(expectedQuadlet, { recursive: true, force: true })
      mkdirSync(expectedQuadlet, { recursive: true })
      for (const file of produced) {
        writeFileSync(join(expectedQuadlet, file), readFileSync(join(out, file)))
      }
      if (run.stderr !== '') writeFileSync(join(expectedQuadlet, DIAGNOSTICS), run.stderr)
    }
    const expected = listFiles(expectedQuadlet)
    expect(produced).toEqual(expected.filter((f) => f !== DIAGNOSTICS))
    for (const file of produced) {
      expect(readFileSync(join(out, file), 'utf8'), file).toBe(
        readFileSync(join(expectedQuadlet, file), 'utf8'),
      )
    }
    const diagnostics = expected.includes(DIAGNOSTICS)
      ? readFileSync(join(expectedQuadlet, DIAGNOSTICS), 'utf8')
      : ''
    expect(run.stderr).toBe(diagnostics)
    if (run.status !== 0) return
    // The data files are the units' own, in a directory of their own.
    const unitData = join(expectedDir, DATA_DIR)
    const dataFiles = listFiles(data)
    expect(dataFiles).toEqual(existsSync(unitData) ? listFiles(unitData) : [])
    for (const file of dataFiles) {
      expect(readFileSync(join(data, file)), file).toEqual(readFileSync(join(unitData, file)))
    }
  })
})
