/**
 * What install --user needs to know about the user's account: whether systemd keeps the user's
 * manager running without a login (lingering), and how many subordinate ids the user has.
 */
import { existsSync, readFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'

/** logind's record of `loginctl enable-linger USER`. */
export const LINGER_DIR = '/var/lib/systemd/linger'

/** What logind reads at boot: a file named after the user in /var/lib/systemd/linger. */
export function lingering(user: string): boolean {
  return existsSync(join(LINGER_DIR, user))
}

/**
 * The user's subordinate ids, as newuidmap reads them: the lines `USER:START:COUNT` (by name, or
 * by uid for the current user) of /etc/subuid and /etc/subgid, added up; the smaller total.
 */
export function subordinateIds(user: string): number {
  const me = userInfo()
  const names = new Set([user, ...(me.username === user ? [String(me.uid)] : [])])
  const total = (file: string) => {
    let text = ''
    try {
      text = readFileSync(file, 'utf8')
    } catch {
      return 0
    }
    return text.split('\n').reduce((sum, line) => {
      const [name = '', , count = ''] = line.trim().split(':')
      return names.has(name) && /^\d+$/.test(count) ? sum + Number(count) : sum
    }, 0)
  }
  return Math.min(total('/etc/subuid'), total('/etc/subgid'))
}
