// Builds what the package runs: the precompiled schema validators; the library in dist/ (ESM,
// with type declarations); and the command line as one bundled, minified CommonJS file,
// dist/podunit.cjs, that bin/podunit.cjs loads through V8's code cache (dist/code-cache.cjs).
// Last, a few runs warm the code caches of the bundles and the validators.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const run = (cmd, args) =>
  execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })

run(process.execPath, ['scripts/build-validators.mjs'])
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
