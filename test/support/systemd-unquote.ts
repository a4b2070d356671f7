/**
 * How systemd reads a unit file and the values of `ExecStart=`-style and `Environment=` lines,
 * written from the man pages: systemd.syntax(7) ("Quoting", line continuation, comments),
 * systemd.service(5) ("Command lines"), systemd.unit(5) ("Specifiers") and systemd.exec(5)
 * (`Environment=`). It is the test oracle for our escaping, so it is deliberately *strict*: where
 * the man page and systemd 252's implementation disagree, or where a construct only works by
 * accident, it throws a {@link UnitSyntaxError} instead of guessing. In particular:
 *
 * - A quote may open only at the start of a word and a closing quote must be followed by
 *   whitespace or the end (systemd.syntax(7)). systemd 252 also opens a quote in the middle of a
 *   word (`a'b` is "Unbalanced quoting") and glues text after a closing quote (`"a"b` is `ab`);
 *   both are errors here.
 * - Unknown escapes are errors (systemd warns and keeps them for `Exec*=`, rejects them for
 *   `Environment=`). `\x00`, `\000`, `\u0000` are errors (systemd refuses NUL).
 * - An escape that produces `%` or `$` is an error: systemd expands specifiers after unquoting and
 *   variables at execution time, so such an escape does not protect the character.
 * - Every `$` in a command line must be doubled (`$$` is a literal `$`); `$VAR` and `${VAR}` are
 *   errors, because we never want substitution.
 * - Specifiers other than `%%` go to the caller's resolver; an unknown one, or a lone `%` at the
 *   end of a word, is an error (systemd 252 would keep it verbatim).
 * - Raw control characters other than TAB, lone surrogates and Unicode noncharacters
 *   (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF) are errors: systemd drops a line that is not "UTF-8 clean"
 *   by its own definition, which excludes noncharacters.
 */

export class UnitSyntaxError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`)
    this.name = 'UnitSyntaxError'
  }
}

export interface UnitEntry {
  readonly key: string
  /** The value with surrounding whitespace removed, continuation lines joined. */
  readonly value: string
  /** 1-based number of the line where the entry starts. */
  readonly line: number
}

export interface UnitSection {
  readonly name: string
  readonly line: number
  readonly entries: readonly UnitEntry[]
}

export interface ParsedUnitFile {
  readonly sections: readonly UnitSection[]
}

/** systemd's `WHITESPACE`: the separators of words and the characters stripped around values. */
const WHITESPACE = ' \t\n\r'

function isWhitespace(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && WHITESPACE.includes(ch)
}

function strip(text: string): string {
  let start = 0
  let end = text.length
  while (start < end && isWhitespace(text[start])) start++
  while (end > start && isWhitespace(text[end - 1])) end--
  return text.slice(start, end)
}

/**
 * Reads a unit file as systemd does (systemd.syntax(7)): `#`/`;` comment lines (also between
 * continued lines), a trailing backslash joins the next line (the backslash becomes a space),
 * `[Section]` headers and `Key=value` entries, with keys in order and allowed to repeat.
 */
export function parseUnitFile(text: string): ParsedUnitFile {
  if (text.startsWith('\uFEFF'))
    throw new UnitSyntaxError('byte order mark at the start of the file')
  const sections: { name: string; line: number; entries: UnitEntry[] }[] = []
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  let continuation: string | undefined
  let continuationLine = 0
  lines.forEach((raw, index) => {
    const lineNo = index + 1
    if (raw.includes('\r')) throw new UnitSyntaxError('carriage return in the file', lineNo)
    const first = raw[skipWhitespace(raw, 0)]
    if (first === '#' || first === ';') return
    const joined = continuation === undefined ? raw : continuation + raw
    if (continuation === undefined) continuationLine = lineNo
    if (endsWithContinuation(joined)) {
      continuation = `${joined.slice(0, -1)} `
      return
    }
    continuation = undefined
    parseLine(joined, continuationLine, sections)
  })
  if (continuation !== undefined) parseLine(continuation, continuationLine, sections)
  return { sections }
}

