/**
 * fast-check generators of hostile arguments and environment values, shared by the round-trip
 * tests of the units' escaping (test/unit/escape-roundtrip.test.ts) and of Quadlet's
 * (test/quadlet-roundtrip.test.ts).
 */
import fc from 'fast-check'
import { isNoncharacter } from './systemd-unquote.js'

/** A code point systemd can carry: not NUL, not a surrogate, not a noncharacter. */
export function representable(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0
  return code !== 0 && !isNoncharacter(code)
}

export const hostile = fc.constantFrom(
  '"',
  "'",
  '%',
  '$',
  '\\',
  '\n',
  '\t',
  ';',
  ' ',
  '-',
  '#',
  '=',
  '{',
  '}',
  '\r',
  '\u0001',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u00ad',
  '\u2028',
  '\u200b',
  'ü',
  '☃',
  '😀',
  '%%',
  '$$',
  '${',
  '%n',
  '%t',
  '\\;',
  '\\\\',
  '\\n',
  '\\x41',
  '"\'',
  '--',
  'a',
)
export const anyCodePoint = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 1 })
  .filter(representable)
export const unit = fc.oneof(
  { arbitrary: hostile, weight: 4 },
  { arbitrary: anyCodePoint, weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 3 }), weight: 2 },
)
export const argument = fc.oneof(
  { arbitrary: fc.string({ unit, maxLength: 12 }), weight: 8 },
  { arbitrary: fc.constantFrom('', ';', '-', '--', '\\', '"', "'", ' ', '%', '$'), weight: 2 },
  // tokens starting with "-" get Podman's line continuation
  { arbitrary: fc.string({ unit, maxLength: 8 }).map((s) => `-${s}`), weight: 2 },
)
export const envName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/)
