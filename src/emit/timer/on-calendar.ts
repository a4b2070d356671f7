/**
 * A cron schedule as systemd calendar events (systemd.time(7)): `[weekdays ]*-months-days
 * hours:minutes:00[ zone]`. Within one event systemd requires every component to match, as cron
 * does unless both day fields are restricted; then cron runs on a day that matches either, which
 * takes two events, one per day field (their union is the schedule).
 */
import type { CronFields } from '../../model/schedule-model.js'

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
/** systemd's week runs Monday to Sunday: cron's 1–6, then 0. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0]

export function onCalendarLines(cron: CronFields, timeZone?: string): string[] {
  const zone = timeZone === undefined ? '' : ` ${timeZone}`
  const months = component(cron.months, 1, 12)
  const time = `${component(cron.hours, 0, 23)}:${component(cron.minutes, 0, 59)}:00`
  const days = component(cron.daysOfMonth, 1, 31)
  const weekdays = weekdayList(cron.daysOfWeek)
  const event = (weekday: string, day: string) =>
    `${weekday === '' ? '' : `${weekday} `}*-${months}-${day} ${time}${zone}`
  if (!cron.dayOr) return [event(weekdays, days)]
  return [event('', days), event(weekdays, '*')]
}

/** Weekday names, consecutive runs of three or more as `Mon..Fri`; empty for every day. */
function weekdayList(days: readonly number[]): string {
  if (days.length === 7) return ''
  const set = new Set(days)
  const items: string[] = []
  let i = 0
  while (i < WEEK_ORDER.length) {
    if (!set.has(WEEK_ORDER[i]!)) {
      i++
      continue
    }
    let j = i
    while (j + 1 < WEEK_ORDER.length && set.has(WEEK_ORDER[j + 1]!)) j++
    const name = (k: number) => WEEKDAYS[WEEK_ORDER[k]!]!
    if (j - i >= 2) items.push(`${name(i)}..${name(j)}`)
    else for (let k = i; k <= j; k++) items.push(name(k))
    i = j + 1
  }
  return items.join(',')
}

/**
 * One component as systemd writes it: `*` for every value, otherwise a list of the shortest
 * items that cover the values: single values, ranges `a..b`, repetitions `a/n` (a, a+n, … up to
 * the component's end) and `a..b/n`.
 */
export function component(values: readonly number[], min: number, max: number): string {
  if (values.length === max - min + 1) return '*'
  const set = new Set(values)
  const covered = new Set<number>()
  const items: string[] = []
  for (const v of values) {
    if (covered.has(v)) continue
    const best = bestItem(v, set, values, max)
    best.values.forEach((x) => covered.add(x))
    items.push(best.text)
  }
  return items.join(',')
}

interface Item {
  readonly text: string
  readonly values: readonly number[]
}

function bestItem(
  v: number,
  set: ReadonlySet<number>,
  values: readonly number[],
  max: number,
): Item {
  let best: Item = { text: pad(v), values: [v] }
  const consider = (item: Item) => {
    if (item.values.length >= 3 && item.values.length > best.values.length) best = item
  }
  // A run of consecutive values.
  consider(progression(v, 1, set, max, (end) => `${pad(v)}..${pad(end)}`))
  for (const next of values) {
    if (next <= v) continue
    const step = next - v
    // Repetition to the end of the component: every value up to max must be in the set.
    const toEnd: number[] = []
    for (let x = v; x <= max; x += step) toEnd.push(x)
    if (toEnd.every((x) => set.has(x))) consider({ text: `${pad(v)}/${step}`, values: toEnd })
    if (step > 1)
      consider(progression(v, step, set, max, (end) => `${pad(v)}..${pad(end)}/${step}`))
  }
  return best
}

/** The longest v, v+step, … with every value in the set. */
function progression(
  v: number,
  step: number,
  set: ReadonlySet<number>,
  max: number,
  text: (end: number) => string,
): Item {
  const values: number[] = []
  for (let x = v; x <= max && set.has(x); x += step) values.push(x)
  return { text: text(values[values.length - 1] ?? v), values }
}

function pad(value: number): string {
  return String(value).padStart(2, '0')
}
