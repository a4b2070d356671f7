/**
 * Before any test: build the precompiled validators the library loads, and dist/ for the tests
 * that run `bin/podunit.cjs` as a real process, and prepare the private Podman store of the
 * Podman suites (test/podman/store.sh). Each step is skipped when it is up to date.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './golden-cases.js'
import { NEEDS_PODMAN, PODMAN_STORE, acquirePodmanLock } from './podman.js'

export default async function setup(): Promise<void> {
  await preparePodmanStore()
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

/**
 * The private store, when Podman is installed (otherwise the Podman suites skip or, under CI,
 * fail). A failure here leaves the image missing: those suites then say so in one line.
 */
async function preparePodmanStore(): Promise<void> {
  if (NEEDS_PODMAN.check() !== undefined) return
  const release = await acquirePodmanLock()
  try {
    const r = spawnSync('bash', [join(ROOT, 'test/podman/store.sh')], {
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...process.env, PODUNIT_PODMAN_STORE: PODMAN_STORE },
    })
    if (r.status !== 0) {
      process.stderr.write(`test/podman/store.sh failed (${r.status ?? r.signal}):\n${r.stderr}`)
    }
  } finally {
    release()
  }
}