/** conf-parser.c: backslashes pair up; an unpaired one at the very end continues the line. */
function endsWithContinuation(text: string): boolean {
  let escaped = false
  for (const ch of text) escaped = escaped ? false : ch === '\\'
  return escaped
}

function parseLine(
  rawLine: string,
  lineNo: number,
  sections: { name: string; line: number; entries: UnitEntry[] }[],
): void {
  const line = strip(rawLine)
  if (line === '') return
  checkRawCharacters(line, lineNo, true)
  if (line.startsWith('[')) {
    if (!line.endsWith(']') || line.length < 3) {
      throw new UnitSyntaxError(`invalid section header ${JSON.stringify(line)}`, lineNo)
    }
    sections.push({ name: line.slice(1, -1), line: lineNo, entries: [] })
    return
  }
  const eq = line.indexOf('=')
  if (eq < 0) throw new UnitSyntaxError(`missing '=' in ${JSON.stringify(line)}`, lineNo)
  const key = strip(line.slice(0, eq))
  if (key === '') throw new UnitSyntaxError('missing key name before "="', lineNo)
  const section = sections.at(-1)
  if (section === undefined) throw new UnitSyntaxError(`assignment outside of a section`, lineNo)
  section.entries.push({ key, value: strip(line.slice(eq + 1)), line: lineNo })
}

/** Rejects what systemd would drop (not "UTF-8 clean") or what we never want raw in a file. */
function checkRawCharacters(text: string, lineNo: number | undefined, allowTab: boolean): void {
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0
    if ((code < 0x20 && !(allowTab && code === 0x09)) || code === 0x7f) {
      throw new UnitSyntaxError(`raw control character U+${hex4(code)}`, lineNo)
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      throw new UnitSyntaxError(`lone surrogate U+${hex4(code)} (not UTF-8)`, lineNo)
    }
    if (isNoncharacter(code)) {
      throw new UnitSyntaxError(`noncharacter U+${hex4(code)}: systemd rejects the line`, lineNo)
    }
  }
}

/** systemd's `unichar_is_valid` refuses these code points (src/basic/utf8.h). */
export function isNoncharacter(code: number): boolean {
  return (code >= 0xfdd0 && code <= 0xfdef) || (code & 0xfffe) === 0xfffe
}

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0')
}

/** The entries of `key` in every `[section]` of the file, in order. */
export function entriesOf(file: ParsedUnitFile, section: string, key: string): UnitEntry[] {
  return file.sections
    .filter((s) => s.name === section)
    .flatMap((s) => s.entries.filter((e) => e.key === key))
}

/**
 * Resolves a specifier letter (`t` for `%t`, ...) to its text, or `undefined` when unknown
 * (an error). `%%` never reaches it.
 */
export type SpecifierResolver = (specifier: string) => string | undefined

/** A resolver from a table, e.g. `{ t: '/run', n: 'foo.service' }`. */
export function specifierTable(table: Readonly<Record<string, string>>): SpecifierResolver {
  return (specifier) => (Object.hasOwn(table, specifier) ? table[specifier] : undefined)
}

/** No specifier allowed: only `%%`. */
export const NO_SPECIFIERS: SpecifierResolver = () => undefined

/**
 * Splits the value of an `ExecStart=`-style line into commands (systemd.service(5) "Command
 * lines"): each command is the list of its words after unquoting, C unescaping, specifier
 * expansion and `$$` → `$`. A lone `;` separates commands, `\;` is a literal `;` word. The first
 * word keeps its prefix characters (`-`, `@`, `+`, ...). An empty value gives no command (it resets
 * the list in systemd).
 */
