/**
 * Characters a unit file cannot carry, whatever the quoting: NUL (no C string holds it), lone
 * surrogates (no UTF-8 form), and Unicode noncharacters (U+FDD0–U+FDEF and U+xFFFE/U+xFFFF), which
 * systemd 252 rejects as "not UTF-8 clean" in raw and escaped form alike.
 */
import { joinPointer } from '../diagnostics/pointer.js'

export interface Unrepresentable {
  readonly pointer: string
  /** `U+FFFE` */
  readonly character: string
}

/** Any of them, to rule most strings out with one test. */
const PLANE_ENDS = Array.from({ length: 17 }, (_, plane) => plane.toString(16))
  .map((p) => `\\u{${p}FFFE}\\u{${p}FFFF}`)
  .join('')
const ANY = new RegExp(`[\\0\\p{Cs}\\uFDD0-\\uFDEF${PLANE_ENDS}]`, 'u')

export function unrepresentableCharacter(text: string): string | undefined {
  if (!ANY.test(text)) return undefined
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    const bad =
      code === 0 ||
      (code >= 0xd800 && code <= 0xdfff) ||
      (code >= 0xfdd0 && code <= 0xfdef) ||
      (code & 0xfffe) === 0xfffe
    if (bad) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`
  }
  return undefined
}

/** Every string (keys included) under `value` that holds such a character. */
export function findUnrepresentable(value: unknown, pointer: string): Unrepresentable[] {
  const found: Unrepresentable[] = []
  const path: string[] = []
  // The pointer is built only for a finding: most documents have none.
  const report = (character: string) =>
    found.push({ pointer: joinPointer(pointer, ...path), character })
  const walk = (node: unknown): void => {
    if (typeof node === 'string') {
      const character = unrepresentableCharacter(node)
      if (character !== undefined) report(character)
      return
    }
    if (node === null || typeof node !== 'object') return
    for (const key of Object.keys(node)) {
      path.push(key)
      const character = unrepresentableCharacter(key)
      if (character !== undefined) report(character)
      walk((node as Record<string, unknown>)[key])
      path.pop()
    }
  }
  walk(value)
  return found
}
