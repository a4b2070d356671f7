/**
 * Escaping for systemd unit files, one function per kind of value.
 *
 * The rules reproduce Podman 4.3's `escapeSystemdArg` (pkg/systemd/generate/common.go) byte for
 * byte where its output survives systemd's parser, and depart from it only where Podman's output
 * changes or breaks the value: a `'` (systemd would take it as an opening quote), a newline or
 * other control character (Podman writes it raw and the unit breaks), an empty argument (Podman
 * drops it), and a lone `;` (systemd reads it as a command separator).
 *
 * References: systemd.service(5) "Command lines", systemd.syntax(7) "Quoting",
 * systemd.unit(5) "Specifiers", systemd.exec(5) `Environment=`.
 */

import { goQuote } from '../go-quote.js'

/**
 * Characters that make Podman quote a token (`strings.ContainsAny(arg, " \t\"")`), plus the ones
 * that systemd cannot read unquoted: `'` starts a quoted word, control characters (newline above
 * all) end the line or the word, and a raw BMP noncharacter makes systemd drop the whole line (it
 * reads `\ufdd0` back). Lone surrogates and astral noncharacters have no form systemd accepts;
 * validation refuses them before they get here (validate/representable.ts).
 */
const NEEDS_QUOTES = /[ \t"'\u0000-\u001f\u007f\ufdd0-\ufdef\ufffe\uffff]/u

/** Doubles `%` so that systemd's specifier expansion gives back a literal `%` (systemd.unit(5)). */
export function escapeSpecifiers(text: string): string {
  return text.replaceAll('%', '%%')
}

/**
 * One argument of an `ExecStart=`-style command line.
 *
 * `$` becomes `$$` (no environment variable substitution) and `%` becomes `%%` (no specifier);
 * a token with whitespace, a quote or a control character is written as a C-style double-quoted
 * string, as Go's `strconv.Quote` writes it; otherwise backslashes are doubled.
 */
export function escapeExecArg(arg: string): string {
  const text = escapeSpecifiers(arg.replaceAll('$', '$$$$'))
  if (text === '') return '""'
  // A word that is exactly ";" separates commands; "\;" passes a literal one (systemd.service(5)).
  if (text === ';') return '\\;'
  if (NEEDS_QUOTES.test(text)) return quoteC(text)
  return text.replaceAll('\\', '\\\\')
}

/**
 * One assignment of an `Environment=` line: `NAME=value`. systemd.exec(5) reads the line with
 * quotes and C escapes but no `$` expansion, so `$` stays as it is (Podman doubles it, which changes
 * the value); `%` is still a specifier.
 */
export function escapeEnvAssignment(assignment: string): string {
  const text = escapeSpecifiers(assignment)
  if (text === '' || NEEDS_QUOTES.test(text)) return quoteC(text)
  return text.replaceAll('\\', '\\\\')
}

/**
 * Go's `strconv.Quote` (src/go-quote.ts), as Podman quotes an argument; systemd's unquoting reads
 * every one of its escapes back (systemd.syntax(7)).
 */
export const quoteC: (text: string) => string = goQuote
