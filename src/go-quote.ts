/**
 * Go's `strconv.Quote` (what `%q` prints for a string): `"` + escaped text + `"`. Printable
 * characters (Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII
 * space) stay as they are, the usual control characters use their short escapes, other ASCII
 * control characters `\xNN`, and other non-printable code points `\uNNNN` or `\UNNNNNNNN`. A lone
 * surrogate (no UTF-8 form) is written as U+FFFD, as Go writes an invalid rune.
 *
 * Used by the downward API's `fieldpath.FormatMap` (lower/lower-downward.ts) and by the unit
 * escaping (unit/escape.ts: systemd's unquoting reads every one of these escapes back,
 * systemd.syntax(7)).
 */
export function goQuote(text: string): string {
  let out = '"'
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0
    const escape = ESCAPES[char]
    if (escape !== undefined) out += escape
    else if (code >= 0xd800 && code <= 0xdfff)
      out += '\\ufffd' // a lone surrogate: not UTF-8
    else if (PRINTABLE.test(char)) out += char
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`
    else if (code < 0x10000) out += `\\u${hex(code, 4)}`
    else out += `\\U${hex(code, 8)}`
  }
  return `${out}"`
}

const ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
}

/** Go's IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0')
}
