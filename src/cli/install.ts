/**
 * `podunit install` and `uninstall`: put the units and their data files where systemd and the
 * units look for them, reload systemd, and undo exactly that. What install wrote is recorded in
 * `<data-dir>/installed.json`, by pod.
 */
import { mkdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs'
import { userInfo } from 'node:os'
import { dirname, isAbsolute, join, relative } from 'node:path'
import type { ConvertOptions } from '../index.js'
import { convert } from '../index.js'
import { renderText } from '../diagnostics/render-text.js'
import { OutputError, UsageError } from './errors.js'
import type { Inputs } from './inputs.js'
import { lingering, subordinateIds } from './user-account.js'
import { writeFilesAtomically, writeGroupsAtomically } from './write-files.js'
import type { OutputFile } from './write-files.js'

export interface Scope {
  readonly user: boolean
  readonly unitDir: string
  readonly dataDir: string
  /** Where the timers of CronJobs go: with the units, but never in a Quadlet directory. */
  readonly timerDir: string
}

export interface CommandRunner {
  /** Runs a program; returns its exit status and what it wrote to stderr. */
  (argv: readonly string[]): { readonly status: number; readonly stderr: string }
}

export interface InstallIO {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  readonly runCommand: CommandRunner
  readonly env: Readonly<Record<string, string | undefined>>
  /** Whether systemd keeps USER's manager running without a session. @default lingering() */
  readonly isLingering?: (user: string) => boolean
  /** How many subordinate ids USER has. @default subordinateIds() */
  readonly subordinateIds?: (user: string) => number
}

function userName(io: InstallIO): string {
  return io.env['USER'] ?? io.env['LOGNAME'] ?? userInfo().username
}

const MANIFEST = 'installed.json'

/** pod name → absolute paths of the files install wrote for it. */
type Manifest = Record<string, string[]>

export function resolveScope(
  flags: {
    user: boolean
    system: boolean
    unitDir?: string
    dataDir?: string
    timerDir?: string
    quadlet?: boolean
  },
  env: Readonly<Record<string, string | undefined>>,
  isRoot: boolean,
): Scope {
  if (flags.user && flags.system)
    throw new UsageError('--user and --system cannot be used together')
  const user = flags.user || (!flags.system && !isRoot)
  const home = env['HOME']
  const config = env['XDG_CONFIG_HOME'] ?? (home === undefined ? undefined : join(home, '.config'))
  if (
    user &&
    config === undefined &&
    (flags.unitDir === undefined || flags.dataDir === undefined)
  ) {
    throw new UsageError('--user needs HOME or XDG_CONFIG_HOME to find ~/.config/systemd/user')
  }
  const systemdDir = user ? join(config ?? '', 'systemd/user') : '/etc/systemd/system'
  const quadletDir = user ? join(config ?? '', 'containers/systemd') : '/etc/containers/systemd'
  const unitDir = flags.unitDir ?? (flags.quadlet === true ? quadletDir : systemdDir)
  // Quadlet reads no .timer files: a CronJob's timer goes where systemd reads units.
  const timerDir = flags.timerDir ?? (flags.quadlet === true ? systemdDir : unitDir)
  const dataDir = flags.dataDir ?? (user ? join(config ?? '', 'podunit') : '/etc/podunit')
  // Quadlet reads its directories recursively: a data file there could become a unit.
  if (flags.quadlet === true && isInside(dataDir, unitDir)) {
    throw new UsageError(
      `the data directory ${dataDir} is inside the Quadlet directory ${unitDir}, which Quadlet reads recursively: choose another --data-dir`,
    )
  }
  if (flags.quadlet === true && isInside(timerDir, unitDir)) {
    throw new UsageError(
      `the timer directory ${timerDir} is inside the Quadlet directory ${unitDir}, where systemd never reads a timer: choose another --timer-dir`,
    )
  }
  return { user, unitDir, dataDir, timerDir }
}

/** `path` is `dir` or below it. */
export function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

export function runInstall(
  scope: Scope,
  inputs: Inputs,
  options: ConvertOptions,
  dryRun: boolean,
  io: InstallIO,
): number {
  // A rootless Podman maps container ids onto the user's subordinate ids: check against them.
  const ids = scope.user ? (io.subordinateIds ?? subordinateIds)(userName(io)) : undefined
  if (ids === 0) {
    const user = userName(io)
    io.stderr(
      `podunit: warning: user ${user} has no subordinate ids in /etc/subuid and /etc/subgid, so a rootless Podman can map no id but the user's own; add a range with:\n` +
        `  sudo usermod --add-subuids 100000-165535 --add-subgids 100000-165535 ${user}\n`,
    )
  }
  const result = convert(inputs.sources, {
    ...options,
    rootless: scope.user,
    dataDir: scope.dataDir,
    ...(ids === undefined ? {} : { subordinateIds: ids }),
  })
  const diagnostics = [...inputs.diagnostics, ...result.diagnostics]
  io.stderr(renderText(diagnostics, { color: false }))
  if (!result.ok || diagnostics.some((d) => d.severity === 'error')) return 1
  const dirOf = (file: string): string => (file.endsWith('.timer') ? scope.timerDir : scope.unitDir)
  const units: OutputFile[] = result.units.map((u) => ({ name: u.fileName, content: u.content }))
  const data: OutputFile[] = result.dataFiles.map((f) => ({
    name: f.path,
    content: f.content,
    mode: f.mode,
  }))
  const manifest = readManifest(scope.dataDir)
  for (const pod of result.pods) {
    manifest[pod.name] = [
      ...pod.files.map((file) => join(dirOf(file), file)),
      ...pod.dataFiles.map((path) => join(scope.dataDir, path)),
    ]
  }
  const systemctl = scope.user ? ['systemctl', '--user'] : ['systemctl']
  if (dryRun) {
    for (const file of units) io.stdout(`would write ${join(dirOf(file.name), file.name)}\n`)
    for (const file of data)
      io.stdout(
        `would write ${join(scope.dataDir, file.name)} (mode ${(file.mode ?? 0o644).toString(8).padStart(4, '0')})\n`,
      )
    io.stdout(`would run ${[...systemctl, 'daemon-reload'].join(' ')}\n`)
  } else {
    const timers = units.filter((file) => dirOf(file.name) !== scope.unitDir)
    const others = units.filter((file) => dirOf(file.name) === scope.unitDir)
    makeDirectory(scope.unitDir, 0o755)
    if (timers.length > 0) makeDirectory(scope.timerDir, 0o755)
    makeDirectory(scope.dataDir, 0o700)
    // One transaction: data files, units and the record of them, or nothing.
    writeGroupsAtomically([
      {
        dir: scope.dataDir,
        files: [...data, { name: MANIFEST, content: JSON.stringify(manifest, null, 2) + '\n' }],
      },
      { dir: scope.unitDir, files: others },
      ...(timers.length > 0 ? [{ dir: scope.timerDir, files: timers }] : []),
    ])
    for (const file of [
      ...units.map((f) => join(dirOf(f.name), f.name)),
      ...data.map((f) => join(scope.dataDir, f.name)),
    ]) {
      io.stdout(`${file}\n`)
    }
    const status = reload(systemctl, io)
    if (status !== 0) return status
  }
  // Units that Quadlet generates cannot be enabled: their [Install] is applied by the generator.
  // A CronJob's unit to start is its timer, which starts the pod unit on schedule.
  // A timer is an ordinary unit in either format, so it is enabled.
  const start = (unit: string): string[] =>
    options.quadlet === true && !unit.endsWith('.timer') ? ['start'] : ['enable', '--now']
  const started = result.pods.filter((pod) => pod.suspended !== true)
  if (started.length > 0) io.stdout('Start the pods with:\n')
  for (const pod of started)
    io.stdout(`  ${[...systemctl, ...start(pod.unit), pod.unit].join(' ')}\n`)
  for (const pod of result.pods.filter((p) => p.suspended === true))
    io.stdout(
      `${pod.unit} is suspended (spec.suspend: true): written, not enabled; to resume: ${[...systemctl, 'enable', '--now', pod.unit].join(' ')}\n`,
    )
  if (scope.user) warnWithoutLinger(io)
  return 0
}

/**
 * A user manager without lingering runs only while the user is logged in: the pods would stop
 * at logout and not start at boot.
 */
function warnWithoutLinger(io: InstallIO): void {
  const user = userName(io)
  if ((io.isLingering ?? lingering)(user)) return
  io.stderr(
    `podunit: warning: user ${user} has no lingering, so the pods stop at logout and do not start at boot; enable it with:\n` +
      `  loginctl enable-linger ${user}\n`,
  )
}

export function runUninstall(
  scope: Scope,
  podNames: readonly string[],
  dryRun: boolean,
  io: InstallIO,
): number {
  const manifest = readManifest(scope.dataDir)
  const systemctl = scope.user ? ['systemctl', '--user'] : ['systemctl']
  let removed = 0
  for (const pod of podNames) {
    const files = manifest[pod]
    if (files === undefined) {
      io.stderr(`podunit: nothing installed for pod "${pod}" in ${scope.dataDir}\n`)
      continue
    }
    for (const file of files) {
      io.stdout(`${dryRun ? 'would remove' : 'removed'} ${file}\n`)
      if (!dryRun) rmSync(file, { force: true })
    }
    if (!dryRun) removeEmptyDirectories(scope.dataDir, files)
    removed++
    if (!dryRun) delete manifest[pod]
  }
  if (dryRun) {
    io.stdout(`would run ${[...systemctl, 'daemon-reload'].join(' ')}\n`)
    return 0
  }
  if (removed === 0) return 0
  writeFilesAtomically(scope.dataDir, [
    { name: MANIFEST, content: JSON.stringify(manifest, null, 2) + '\n' },
  ])
  return reload(systemctl, io)
}

/** The standard directories (~/.config/systemd/user) may not exist yet. */
function makeDirectory(dir: string, mode: number): void {
  try {
    mkdirSync(dir, { recursive: true, mode })
  } catch (error) {
    throw new OutputError(`cannot make ${dir}: ${(error as Error).message}`)
  }
}

/** Directories under the data directory that install made and that are now empty. */
function removeEmptyDirectories(dataDir: string, files: readonly string[]): void {
  const dirs = new Set<string>()
  for (const file of files) {
    for (let dir = dirname(file); dir.startsWith(`${dataDir}/`); dir = dirname(dir)) dirs.add(dir)
  }
  for (const dir of [...dirs].sort((a, b) => b.length - a.length)) {
    try {
      rmdirSync(dir)
    } catch {
      // not empty, or already gone: leave it
    }
  }
}

function reload(systemctl: readonly string[], io: InstallIO): number {
  const result = io.runCommand([...systemctl, 'daemon-reload'])
  if (result.status === 0) return 0
  io.stderr(
    `podunit: ${[...systemctl, 'daemon-reload'].join(' ')} failed: ${result.stderr.trim()}\n`,
  )
  return 2
}

function readManifest(dataDir: string): Manifest {
  let text: string
  try {
    text = readFileSync(join(dataDir, MANIFEST), 'utf8')
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return {}
    throw new OutputError(`cannot read ${join(dataDir, MANIFEST)}: ${(error as Error).message}`)
  }
  try {
    return JSON.parse(text) as Manifest
  } catch {
    throw new OutputError(`${join(dataDir, MANIFEST)} is not podunit's record of installed files`)
  }
}
