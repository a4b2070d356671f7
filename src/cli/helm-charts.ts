/**
 * Helm chart templates: the files under a chart's `templates/` directory (the one next to its
 * `Chart.yaml`) are Go templates, manifests only once `helm template` has rendered them. With
 * `--ignore-unknown` they are skipped, valid YAML or not.
 */
import { existsSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import type { Inputs } from './inputs.js'

/** `path` as the inputs were read: relative to the working directory. */
export function isHelmTemplate(path: string): boolean {
  if (path === '-') return false
  let dir = dirname(resolve(path))
  for (;;) {
    const parent = dirname(dir)
    if (parent === dir) return false
    if (basename(dir) === 'templates' && existsSync(join(parent, 'Chart.yaml'))) return true
    dir = parent
  }
}

/** The inputs without Helm chart templates when unknown files are ignored. */
export function withoutHelmTemplates(inputs: Inputs, ignoreUnknown: boolean): Inputs {
  if (!ignoreUnknown) return inputs
  return {
    sources: inputs.sources.filter((s) => !isHelmTemplate(s.path)),
    diagnostics: inputs.diagnostics.filter((d) => !isHelmTemplate(d.file)),
  }
}
