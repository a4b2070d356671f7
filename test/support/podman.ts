/**
 * Running the real Podman (and friends) from tests: detection, skip-or-fail suites, a timeout on
 * every call, a lock shared by the suites that touch the host's Podman, and cleanup by name.
 *
 * Under `CI=true` a missing tool FAILS the suite; elsewhere the suite is skipped with one line on
 * stderr, e.g. `SKIPPED replay parity: podman not found (install: bash test/podman/setup.sh)`.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, it } from 'vitest'

export const REPO_ROOT = resolve(import.meta.dirname, '../..')
export const PODMAN_TEST_DIR = join(REPO_ROOT, 'test/podman')
/** containers.conf for tests (runc, ulimits, cgroupfs, file events, k8s-file logs). */
export const TEST_CONTAINERS_CONF = join(PODMAN_TEST_DIR, 'containers.conf')
export const SETUP_HINT = 'install: bash test/podman/setup.sh'

export interface RunResult {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
  /** The command line, for messages. */
  readonly command: string
}

export interface RunOptions {
  readonly cwd?: string
  readonly timeoutMs?: number
  readonly env?: Readonly<Record<string, string>>
  readonly input?: string
  /** Do not throw on a non-zero exit status. */
  readonly allowFailure?: boolean
}

/** Runs a program synchronously (no shell), with a timeout; throws on failure unless allowed. */
export function run(file: string, args: readonly string[], options: RunOptions = {}): RunResult {
  const result = spawnSync(file, args, {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    env: { ...process.env, ...options.env },
    input: options.input,
    maxBuffer: 64 * 1024 * 1024,
  })
  const command = [file, ...args].map(showArg).join(' ')
  const out: RunResult = {
    status: result.status,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    command,
  }
  if (result.error !== undefined && (result.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') {
    if (options.allowFailure === true) return { ...out, status: null }
    throw new Error(`${command}: ${result.error.message}`)
  }
  if (out.status !== 0 && options.allowFailure !== true) {
    const why =
      result.signal !== null ? `killed by ${result.signal} (timeout?)` : `exit ${out.status}`
    throw new Error(`${command}: ${why}\n${out.stderr}${out.stdout}`)
  }
  return out
}

function showArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg)
}

/**
 * The private store every podman call of the tests uses, never the user's own (made by
 * test/podman/store.sh, which the global setup runs; PODUNIT_PODMAN_STORE overrides).
 */
export const PODMAN_STORE =
  process.env.PODUNIT_PODMAN_STORE ??
  (process.getuid?.() === 0
    ? '/var/lib/podunit-podman-store'
    : join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'podunit/podman-store'))
export const STORE_HINT = `prepared by the test setup: bash test/podman/store.sh`

/**
 * The environment for every podman call of the tests: the private store's storage.conf and its
 * containers.conf (ours, or $CONTAINERS_CONF, with private tmp and network directories).
 */
export function podmanEnv(): Record<string, string> {
  return {
    CONTAINERS_CONF: join(PODMAN_STORE, 'containers.conf'),
    CONTAINERS_STORAGE_CONF: join(PODMAN_STORE, 'storage.conf'),
  }
}

/** `podman <args>` with the test containers.conf and a timeout (default 60 s). */
export function podman(args: readonly string[], options: RunOptions = {}): RunResult {
  return run('podman', args, { ...options, env: { ...podmanEnv(), ...options.env } })
}

// ---------------------------------------------------------------------------------------------
// Requirements and suites

export interface Requirement {
  /** Returns undefined when satisfied, or why not (e.g. "podman not found"). */
  readonly check: () => string | undefined
  /** How to get it, e.g. "install: bash test/podman/setup.sh". */
  readonly hint: string
}

function hasProgram(name: string, args: readonly string[] = ['--version']): boolean {
  const r = spawnSync(name, args, {
    encoding: 'utf8',
    timeout: 20_000,
  })
  return r.error === undefined && r.status === 0
}

const cache = new Map<string, string | undefined>()
function cached(key: string, check: () => string | undefined): () => string | undefined {
  return () => {
    if (!cache.has(key)) cache.set(key, check())
    return cache.get(key)
  }
}

export const NEEDS_PODMAN: Requirement = {
  check: cached('podman', () => (hasProgram('podman') ? undefined : 'podman not found')),
  hint: SETUP_HINT,
}

export const NEEDS_ROOT: Requirement = {
  check: () => (process.getuid?.() === 0 ? undefined : 'not running as root'),
  hint: 'run the tests as root',
}