export function splitExecLine(value: string, specifiers: SpecifierResolver): string[][] {
  checkRawCharacters(value, undefined, true)
  const commands: string[][] = []
  let current: string[] = []
  let i = skipWhitespace(value, 0)
  while (i < value.length) {
    const endsWord = (at: number): boolean => at >= value.length || isWhitespace(value[at])
    if (value[i] === ';' && endsWord(i + 1)) {
      if (current.length === 0) throw new UnitSyntaxError('empty command before ";"')
      commands.push(current)
      current = []
      i = skipWhitespace(value, i + 1)
      continue
    }
    if (value[i] === '\\' && value[i + 1] === ';' && endsWord(i + 2)) {
      if (current.length === 0) throw new UnitSyntaxError('"\\;" as the command to execute')
      current.push(';')
      i = skipWhitespace(value, i + 2)
      continue
    }
    const word = extractWord(value, i)
    let text = expandSpecifiers(word.text, specifiers)
    text = unescapeDollars(text)
    if (current.length === 0 && text === ';') throw new UnitSyntaxError('";" as a command')
    current.push(text)
    i = skipWhitespace(value, word.end)
  }
  if (current.length > 0) commands.push(current)
  else if (commands.length > 0) throw new UnitSyntaxError('trailing ";" with no command after it')
  return commands
}

/**
 * Splits the value of an `Environment=` line into its assignments (systemd.exec(5)): quotes and
 * C escapes as in command lines, specifiers expanded, no `$` handling, no `;` handling. Each
 * assignment must be `NAME=value` with a valid name, as systemd requires.
 */
export function splitEnvironment(value: string, specifiers: SpecifierResolver): string[] {
  checkRawCharacters(value, undefined, true)
  const assignments: string[] = []
  let i = skipWhitespace(value, 0)
  while (i < value.length) {
    const word = extractWord(value, i, { allowEscapedDollar: true })
    const text = expandSpecifiers(word.text, specifiers)
    const eq = text.indexOf('=')
    const name = eq < 0 ? text : text.slice(0, eq)
    if (eq < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new UnitSyntaxError(`invalid environment assignment ${JSON.stringify(text)}`)
    }
    for (const ch of text) {
      if (isNoncharacter(ch.codePointAt(0) ?? 0)) {
        throw new UnitSyntaxError(`environment value is not UTF-8 clean: ${JSON.stringify(text)}`)
      }
    }
    assignments.push(text)
    i = skipWhitespace(value, word.end)
  }
  return assignments
}

function skipWhitespace(text: string, from: number): number {
  let i = from
  while (i < text.length && isWhitespace(text[i])) i++
  return i
}

interface Word {
  readonly text: string
  readonly end: number
}

/**
 * One word from `start` (a non-whitespace character): bare, or wholly wrapped in `"…"` / `'…'`.
 * Text is collected as bytes, because `\xNN` and `\NNN` give bytes, and decoded as strict UTF-8.
 */
function extractWord(
  value: string,
  start: number,
  options: { allowEscapedDollar?: boolean } = {},
): Word {
  const bytes: number[] = []
  const opening = value[start]
  const quote = opening === '"' || opening === "'" ? opening : undefined
  let i = quote === undefined ? start : start + 1
  for (;;) {
    const ch = value[i]
    if (ch === undefined) {
      if (quote !== undefined)
        throw new UnitSyntaxError(`unbalanced quoting in ${JSON.stringify(value)}`)
      break
    }
    if (quote !== undefined && ch === quote) {
      i++
      if (i < value.length && !isWhitespace(value[i])) {
        throw new UnitSyntaxError(
          `closing quote not followed by whitespace in ${JSON.stringify(value)}`,
        )
      }
      break
    }
    if (quote === undefined && isWhitespace(ch)) break
    if (quote === undefined && (ch === '"' || ch === "'")) {
      throw new UnitSyntaxError(`quote in the middle of a word in ${JSON.stringify(value)}`)
    }
    if (ch === '\\') {
      i = unescapeOne(value, i + 1, bytes, options.allowEscapedDollar === true)
      continue
    }
    const codePoint = value.codePointAt(i) ?? 0
    const text = String.fromCodePoint(codePoint)
    bytes.push(...Buffer.from(text, 'utf8'))
    i += text.length
  }
  return { text: decodeUtf8(bytes, value), end: i }
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
  '\\': 0x5c,
  '"': 0x22,
  "'": 0x27,
  s: 0x20,
}

