/**
 * The `yaml` package, loaded on first use. Most runs never need it: values come from js-yaml
 * (parse/fast-yaml.ts), and `yaml` is needed only to locate a diagnostic or to read a text the fast path
 * declines. Built, it is its own bundle (dist/yaml.cjs) read through the code cache.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type * as Yaml from 'yaml'
import { requireWithCodeCache } from './code-cache.js'
import { PACKAGE_ROOT } from './paths.js'

let lib: typeof Yaml | undefined

export function yamlLib(): typeof Yaml {
  if (lib !== undefined) return lib
  const bundled = fileURLToPath(new URL('dist/yaml.cjs', PACKAGE_ROOT))
  lib = (
    existsSync(bundled) ? requireWithCodeCache(bundled) : createRequire(import.meta.url)('yaml')
  ) as typeof Yaml
  return lib
}
