/** Stub units, so that `systemd-analyze verify` of a unit set judges the units themselves. */
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseUnitFile } from './systemd-unquote.js'
import { readUnitDir } from './unit-parse.js'

const UNIT_DIRS = [
  '/etc/systemd/system',
  '/run/systemd/system',
  '/lib/systemd/system',
  '/usr/lib/systemd/system',
]
const DEPENDENCY_KEYS = [
  'Wants',
  'Requires',
  'Requisite',
  'BindsTo',
  'PartOf',
  'Upholds',
  'Before',
  'After',
]

/**
 * verify refuses a Requires=/BindsTo= on a unit that does not exist (`--requires c.service` of the
 * generate options): write a stub for every referenced unit that is neither ours nor installed
 * (in the system whose root directory is `systemRoot`).
 */
export function addDependencyStubs(dir: string, systemRoot = '/'): string[] {
  const ours = new Set(readdirSync(dir))
  const stubs = new Set<string>()
  for (const { text } of readUnitDir(dir)) {
    for (const section of parseUnitFile(text).sections) {
      for (const entry of section.entries) {
        if (section.name !== 'Unit' || !DEPENDENCY_KEYS.includes(entry.key)) continue
        for (const name of entry.value.split(/\s+/).filter(Boolean)) {
          if (ours.has(name) || UNIT_DIRS.some((d) => existsSync(join(systemRoot, d, name))))
            continue
          stubs.add(name)
        }
      }
    }
  }
  for (const name of stubs) {
    const body = name.endsWith('.service') ? '[Service]\nExecStart=/bin/true\n' : ''
    writeFileSync(join(dir, name), `[Unit]\nDescription=stub for verify\n${body}`)
  }
  return [...stubs].sort()
}