/** systemd's `cunescape_one`: the escape after a backslash at `at`; returns the next index. */
function unescapeOne(
  value: string,
  at: number,
  bytes: number[],
  allowEscapedDollar: boolean,
): number {
  const kind = value[at]
  if (kind === undefined)
    throw new UnitSyntaxError(`backslash at the end of ${JSON.stringify(value)}`)
  const simple = SIMPLE_ESCAPES[kind]
  if (simple !== undefined) {
    bytes.push(simple)
    return at + 1
  }
  const bad = (why: string): never => {
    throw new UnitSyntaxError(`${why} in ${JSON.stringify(value)}`)
  }
  const digits = (count: number, pattern: RegExp): number => {
    const text = value.slice(at + 1, at + 1 + count)
    if (text.length !== count || !pattern.test(text)) bad(`invalid escape \\${kind}${text}`)
    return parseInt(text, pattern === OCTAL ? 8 : 16)
  }
  let code: number
  let next: number
  let isByte: boolean
  if (kind === 'x') {
    code = digits(2, HEX)
    next = at + 3
    isByte = true
  } else if (kind === 'u') {
    code = digits(4, HEX)
    next = at + 5
    isByte = false
  } else if (kind === 'U') {
    code = digits(8, HEX)
    next = at + 9
    isByte = false
    if (code >= 0x110000 || isNoncharacter(code) || (code >= 0xd800 && code <= 0xdfff)) {
      bad(`invalid code point escape \\U${value.slice(at + 1, at + 9)}`)
    }
  } else if (kind >= '0' && kind <= '7') {
    const text = value.slice(at, at + 3)
    if (!/^[0-7]{3}$/.test(text)) bad(`invalid octal escape \\${text}`)
    code = parseInt(text, 8)
    if (code > 0xff) bad(`octal escape above 255 \\${text}`)
    next = at + 3
    isByte = true
  } else {
    return bad(`unknown escape \\${kind}`)
  }
  if (code === 0) bad('escaped NUL')
  if (code === 0x25 || (code === 0x24 && !allowEscapedDollar)) {
    bad(`escaped "${String.fromCharCode(code)}" (it is expanded after unquoting)`)
  }
  if (isByte) bytes.push(code)
  else bytes.push(...Buffer.from(String.fromCodePoint(code), 'utf8'))
  return next
}

const HEX = /^[0-9a-fA-F]+$/
const OCTAL = /^[0-7]+$/

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

function decodeUtf8(bytes: number[], value: string): string {
  try {
    return UTF8.decode(Uint8Array.from(bytes))
  } catch {
    throw new UnitSyntaxError(`escapes produce invalid UTF-8 in ${JSON.stringify(value)}`)
  }
}

/** systemd.unit(5) "Specifiers": `%%` is `%`, other `%x` come from the resolver. */
export function expandSpecifiers(text: string, specifiers: SpecifierResolver): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch !== '%') {
      out += ch
      continue
    }
    const spec = text[++i]
    if (spec === undefined)
      throw new UnitSyntaxError(`lone "%" at the end of ${JSON.stringify(text)}`)
    if (spec === '%') {
      out += '%'
      continue
    }
    const resolved = specifiers(spec)
    if (resolved === undefined)
      throw new UnitSyntaxError(`unknown specifier %${spec} in ${JSON.stringify(text)}`)
    out += resolved
  }
  return out
}

/**
 * systemd.service(5): "To pass a literal dollar sign, use `$$`". Any other `$` would be (or could
 * become, in another systemd version) a variable reference, which we never want.
 */
function unescapeDollars(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch !== '$') {
      out += ch
      continue
    }
    if (text[i + 1] !== '$') {
      throw new UnitSyntaxError(`variable reference (single "$") in ${JSON.stringify(text)}`)
    }
    out += '$'
    i++
  }
  return out
}
