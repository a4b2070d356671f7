/**
 * Differential test of the schedule: random valid cron expressions and time zones (zones with
 * daylight saving time, half-hour and 45-minute offsets) go through
 * `convert()`; the `OnCalendar=` lines of the timer go to the real `systemd-analyze calendar
 * --iterations=N --base-time=…`, and the next 40 instants systemd computes must be the next 40 runs
 * of the CronJob controller (test/support/cron-reference.ts, a port of robfig/cron's Next fed by
 * the generator's own reading of each field, not podunit's parser).
 *
 * One documented difference, asserted exactly: when daylight saving time ends, an hour repeats;
 * the controller runs a schedule that matches in that hour in both passes (robfig adds absolute
 * hours and minutes), systemd only in the first (it matches wall-clock times). The reference's
 * runs in the second pass are the only ones systemd may lack.
 *
 * Not in the zones: Australia/Lord_Howe, whose clocks move by 30 minutes. There robfig's Next
 * keeps the :30 it picks up when it adds whole hours across the change, and skips runs (it skips
 * `@monthly` on 1 November 2028); systemd follows the wall clock and runs them.
 *
 * Why not an npm cron library as the reference: cron-parser and croner treat `a/n` and the
 * day-of-month/day-of-week rule differently from robfig (croner ANDs or ORs by its own option,
 * cron-parser reads `7` as Sunday), so neither is the controller.
 *
 * Calls are batched: one systemd-analyze per base time, every expression of the batch at once.
 * The same schedules, in UTC, also go to systemd 257 of the Debian 13 root (test/podman5/), whose
 * missing tz database rules out the other zones there.
 * PODUNIT_CRON_SEED and PODUNIT_CRON_RUNS change the sample.
 */
import fc from 'fast-check'
import { expect, it } from 'vitest'
import { convert } from '../src/index.js'
import type { ReferenceSchedule } from './support/cron-reference.js'
import { inRepeatedPass, nextRuns } from './support/cron-reference.js'
import { NEEDS_SYSTEMD_ANALYZE, run, suiteRequiring } from './support/podman.js'
import { NEEDS_PODMAN5, runInPodman5 } from './support/podman5.js'

const COUNT = 40
const SEED = Number(process.env.PODUNIT_CRON_SEED ?? 20261130)
const RUNS = Number(process.env.PODUNIT_CRON_RUNS ?? 120)

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'Europe/London',
  'America/New_York',
  'America/St_Johns',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'America/Sao_Paulo',
  'Etc/GMT+5',
]

/** Base times: some just before DST changes (EU, US, Sydney, Chatham), others anywhere. */
const BASES = [
  '2026-03-29 00:17:17 UTC',
  '2026-10-25 00:17:17 UTC',
  '2026-11-01 04:17:17 UTC',
  '2026-03-08 05:17:17 UTC',
  '2026-04-04 14:17:17 UTC',
  '2026-09-26 14:17:17 UTC',
  '2027-01-14 09:41:53 UTC',
  '2028-02-28 23:59:59 UTC',
]

interface Field {
  readonly text: string
  readonly values: ReadonlySet<number>
  readonly star: boolean
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

function randomCase(name: string, mask: number): string {
  return [...name].map((c, i) => ((mask >> i) & 1 ? c.toUpperCase() : c)).join('')
}

/** One list item of a field with bounds [min, max], as robfig documents it. */
function item(min: number, max: number, names?: readonly string[]): fc.Arbitrary<Field> {
  const value = fc.integer({ min, max })
  const show = (v: number, mask: number) =>
    names !== undefined && mask % 2 === 1 ? randomCase(names[v - min]!, mask >> 1) : String(v)
  const range = (a: number, b: number, step: number) => {
    const values = new Set<number>()
    for (let v = a; v <= b; v += step) values.add(v)
    return values
  }
  const step = fc.integer({ min: 1, max: Math.max(2, Math.ceil((max - min) / 2)) })
  const mask = fc.nat(15)
  return fc.oneof(
    fc.constantFrom('*', '?').map((t) => ({ text: t, values: range(min, max, 1), star: true })),
    fc
      .tuple(value, mask)
      .map(([a, m]) => ({ text: show(a, m), values: range(a, a, 1), star: false })),
    fc.tuple(value, value, mask).map(([a, b, m]) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a]
      return { text: `${show(lo, m)}-${show(hi, m >> 2)}`, values: range(lo, hi, 1), star: false }
    }),
    step.map((n) => ({ text: `*/${n}`, values: range(min, max, n), star: n === 1 })),
    fc.tuple(value, value, step).map(([a, b, n]) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a]
      return { text: `${lo}-${hi}/${n}`, values: range(lo, hi, n), star: false }
    }),
    // `a/n` is `a-max/n`
    fc
      .tuple(value, step)
      .map(([a, n]) => ({ text: `${a}/${n}`, values: range(a, max, n), star: false })),
  )
}

