/**
 * Is `spec.timeZone` a zone the API server accepts and systemd can use?
 *
 * The API server's rules come first (validation.go, validateTimeZone): every `/`-separated part is
 * 1–14 of `A-Za-z0-9 . - _ +`, is not `.` or `..` and does not start with `-`, and the name is not
 * `Local`; then Go's time.LoadLocation must find it in the tz database.
 *
 * Which tz database is authoritative: the one systemd reads when it computes the timer's next
 * elapse, `/usr/share/zoneinfo` of the host. systemd (timezone_is_valid) accepts a name when
 * `/usr/share/zoneinfo/<name>` is a regular file that starts with `TZif`; podunit asks the same
 * question of the machine it runs on, so a zone this host's systemd refuses is an error here. On a
 * machine without a tz database (a minimal container), podunit falls back to Node's Intl (ICU's
 * copy of the same IANA database), which also knows the links such as `US/Eastern`.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs'

export const ZONEINFO = '/usr/share/zoneinfo'

const PART = /^[A-Za-z.\-_0-9+]{1,14}$/

/** Why the API server refuses the name, or undefined. */
export function timeZoneSyntaxProblem(name: string): string | undefined {
  if (name === '') return 'timeZone must be nil or non-empty string'
  for (const part of name.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !PART.test(part)) {
      return `unknown time zone ${name}`
    }
  }
  if (name.toLowerCase() === 'local') {
    return 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'
  }
  return undefined
}

const known = new Map<string, boolean>()

/** True when the host's tz database (or, without one, Intl) knows the zone. */
export function isKnownTimeZone(name: string, zoneinfo = ZONEINFO): boolean {
  const key = `${zoneinfo}\u0000${name}`
  let answer = known.get(key)
  if (answer === undefined) {
    answer = hasDirectory(zoneinfo) ? isTzFile(`${zoneinfo}/${name}`) : intlKnows(name)
    known.set(key, answer)
  }
  return answer
}

function hasDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

function isTzFile(path: string): boolean {
  let fd: number | undefined
  try {
    if (!statSync(path).isFile()) return false
    fd = openSync(path, 'r')
    const magic = Buffer.alloc(4)
    return readSync(fd, magic, 0, 4, 0) === 4 && magic.toString('latin1') === 'TZif'
  } catch {
    return false
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

function intlKnows(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}
