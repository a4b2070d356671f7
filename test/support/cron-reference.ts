/**
 * A reference for when the Kubernetes CronJob controller runs a schedule, independent of podunit:
 * the controller takes each next run from robfig/cron v3's `SpecSchedule.Next` (spec.go), which
 * is ported here step by step, with Go's time semantics in a zone (`time.Date` normalising a
 * wall-clock time that falls into a gap or an overlap as Go does, `AddDate`, absolute `Add`).
 *
 * The schedule comes in as the sets of values of each field and robfig's star bits, as the test's
 * generator means them (`a/n` = a..max step n, `*`/`?` = all, with the star bit unless the step
 * is above 1): podunit's parser is not used.
 */

export interface ReferenceSchedule {
  readonly minutes: ReadonlySet<number>
  readonly hours: ReadonlySet<number>
  readonly daysOfMonth: ReadonlySet<number>
  readonly months: ReadonlySet<number>
  readonly daysOfWeek: ReadonlySet<number>
  readonly domStar: boolean
  readonly dowStar: boolean
}

interface Wall {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly weekday: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formatters.set(zone, f)
  }
  return f
}

/** The wall clock of instant `t` (ms since the epoch, whole seconds) in `zone`. */
export function wallOf(zone: string, t: number): Wall {
  const parts: Record<string, number> = {}
  for (const p of formatter(zone).formatToParts(new Date(t))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value)
  }
  const year = parts['year'] ?? 0
  const month = parts['month'] ?? 0
  const day = parts['day'] ?? 0
  return {
    year,
    month,
    day,
    hour: parts['hour'] ?? 0,
    minute: parts['minute'] ?? 0,
    second: parts['second'] ?? 0,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  }
}

/** UTC offset of `zone` at instant `t`, in ms. */
export function offsetAt(zone: string, t: number): number {
  const w = wallOf(zone, t)
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - t
}

/** Go's time.Date(y, m, d, h, mi, s, 0, loc): fields normalised, gaps and overlaps as Go resolves them. */
function goDate(zone: string, y: number, m: number, d: number, h: number, mi: number, s: number) {
  const unix = Date.UTC(y, m - 1, d, h, mi, s)
  const offset = offsetAt(zone, unix)
  const utc = unix - offset
  // lookup(unix) gave a zone period; if utc is outside it, look utc up instead (time.go, Date).
  return offsetAt(zone, utc) === offset ? utc : unix - offsetAt(zone, utc)
}

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

function dayMatches(s: ReferenceSchedule, w: Wall): boolean {
  const dom = s.daysOfMonth.has(w.day)
  const dow = s.daysOfWeek.has(w.weekday)
  return s.domStar || s.dowStar ? dom && dow : dom || dow
}

/** robfig's SpecSchedule.Next(t) with seconds fixed at 0; undefined for Go's zero time. */
export function nextRun(s: ReferenceSchedule, zone: string, from: number): number | undefined {
  let t = from - (from % SECOND) + SECOND
  let added = false
  const yearLimit = wallOf(zone, t).year + 5
  for (;;) {
    // WRAP:
    let w = wallOf(zone, t)
    if (w.year > yearLimit) return undefined
    let wrapped = false
    while (!s.months.has(w.month)) {
      if (!added) {
        added = true
        t = goDate(zone, w.year, w.month, 1, 0, 0, 0)
        w = wallOf(zone, t)
      }
      t = goDate(zone, w.year, w.month + 1, w.day, w.hour, w.minute, w.second)
      w = wallOf(zone, t)
      if (w.month === 1) {
        wrapped = true
        break
      }
    }
    if (wrapped) continue
    while (!dayMatches(s, w)) {
      if (!added) {
        added = true
        t = goDate(zone, w.year, w.month, w.day, 0, 0, 0)
        w = wallOf(zone, t)
      }
      t = goDate(zone, w.year, w.month, w.day + 1, w.hour, w.minute, w.second)
      w = wallOf(zone, t)
      if (w.hour !== 0) {
        t += w.hour > 12 ? (24 - w.hour) * HOUR : -w.hour * HOUR
        w = wallOf(zone, t)
      }
      if (w.day === 1) {
        wrapped = true
        break
      }
    }
    if (wrapped) continue
    while (!s.hours.has(w.hour)) {
      if (!added) {
        added = true
        t = goDate(zone, w.year, w.month, w.day, w.hour, 0, 0)
      }
      t += HOUR
      w = wallOf(zone, t)
      if (w.hour === 0) {
        wrapped = true
        break
      }
    }
    if (wrapped) continue
    while (!s.minutes.has(w.minute)) {
      if (!added) {
        added = true
        t -= t % MINUTE
      }
      t += MINUTE
      w = wallOf(zone, t)
      if (w.minute === 0) {
        wrapped = true
        break
      }
    }
    if (wrapped) continue
    if (w.second !== 0) {
      // Go adds one second at a time until the second is 0, then wraps: the next whole minute.
      added = true
      t += MINUTE - w.second * SECOND
      continue
    }
    return t
  }
}

/** The next `count` runs after `from`, as the controller iterates Next. */
export function nextRuns(
  s: ReferenceSchedule,
  zone: string,
  from: number,
  count: number,
): number[] {
  const out: number[] = []
  let t = from
  while (out.length < count) {
    const next = nextRun(s, zone, t)
    if (next === undefined) break
    out.push(next)
    t = next
  }
  return out
}

/**
 * An instant in the second pass of an hour that repeats when daylight saving time ends (its wall
 * clock was already shown once, before the clocks went back).
 */
export function inRepeatedPass(zone: string, t: number): boolean {
  const before = offsetAt(zone, t - 6 * HOUR)
  const now = offsetAt(zone, t)
  if (before <= now) return false
  const w = wallOf(zone, t)
  const earlier = wallOf(zone, t - (before - now))
  return (
    earlier.day === w.day &&
    earlier.hour === w.hour &&
    earlier.minute === w.minute &&
    earlier.second === w.second
  )
}
