/**
 * Before any test: build the precompiled validators the library loads, and dist/ for the tests
 * that run `bin/podunit.cjs` as a real process. Each step is skipped when it is up to date.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './golden-cases.js'

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-validators.mjs'], { cwd: ROOT, stdio: 'inherit' })
  if (newestMtime(join(ROOT, 'src')) > mtimeOf(join(ROOT, 'dist/cli/run.js'))) {
    execFileSync(
      process.execPath,
      ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    )
  }
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs
  } catch {
    return 0
  }
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : mtimeOf(path))
  }
  return newest
}
