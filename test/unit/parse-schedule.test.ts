/**
 * robfig/cron's standard parser, as podunit reads `spec.schedule`: its quirks (`*-5` is `*`,
 * empty list items are skipped, a step above 1 drops the star bit, `+5` is 5), names, and Go
 * durations for `@every`. And the OnCalendar= text of a field. (The schedules themselves are
 * proved against systemd by test/cron-calendar.test.ts.)
 */
import { describe, expect, it } from 'vitest'
import { component } from '../../src/emit/timer/on-calendar.js'
import { parseSchedule } from '../../src/validate/cron/parse-schedule.js'

const range = (a: number, b: number, step = 1) =>
  Array.from({ length: Math.floor((b - a) / step) + 1 }, (_, i) => a + i * step)

describe('parseSchedule', () => {
  it.each([
    { schedule: '0 0 *-5 * 1', field: 'daysOfMonth', values: range(1, 31), dayOr: false },
    { schedule: '0 0 ? * 1', field: 'daysOfMonth', values: range(1, 31), dayOr: false },
    { schedule: '0 0 */1 * 1', field: 'daysOfMonth', values: range(1, 31), dayOr: false },
    { schedule: '0 0 */2 * 1', field: 'daysOfMonth', values: range(1, 31, 2), dayOr: true },
    { schedule: '0 0 1-31 * 1', field: 'daysOfMonth', values: range(1, 31), dayOr: true },
    { schedule: '0 0 *,5 * 1', field: 'daysOfMonth', values: range(1, 31), dayOr: false },
    { schedule: '0 0 1 * mon-FRI', field: 'daysOfWeek', values: range(1, 5), dayOr: true },
    { schedule: '0 0 1 * SUN,sat', field: 'daysOfWeek', values: [0, 6], dayOr: true },
    { schedule: '0 0 * jAn-mar * ', field: 'months', values: [1, 2, 3], dayOr: false },
    { schedule: '5/20 * * * *', field: 'minutes', values: [5, 25, 45], dayOr: false },
    { schedule: '1,,3, * * * *', field: 'minutes', values: [1, 3], dayOr: false },
    { schedule: '+7 * * * *', field: 'minutes', values: [7], dayOr: false },
    { schedule: '\t0\n3  * * *', field: 'hours', values: [3], dayOr: false },
  ])('$schedule: $field', ({ schedule, field, values, dayOr }) => {
    const parsed = parseSchedule(schedule)
    if (!parsed.ok || parsed.spec.kind !== 'fields') throw new Error(JSON.stringify(parsed))
    expect(parsed.spec[field as 'minutes']).toEqual(values)
    expect(parsed.spec.dayOr).toBe(dayOr)
  })

  it.each([
    { schedule: '@every 1h30m', seconds: 5400 },
    { schedule: '@every 1.5h', seconds: 5400 },
    { schedule: '@every 90s', seconds: 90 },
    { schedule: '@every 2500ms', seconds: 2 },
    { schedule: '@every 300ms', seconds: 1 },
    { schedule: '@every 0', seconds: 1 },
    { schedule: '@every -5m', seconds: 1 },
    { schedule: '@every 1µs', seconds: 1 },
  ])('$schedule runs every $seconds s', ({ schedule, seconds }) => {
    expect(parseSchedule(schedule)).toEqual({ ok: true, spec: { kind: 'every', seconds } })
  })

  it.each([
    { schedule: '@every', message: 'unrecognized descriptor: @every', index: 0 },
    {
      schedule: '@every 5',
      message: 'failed to parse duration @every 5: time: missing unit in duration "5"',
      index: 0,
    },
    {
      schedule: '@every .s',
      message: 'failed to parse duration @every .s: time: invalid duration ".s"',
      index: 0,
    },
    { schedule: ' @daily', message: 'expected exactly 5 fields, found 1: [@daily]', index: 0 },
    { schedule: '0 0 * * 1-2-3', message: 'too many hyphens: 1-2-3', index: 8 },
    {
      schedule: '0  0 * * 0/0',
      message: 'step of range should be a positive number: 0/0',
      index: 9,
    },
    { schedule: '0 0 * 1,,13 *', message: 'end of range (13) above maximum (12): 13', index: 9 },
    {
      schedule: '0 0 * * \uFEFF1',
      message: expect.stringContaining('failed to parse int') as string,
      index: 8,
    },
  ])('$schedule is refused', ({ schedule, message, index }) => {
    expect(parseSchedule(schedule)).toEqual({ ok: false, message, index })
  })
})

describe('OnCalendar= component', () => {
  it.each([
    { values: range(0, 59), min: 0, max: 59, text: '*' },
    { values: range(0, 59, 15), min: 0, max: 59, text: '00/15' },
    { values: range(5, 59, 20), min: 0, max: 59, text: '05/20' },
    { values: range(8, 18, 2), min: 0, max: 23, text: '08..18/2' },
    { values: range(9, 17), min: 0, max: 23, text: '09..17' },
    { values: [1, 15], min: 1, max: 31, text: '01,15' },
    { values: [1, 2, 3, 10], min: 1, max: 12, text: '01..03,10' },
  ])('$values → $text', ({ values, min, max, text }) => {
    expect(component(values, min, max)).toBe(text)
  })
})
