/**
 * The value of `--health-cmd` (and of Quadlet's `HealthCmd=`, which passes it on as one word).
 *
 * Podman 4.3.1 and 5.4.2 read it alike (`makeHealthCheckFromCli` in
 * pkg/specgenutil/specgen.go): a JSON array of strings with at least two elements whose first is
 * not `CMD`, `CMD-SHELL` or `NONE` (compared upper-cased) is stored as `["CMD", …array]`, which
 * the health check execs as it is; text whose first space-separated word is `CMD` is split with
 * `strings.Fields` (so `CMD a b` is `["CMD", "a", "b"]`, but `["CMD","a"]` becomes one word);
 * anything else is `["CMD-SHELL", text]`, run by `/bin/sh -c`, unless it is a JSON array that
 * starts with `CMD-SHELL`, which is kept as it is.
 */
import type { HealthCommand } from '../model/pod-model.js'
import { isHealthKeyword } from '../validate/health-command.js'

export function healthCmdArgument(command: HealthCommand): string {
  if (command.kind === 'exec') {
    const [first = '', ...rest] = command.argv
    // Lowering promises that one of the two forms fits (see HealthCommand).
    return rest.length > 0 && !isHealthKeyword(first)
      ? JSON.stringify(command.argv)
      : ['CMD', ...command.argv].join(' ')
  }
  const first = command.command.split(' ', 1)[0] ?? ''
  return isHealthKeyword(first) || isJsonArray(command.command)
    ? JSON.stringify(['CMD-SHELL', command.command])
    : command.command
}

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text))
  } catch {
    return false
  }
}