function field(min: number, max: number, names?: readonly string[]): fc.Arbitrary<Field> {
  return fc.array(item(min, max, names), { minLength: 1, maxLength: 3 }).map((items) => ({
    text: items.map((i) => i.text).join(','),
    values: new Set(items.flatMap((i) => [...i.values])),
    star: items.some((i) => i.star),
  }))
}

interface Sample {
  readonly expression: string
  readonly schedule: ReferenceSchedule
  readonly zone: string
  readonly base: number
}

const sampleArb: fc.Arbitrary<Sample> = fc
  .record({
    minute: field(0, 59),
    hour: field(0, 23),
    dom: field(1, 31),
    month: field(1, 12, MONTHS),
    dow: field(0, 6, DAYS),
    zone: fc.constantFrom(...ZONES),
    base: fc.nat(BASES.length - 1),
  })
  .map(({ minute, hour, dom, month, dow, zone, base }) => ({
    expression: [minute, hour, dom, month, dow].map((f) => f.text).join(' '),
    schedule: {
      minutes: minute.values,
      hours: hour.values,
      daysOfMonth: dom.values,
      months: month.values,
      daysOfWeek: dow.values,
      domStar: dom.star,
      dowStar: dow.star,
    },
    zone,
    base,
  }))

const ALL = (min: number, max: number) =>
  new Set(Array.from({ length: max - min + 1 }, (_, i) => min + i))
const one = (v: number) => new Set([v])

/** Hand-picked: the descriptors, robfig's quirks (`*-5` is `*`, `?`, a step of 1 keeps the star). */
const FIXED: readonly Sample[] = [
  ['@yearly', one(0), one(0), one(1), one(1), ALL(0, 6), false, true],
  ['@annually', one(0), one(0), one(1), one(1), ALL(0, 6), false, true],
  ['@monthly', one(0), one(0), one(1), ALL(1, 12), ALL(0, 6), false, true],
  ['@weekly', one(0), one(0), ALL(1, 31), ALL(1, 12), one(0), true, false],
  ['@daily', one(0), one(0), ALL(1, 31), ALL(1, 12), ALL(0, 6), true, true],
  ['@midnight', one(0), one(0), ALL(1, 31), ALL(1, 12), ALL(0, 6), true, true],
  ['@hourly', one(0), ALL(0, 23), ALL(1, 31), ALL(1, 12), ALL(0, 6), true, true],
  ['0 0 *-5 * 1', one(0), one(0), ALL(1, 31), ALL(1, 12), one(1), true, false],
  ['30 2 13 * 5', one(30), one(2), one(13), ALL(1, 12), one(5), false, false],
  ['0 12 29 2 *', one(0), one(12), one(29), one(2), ALL(0, 6), false, true],
  ['15 1 1-31 * sun', one(15), one(1), ALL(1, 31), ALL(1, 12), one(0), false, false],
].flatMap(([expression, minutes, hours, daysOfMonth, months, daysOfWeek, domStar, dowStar], i) =>
  ['America/New_York', 'Europe/Berlin', 'Pacific/Chatham'].map((zone, z) => ({
    expression: expression as string,
    schedule: {
      minutes,
      hours,
      daysOfMonth,
      months,
      daysOfWeek,
      domStar,
      dowStar,
    } as ReferenceSchedule,
    zone,
    base: (i + z) % BASES.length,
  })),
)

