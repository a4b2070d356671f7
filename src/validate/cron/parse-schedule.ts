/**
 * A CronJob's `spec.schedule`, read as the Kubernetes API server and CronJob controller read it:
 * robfig/cron v3's standard parser (`cron.ParseStandard`, parser.go). Five fields separated by
 * white space (minute, hour, day of month, month, day of week), each a comma-separated list of
 * `*`, `?`, `a`, `a-b`, each optionally followed by `/step`; `a/step` means `a-max/step`. Month
 * and weekday names (`jan`, `MON`) in any case; weekdays are 0–6 (Sunday is 0, never 7). The
 * descriptors `@yearly @annually @monthly @weekly @daily @midnight @hourly` and `@every <Go
 * duration>`. Errors carry robfig's wording, which is what the API server reports.
 */
import type { CronFields, CronSpec } from '../../model/schedule-model.js'
import { parseGoDuration } from './go-duration.js'

export type ParsedSchedule =
  | { readonly ok: true; readonly spec: CronSpec }
  /** `index`: where in the schedule the offending field or range starts (0 for the whole). */
  | { readonly ok: false; readonly message: string; readonly index: number }

interface Bounds {
  readonly min: number
  readonly max: number
  readonly names?: Readonly<Record<string, number>>
}

const MONTH_NAMES = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
]
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

const FIELDS: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: Object.fromEntries(MONTH_NAMES.map((n, i) => [n, i + 1])) },
  { min: 0, max: 6, names: Object.fromEntries(DAY_NAMES.map((n, i) => [n, i])) },
]

/** A field's values, and whether it holds robfig's star bit (`*` or `?` with no step above 1). */
interface FieldValue {
  readonly values: ReadonlySet<number>
  readonly star: boolean
}

class CronError extends Error {
  constructor(
    message: string,
    readonly index = 0,
  ) {
    super(message)
  }
}

/** A field of the schedule and where it starts. */
interface Located {
  readonly text: string
  readonly index: number
}

/** What Go's strings.Fields splits on (unicode.IsSpace); unlike JavaScript's \s, not U+FEFF. */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u

const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
}

export function parseSchedule(schedule: string): ParsedSchedule {
  try {
    return { ok: true, spec: parse(schedule) }
  } catch (error) {
    if (error instanceof CronError) return { ok: false, message: error.message, index: error.index }
    throw error
  }
}

function parse(schedule: string): CronSpec {
  if (schedule.length === 0) throw new CronError('empty spec string')
  if (schedule.startsWith('@')) {
    // robfig matches descriptors exactly: no surrounding space, lower case only.
    const expansion = DESCRIPTORS[schedule]
    if (expansion !== undefined) return parseFields(splitFields(expansion))
    if (schedule.startsWith('@every ')) {
      const nanos = parseGoDuration(schedule.slice('@every '.length))
      if (typeof nanos === 'string') {
        throw new CronError(`failed to parse duration ${schedule}: ${nanos}`)
      }
      // robfig's Every(): at least one second, rounded down to whole seconds.
      const seconds = nanos < 1_000_000_000n ? 1n : nanos / 1_000_000_000n
      return { kind: 'every', seconds: Number(seconds) }
    }
    throw new CronError(`unrecognized descriptor: ${schedule}`)
  }
  const fields = splitFields(schedule)
  if (fields.length !== 5) {
    const found = fields.map((f) => f.text).join(' ')
    throw new CronError(`expected exactly 5 fields, found ${fields.length}: [${found}]`)
  }
  return parseFields(fields)
}

/** Go's strings.Fields, keeping where each field starts. */
function splitFields(schedule: string): Located[] {
  const out: Located[] = []
  let index = 0
  for (const part of schedule.split(new RegExp(`(${GO_SPACE.source})`, 'u'))) {
    if (part !== '' && !GO_SPACE.test(part)) out.push({ text: part, index })
    index += part.length
  }
  return out
}

function parseFields(fields: readonly Located[]): CronFields {
  const [minute, hour, dom, month, dow] = fields.map((field, i) => getField(field, FIELDS[i]!))
  const sorted = (f: FieldValue | undefined) => [...(f?.values ?? [])].sort((a, b) => a - b)
  return {
    kind: 'fields',
    minutes: sorted(minute),
    hours: sorted(hour),
    daysOfMonth: sorted(dom),
    months: sorted(month),
    daysOfWeek: sorted(dow),
    // dayMatches (spec.go): AND when either day field has the star bit, OR otherwise.
    dayOr: dom?.star !== true && dow?.star !== true,
  }
}

/** robfig's getField: the union of the comma-separated ranges (empty items are skipped). */
function getField(field: Located, bounds: Bounds): FieldValue {
  const values = new Set<number>()
  let star = false
  let index = field.index
  for (const expression of field.text.split(',')) {
    if (expression !== '') {
      const range = atIndex(index, () => getRange(expression, bounds))
      range.values.forEach((v) => values.add(v))
      star ||= range.star
    }
    index += expression.length + 1
  }
  return { values, star }
}

/** Runs `parse`, placing its error at `index`. */
function atIndex<T>(index: number, parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    if (error instanceof CronError) throw new CronError(error.message, index)
    throw error
  }
}

/** robfig's getRange: `*`, `?`, `a`, `a-b`, each with an optional `/step`. */
function getRange(expression: string, bounds: Bounds): FieldValue {
  const rangeAndStep = expression.split('/')
  const lowAndHigh = (rangeAndStep[0] ?? '').split('-')
  const single = lowAndHigh.length === 1
  let start: number
  let end: number
  let star = false
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    // robfig reads no further: `*-5` is `*`.
    start = bounds.min
    end = bounds.max
    star = true
  } else {
    start = parseIntOrName(lowAndHigh[0] ?? '', bounds.names)
    if (lowAndHigh.length === 1) end = start
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1] ?? '', bounds.names)
    else throw new CronError(`too many hyphens: ${expression}`)
  }
  let step: number
  if (rangeAndStep.length === 1) step = 1
  else if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1] ?? '')
    if (single) end = bounds.max // `a/n` means `a-max/n`
    if (step > 1) star = false
  } else throw new CronError(`too many slashes: ${expression}`)
  if (start < bounds.min) {
    throw new CronError(
      `beginning of range (${start}) below minimum (${bounds.min}): ${expression}`,
    )
  }
  if (end > bounds.max) {
    throw new CronError(`end of range (${end}) above maximum (${bounds.max}): ${expression}`)
  }
  if (start > end) {
    throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expression}`)
  }
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expression}`)
  const values = new Set<number>()
  for (let v = start; v <= end; v += step) values.add(v)
  return { values, star }
}

function parseIntOrName(expression: string, names: Bounds['names']): number {
  const named = names?.[expression.toLowerCase()]
  return named ?? mustParseInt(expression)
}

/** Go's strconv.Atoi (an optional sign, decimal digits, no overflow), then no negatives. */
function mustParseInt(expression: string): number {
  if (!/^[+-]?[0-9]+$/.test(expression)) {
    throw new CronError(
      `failed to parse int from ${expression}: strconv.Atoi: parsing ${JSON.stringify(expression)}: invalid syntax`,
    )
  }
  const value = BigInt(expression)
  if (value > 9223372036854775807n || value < -9223372036854775808n) {
    throw new CronError(
      `failed to parse int from ${expression}: strconv.Atoi: parsing ${JSON.stringify(expression)}: value out of range`,
    )
  }
  if (value < 0n) throw new CronError(`negative number (${value}) not allowed: ${expression}`)
  return Number(value)
}
