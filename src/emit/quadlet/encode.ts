/**
 * Quadlet's one encoder of values: how a value must be written into a `.pod`/`.container` file so
 * that, after Quadlet 5.4 has read it and written it into an `ExecStart=` line, and systemd has
 * read that line, Podman gets exactly the value back; and which values no encoding carries.
 *
 * Quadlet reads keys in three ways (Podman v5.4.2, pkg/systemd/quadlet/quadlet.go and
 * pkg/systemd/parser/split.go; every case below was checked with the real generator and systemd
 * 257):
 * - exec words (`Exec=`, `PodmanArgs=`, `EnvironmentFile=`, `Mount=`) and key=value words
 *   (`Environment=`, `Label=`, `Annotation=`): split as systemd splits command lines, quotes
 *   removed and C escapes decoded. Every word is written as `"…"` with `\\ \" \n \t \xNN`.
 * - raw keys, one value (`WorkingDir=`, `User=`, `HealthCmd=`, …) or one value a line (`Volume=`,
 *   `PublishPort=`, …): the text as it is, except that a single value loses every leading and
 *   trailing `"` and the line loses surrounding whitespace. Written bare.
 * - in both, Quadlet never escapes `$` or `%` in what it writes, and systemd expands `$VAR` and
 *   specifiers in `ExecStart=`: so `$` is written `$$` and `%` is written `%%` everywhere.
 *
 * Never carried: an argument that is exactly `;` (Quadlet writes it bare, and systemd reads it as
 * a command separator), an empty argument (it ends the word list), and, in a raw key, a value with
 * a control character, surrounding whitespace, a trailing `\` (a line continuation), or, for a
 * single value, a leading or trailing `"`.
 */

/** `$` and `%` as systemd must read them in the `ExecStart=` line Quadlet writes. */
function escapeExpansions(text: string): string {
  return text.replaceAll('$', '$$$$').replaceAll('%', '%%')
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\t': '\\t',
}

/** One word of an exec-word or key=value key: always double-quoted, C escapes inside. */
export function encodeWord(word: string): string {
  const body = escapeExpansions(word).replace(
    /[\\"\u0000-\u001f\u007f]/g,
    (c) => SHORT_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  )
  return `"${body}"`
}

/** The words of an exec-word or key=value key, each encoded, separated by one space. */
export function encodeWords(words: readonly string[]): string {
  return words.map(encodeWord).join(' ')
}

/** The value of a raw key, written bare. */
export function encodeRaw(value: string): string {
  return escapeExpansions(value)
}

/** Why an argument cannot go through Quadlet at all, or undefined when it can. */
export function wordProblem(word: string): string | undefined {
  if (word === '') return 'an empty argument (Quadlet 5.4 drops it and every argument after it)'
  if (word === ';') return 'an argument that is exactly ";" (systemd would read a second command)'
  return undefined
}

export type RawKind = 'single' | 'lines'

/** Why a value cannot be written bare into a raw key, or undefined when it can. */
export function rawProblem(value: string, kind: RawKind): string | undefined {
  const word = wordProblem(value)
  if (word !== undefined) return word
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'a control character'
  if (/^\s|\s$/.test(value)) return 'leading or trailing whitespace'
  if (value.endsWith('\\')) return 'a trailing backslash'
  if (kind === 'single' && /^"|"$/.test(value)) return 'a leading or trailing double quote'
  return undefined
}