/** The `OnCalendar=` lines podunit writes for the schedule. */
function onCalendar(sample: Sample): string[] {
  const yaml = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: prop
spec:
  schedule: ${JSON.stringify(sample.expression)}
  timeZone: ${sample.zone}
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: c
              image: localhost/busybox:latest
`
  const result = convert({ path: 'prop.yaml', text: yaml }, { noHeader: true })
  expect(result.ok, `${sample.expression}: ${JSON.stringify(result.diagnostics)}`).toBe(true)
  const timer = result.units.find((u) => u.fileName.endsWith('.timer'))?.content ?? ''
  return [...timer.matchAll(/^OnCalendar=(.*)$/gm)].map((m) => m[1] ?? '')
}

/** Runs `systemd-analyze calendar ARGS…` with TZ=UTC and returns its standard output. */
type Analyze = (args: readonly string[]) => string

const analyze252: Analyze = (args) =>
  run('systemd-analyze', ['calendar', ...args], {
    env: { TZ: 'UTC', LC_ALL: 'C', SYSTEMD_COLORS: '0' },
    timeoutMs: 120_000,
  }).stdout

/** systemd 257 of the Debian 13 root (test/podman5/run.sh). That root has no tz database. */
const analyze257: Analyze = (args) =>
  runInPodman5([
    'env',
    'TZ=UTC',
    'LC_ALL=C',
    'SYSTEMD_COLORS=0',
    'systemd-analyze',
    'calendar',
    ...args,
  ]).stdout

/** systemd's next instants (ms) for each expression, from one `systemd-analyze calendar` call. */
function systemdInstants(analyze: Analyze, expressions: readonly string[], base: string) {
  const out = analyze([`--iterations=${COUNT + 8}`, `--base-time=${base}`, ...expressions])
  const blocks = out.split(/\n\n+/).filter((b) => b.trim() !== '')
  expect(blocks.length, out).toBe(expressions.length)
  // 252 says `Iter. #2:`, 257 `Iteration #2:` (with trailing spaces).
  return blocks.map((block) =>
    [
      ...block.matchAll(
        /(?:Next elapse|Iter(?:\.|ation) #\d+): \w+ (\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) UTC *$/gm,
      ),
    ].map((m) => Date.parse(`${m[1]}T${m[2]}Z`)),
  )
}

const iso = (t: number) => new Date(t).toISOString()

interface Outcome {
  readonly compared: number
  readonly secondPass: number
}

/** Every sample's next COUNT instants from systemd against the controller's; one call per base. */
function compareAll(samples: readonly Sample[], analyze: Analyze): Outcome {
  const lines = samples.map(onCalendar)
  let compared = 0
  let secondPass = 0
  BASES.forEach((base, b) => {
    const batch = samples.map((s, i) => ({ s, lines: lines[i]! })).filter((x) => x.s.base === b)
    if (batch.length === 0) return
    const instants = systemdInstants(
      analyze,
      batch.flatMap((x) => x.lines),
      base,
    )
    let k = 0
    for (const { s, lines: own } of batch) {
      const fromSystemd = [...new Set(own.flatMap(() => instants[k++] ?? []))].sort((x, y) => x - y)
      const from = Date.parse(base.replace(' UTC', 'Z').replace(' ', 'T'))
      const reference = nextRuns(s.schedule, s.zone, from, COUNT)
      const expected = reference.filter((t) => !inRepeatedPass(s.zone, t))
      secondPass += reference.length - expected.length
      const label = `${s.expression} (${s.zone}) from ${base}: ${own.join(' | ')}`
      expect(fromSystemd.slice(0, expected.length).map(iso), label).toEqual(expected.map(iso))
      compared++
    }
  })
  return { compared, secondPass }
}

const SAMPLES = (): Sample[] => [...FIXED, ...fc.sample(sampleArb, { numRuns: RUNS, seed: SEED })]

suiteRequiring('cron calendar differential', [NEEDS_SYSTEMD_ANALYZE])(
  'OnCalendar= lines fire when the CronJob controller would (systemd 252)',
  () => {
    it(`${RUNS} random schedules and ${FIXED.length} fixed ones: systemd's next ${COUNT} instants = the controller's`, () => {
      const samples = SAMPLES()
      const { compared, secondPass } = compareAll(samples, analyze252)
      expect(compared).toBe(samples.length)
      process.stdout.write(
        `cron differential (systemd 252): ${compared} schedules × ${COUNT} runs; ${secondPass} runs in a repeated DST hour (controller only)\n`,
      )
    }, 300_000)
  },
)

suiteRequiring('cron calendar differential (systemd 257)', [NEEDS_PODMAN5])(
  `OnCalendar= lines fire when the CronJob controller would (systemd 257, Debian 13)`,
  () => {
    it('the first 100 of the same schedules, in UTC (the Debian 13 root has no tz database)', () => {
      const samples = SAMPLES()
        .slice(0, 100)
        .map((s) => ({ ...s, zone: 'UTC' }))
      const { compared } = compareAll(samples, analyze257)
      expect(compared).toBe(samples.length)
      process.stdout.write(
        `cron differential (systemd 257): ${compared} schedules × ${COUNT} runs, in UTC\n`,
      )
    }, 300_000)
  },
)
