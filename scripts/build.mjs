// Builds what the package runs: the precompiled schema validators; the library in dist/ (ESM,
// with type declarations); and the command line as one bundled, minified CommonJS file,
// dist/podunit.cjs, that bin/podunit.cjs loads through V8's code cache (dist/code-cache.cjs).
// Last, a few runs warm the code caches of the bundles and the validators.
//
// A build of the very inputs dist/ was built from does nothing (--force to build anyway):
// dist/.inputs holds their digest. That is the second build of `npm pack` after `npm install`
// (how pre-commit installs the hooks), and of `npm run build` after `npm ci`.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const run = (cmd, args) =>
  execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })

run(process.execPath, ['scripts/build-validators.mjs'])

const INPUTS = ['src', 'bin', 'package.json', 'package-lock.json', 'tsconfig.json'].concat([
  'tsconfig.build.json',
  'scripts/build.mjs',
  'scripts/build-warmup.yaml',
])
const OUTPUTS = ['dist/index.js', 'dist/podunit.cjs', 'dist/code-cache.cjs', 'dist/yaml.cjs']
const stamp = join(root, 'dist/.inputs')
const digest = inputsDigest()
if (
  !process.argv.includes('--force') &&
  OUTPUTS.every((file) => existsSync(join(root, file))) &&
  existsSync(stamp) &&
  readFileSync(stamp, 'utf8') === digest
) {
  process.exit(0)
}

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true })
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'])

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
}
await build({
  ...common,
  entryPoints: ['src/cli/run.ts'],
  outfile: 'dist/podunit.cjs',
  // The sources are ESM; in the CommonJS bundle import.meta.url is the bundle's own URL.
  define: { 'import.meta.url': '__podunitUrl' },
  banner: { js: "var __podunitUrl=require('node:url').pathToFileURL(__filename).href;" },
})
await build({ ...common, entryPoints: ['src/code-cache.ts'], outfile: 'dist/code-cache.cjs' })
// `yaml` on its own: loaded only to locate a diagnostic or read what the fast path declines.
await build({
  ...common,
  entryPoints: ['node_modules/yaml/dist/index.js'],
  outfile: 'dist/yaml.cjs',
})

run(process.execPath, ['bin/podunit.cjs', 'convert', '--stdout', 'samples/seed.yaml'])
run(process.execPath, ['bin/podunit.cjs', 'validate', 'samples', 'test/fixtures'])
// A file with an anchor takes the slow path, which warms the cache of dist/yaml.cjs.
run(process.execPath, ['bin/podunit.cjs', 'validate', 'scripts/build-warmup.yaml'])
writeFileSync(stamp, digest)

/** sha256 over the paths and contents of the inputs (directories walked in name order). */
function inputsDigest() {
  const hash = createHash('sha256').update(process.version)
  const add = (path) => {
    const full = join(root, path)
    if (!existsSync(full)) return
    try {
      for (const name of readdirSync(full).sort()) add(join(path, name))
    } catch {
      hash.update(`${path}\0`).update(readFileSync(full)).update('\0')
    }
  }
  INPUTS.forEach(add)
  return hash.digest('hex')
}