export const NEEDS_UNSHARE: Requirement = {
  check: cached('unshare', () =>
    hasProgram('unshare', ['--version']) && hasProgram('nsenter', ['--version'])
      ? undefined
      : 'unshare/nsenter not found',
  ),
  hint: 'install: apt-get install util-linux',
}

export const NEEDS_SYSTEMD: Requirement = {
  check: () =>
    existsSync('/lib/systemd/systemd') ? undefined : 'systemd (/lib/systemd/systemd) not found',
  hint: SETUP_HINT,
}

export const NEEDS_SYSTEMD_ANALYZE: Requirement = {
  check: cached('systemd-analyze', () =>
    hasProgram('systemd-analyze') ? undefined : 'systemd-analyze not found',
  ),
  hint: SETUP_HINT,
}

/** The test image in the private store (store.sh imports it); podman would otherwise pull. */
export const NEEDS_TEST_IMAGE: Requirement = {
  check: cached('image', () =>
    NEEDS_PODMAN.check() === undefined &&
    existsSync(podmanEnv().CONTAINERS_STORAGE_CONF!) &&
    podman(['image', 'exists', 'localhost/busybox:latest'], { allowFailure: true }).status === 0
      ? undefined
      : `image localhost/busybox:latest missing in the private store ${PODMAN_STORE}`,
  ),
  hint: STORE_HINT,
}

export type SuiteFn = (name: string, body: () => void) => void

/**
 * `describe` when every requirement holds; otherwise `describe.skip` after ONE line on stderr
 * naming the suite and the reason, or, when `CI=true`, a suite with one failing test: CI must
 * never skip silently.
 */
export function suiteRequiring(title: string, requirements: readonly Requirement[]): SuiteFn {
  const missing = requirements.map((r) => ({ r, why: r.check() })).find((m) => m.why !== undefined)
  if (missing === undefined) return describe
  const reason = `${missing.why} (${missing.r.hint})`
  if (process.env.CI === 'true') {
    return (name) =>
      describe(name, () => {
        it(`has what it needs`, () => {
          throw new Error(`${title} cannot run under CI=true: ${reason}`)
        })
      })
  }
  process.stderr.write(`SKIPPED ${title}: ${reason}\n`)
  return describe.skip
}

// ---------------------------------------------------------------------------------------------
// A lock for suites that create pods on the host's Podman (pod names are global).

const LOCK_DIR = join(tmpdir(), 'podunit-podman.lock')

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Waits for the host-Podman lock (`$TMPDIR/podunit-podman.lock`) and returns its release
 * function. A lock left by a dead process is taken over.
 */
export async function acquirePodmanLock(timeoutMs = 600_000): Promise<() => void> {
  return acquireLock(LOCK_DIR, timeoutMs)
}

/** Waits for the lock directory `dir` (made with mkdir, owner pid inside); returns its release. */
export async function acquireLock(dir: string, timeoutMs = 600_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      mkdirSync(dir)
      writeFileSync(join(dir, 'pid'), String(process.pid))
      return () => rmSync(dir, { recursive: true, force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    let owner = NaN
    try {
      owner = Number(readFileSync(join(dir, 'pid'), 'utf8'))
    } catch (error) {
      // ENOENT: the owner has not written its pid yet. ENOTDIR: a plain file is in the way
      // (e.g. left by `flock`), which is no lock of ours: it would block every suite forever.
      if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') {
        process.stderr.write(`removing ${dir}: a file, not a podunit lock directory\n`)
        rmSync(dir, { force: true })
        continue
      }
    }
    if (Number.isInteger(owner) && owner > 0 && !processAlive(owner)) {
      rmSync(dir, { recursive: true, force: true })
      continue
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${dir} (pid ${owner})`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

// ---------------------------------------------------------------------------------------------
// Cleanup

/** Removes pods (with their containers) by name; missing ones are fine. */
export function removePods(names: readonly string[]): void {
  if (names.length === 0) return
  podman(['pod', 'rm', '-f', '--ignore', ...names], { timeoutMs: 120_000 })
}

/** Removes containers by name; missing ones are fine. */
export function removeContainers(names: readonly string[]): void {
  if (names.length === 0) return
  podman(['rm', '-f', '--ignore', ...names], { timeoutMs: 120_000 })
}

export function podExists(name: string): boolean {
  return podman(['pod', 'exists', name], { allowFailure: true }).status === 0
}

export function imageExists(name: string): boolean {
  return podman(['image', 'exists', name], { allowFailure: true }).status === 0
}
