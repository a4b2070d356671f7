/**
 * Models of what happens to a value after systemd has handed it over: Kubernetes' `$(VAR)`
 * expansion (command, args, env values) and Podman's CSV reading of string-slice options.
 *
 * How Podman 4.3 reads the value of a "string slice" option: pflag's `StringSliceVar` passes it to
 * `readAsCSV`, the first record of Go's `encoding/csv` reader (Go 1.19, default settings), so a
 * `,` splits the value, a `"` inside an unquoted field is an error, a newline ends the record (the
 * rest is silently dropped), `\r\n` becomes `\n`, and a `\r` before the end is dropped. A value
 * reaches Podman intact only as one CSV field. Written from encoding/csv's reader.go
 * (readLine, readRecord) and spf13/pflag string_slice.go; `test/quoting-podman.test.ts` checks it
 * against the real Podman.
 */

/**
 * The options of `podman create`/`podman pod create` that are StringSlice in Podman 4.3
 * (cmd/podman/common/create.go, cmd/podman/pods/create.go); `--env`, `--label`, `-v`,
 * `--security-opt`, `--tmpfs`, `--mount` are StringArray and taken as they are.
 */
export const SLICE_OPTIONS: ReadonlySet<string> = new Set([
  '--add-host',
  '--annotation',
  '--cap-add',
  '--cap-drop',
  '--device',
  '--dns',
  '--dns-option',
  '--dns-search',
  '--env-file',
  '--group-add',
  '-p',
  '--publish',
  '--sysctl',
  '--ulimit',
  '--volumes-from',
])

export class CsvError extends Error {}

/** encoding/csv readLine: a line with its `\n`; `\r\n` → `\n`; a `\r` right before EOF dropped. */
function readLine(input: string, from: number): { line: string; next: number } {
  const nl = input.indexOf('\n', from)
  let line = nl < 0 ? input.slice(from) : input.slice(from, nl + 1)
  if (nl < 0 && line.endsWith('\r')) line = line.slice(0, -1)
  if (line.endsWith('\r\n')) line = `${line.slice(0, -2)}\n`
  return { line, next: nl < 0 ? input.length : nl + 1 }
}

const lengthNL = (s: string) => (s.endsWith('\n') ? 1 : 0)

/** The first record of `csv.NewReader(strings.NewReader(value)).Read()`, or the error. */
export function readCsvRecord(value: string): string[] | CsvError {
  if (value === '') return [] // pflag: an empty value is an empty slice
  let at = 0
  let line = ''
  // Skip empty lines.
  for (;;) {
    if (at >= value.length) return new CsvError('EOF')
    const read = readLine(value, at)
    at = read.next
    line = read.line
    if (line.length === lengthNL(line)) continue
    break
  }
  const fields: string[] = []
  let field = ''
  for (;;) {
    if (line === '' || line[0] !== '"') {
      const comma = line.indexOf(',')
      const text = comma >= 0 ? line.slice(0, comma) : line.slice(0, line.length - lengthNL(line))
      if (text.includes('"')) return new CsvError('bare " in non-quoted-field')
      fields.push(text)
      if (comma >= 0) {
        line = line.slice(comma + 1)
        continue
      }
      return fields
    }
    // Quoted field.
    line = line.slice(1)
    field = ''
    for (;;) {
      const quote = line.indexOf('"')
      if (quote >= 0) {
        field += line.slice(0, quote)
        line = line.slice(quote + 1)
        if (line[0] === '"') {
          field += '"'
          line = line.slice(1)
        } else if (line[0] === ',') {
          line = line.slice(1)
          fields.push(field)
          break
        } else if (lengthNL(line) === line.length) {
          fields.push(field)
          return fields
        } else {
          return new CsvError('extraneous or missing " in quoted-field')
        }
      } else if (line.length > 0 && at < value.length) {
        // The field goes on on the next line.
        field += line
        const read = readLine(value, at)
        at = read.next
        line = read.line
      } else {
        // The input ends inside the quotes.
        return new CsvError('extraneous or missing " in quoted-field')
      }
    }
  }
}

/** What Podman takes from `option value`: the value, or the fields of a string slice. */
export function podmanValues(option: string, value: string): string[] | CsvError {
  return SLICE_OPTIONS.has(option) ? readCsvRecord(value) : [value]
}

/**
 * Kubernetes' `$(VAR)` expansion (k8s.io/kubernetes third_party/forked/golang/expansion.Expand)
 * over UTF-16 code units (its operators are ASCII): `$$` is `$`, `$(NAME)` of a defined variable is
 * its value, anything else (an undefined name, an unclosed `$(`, a lone `$`) stays as written.
 */
export function expandModel(input: string, lookup: (name: string) => string | undefined): string {
  let out = ''
  let checkpoint = 0
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] !== '$' || cursor + 1 >= input.length) continue
    out += input.slice(checkpoint, cursor)
    const next = input[cursor + 1]
    let advance = 1
    if (next === '$') out += '$'
    else if (next === '(') {
      const close = input.indexOf(')', cursor + 2)
      if (close < 0) out += '$('
      else {
        const name = input.slice(cursor + 2, close)
        out += lookup(name) ?? `$(${name})`
        advance = close - cursor
      }
    } else out += `$${next}`
    cursor += advance
    checkpoint = cursor + 1
  }
  return out + input.slice(checkpoint)
}
