/** Before any test: build the precompiled validators the library loads (fast when up to date). */
import { execFileSync } from 'node:child_process'
import { ROOT } from './golden-cases.js'

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-validators.mjs'], { cwd: ROOT, stdio: 'inherit' })
}
