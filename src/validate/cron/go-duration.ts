/**
 * Go's time.ParseDuration (`[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, units ns us µs μs ms s m h), which
 * robfig/cron uses for `@every <duration>`. Returns nanoseconds, or Go's error message.
 */
const UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
}

const MAX = 1n << 63n

export function parseGoDuration(text: string): bigint | string {
  const invalid = `time: invalid duration ${JSON.stringify(text)}`
  let s = text
  let negative = false
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-')
    s = s.slice(1)
  }
  if (s === '0') return 0n
  if (s === '') return invalid
  let total = 0n
  while (s !== '') {
    const match = /^([0-9]*)(?:\.([0-9]*))?/.exec(s)
    const whole = match?.[1] ?? ''
    const fraction = match?.[2]
    if (whole === '' && (fraction === undefined || fraction === '')) return invalid
    s = s.slice(match?.[0].length ?? 0)
    const unitText = /^[^.0-9]*/.exec(s)?.[0] ?? ''
    if (unitText === '') return `time: missing unit in duration ${JSON.stringify(text)}`
    s = s.slice(unitText.length)
    const unit = UNITS[unitText]
    if (unit === undefined) {
      return `time: unknown unit ${JSON.stringify(unitText)} in duration ${JSON.stringify(text)}`
    }
    const v = BigInt(whole === '' ? '0' : whole)
    if (v > MAX / unit) return invalid
    let value = v * unit
    if (fraction !== undefined && fraction !== '') {
      value += (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length)
      if (value > MAX) return invalid
    }
    total += value
    if (total > MAX) return invalid
  }
  if (negative) return -total
  return total > MAX - 1n ? invalid : total
}
