/**
 * The Podman 5.4.2 oracle of the tests: a Debian 13 root built by `test/podman5/setup.sh`, entered
 * through `test/podman5/run.sh` (private namespaces, pivot_root). Every call runs with a timeout; the
 * root's images, pods and containers are shared by the suites that use it, so they hold
 * `acquirePodman5Lock()` while they create anything there.
 */
import { existsSync, readFileSync, readlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  NEEDS_ROOT,
  REPO_ROOT,
  acquireLock,
  run,
  type Requirement,
  type RunOptions,
  type RunResult,
} from './podman.js'

/** The root (PODUNIT_PODMAN5_ROOT, as for the scripts). */
export const PODMAN5_ROOT = process.env.PODUNIT_PODMAN5_ROOT ?? '/var/lib/podunit-podman5'
export const PODMAN5_SETUP_HINT = 'install: bash test/podman5/setup.sh'
/** Where run.sh binds the work directory inside the root, and where commands start. */
export const PODMAN5_WORK_MOUNT = '/mnt/work'
/** The Podman version the root holds; suites name it in their titles. */
export const PODMAN5_VERSION = '5.4.2'

const RUN_SH = join(REPO_ROOT, 'test/podman5/run.sh')
const TEST_IMAGE = 'localhost/busybox:latest'

export interface Podman5Options extends Omit<RunOptions, 'cwd' | 'env'> {
  /** Host directory bound at /mnt/work inside the root (default: the repository). */
  readonly work?: string
  /** `host`: the host's cgroup mounts and runc (run.sh), for --memory and --cpus on any host. */
  readonly cgroups?: 'own' | 'host'
}

/** Runs `argv` inside the root, in /mnt/work (see test/podman5/run.sh); default timeout 120 s. */
export function runInPodman5(argv: readonly string[], options: Podman5Options = {}): RunResult {
  const { work, cgroups, ...rest } = options
  return run('bash', [RUN_SH, ...argv], {
    timeoutMs: 120_000,
    ...rest,
    env: {
      PODUNIT_PODMAN5_ROOT: PODMAN5_ROOT,
      PODUNIT_PODMAN5_WORK: work ?? REPO_ROOT,
      PODUNIT_PODMAN5_CGROUPS: cgroups ?? 'own',
      TERM: 'dumb',
    },
  })
}

/** `podman <args>` inside the root. */
export function podman5(args: readonly string[], options: Podman5Options = {}): RunResult {
  return runInPodman5(['podman', ...args], options)
}

/** Runs a bash script inside the root (one namespace set: processes it starts end with it). */
export function bashInPodman5(script: string, options: Podman5Options = {}): RunResult {
  return runInPodman5(['bash', '-euo', 'pipefail', '-c', script], options)
}

let checked: string | undefined | null = null

/** The root made by test/podman5/setup.sh, with its test image; needs root (namespaces, pivot_root). */
export const NEEDS_PODMAN5: Requirement = {
  check: () => {
    if (checked !== null) return checked
    checked = NEEDS_ROOT.check()
    if (checked !== undefined) return checked
    if (!existsSync(join(PODMAN5_ROOT, 'usr/bin/podman')) || !stampPresent()) {
      checked = `no Podman 5 root in ${PODMAN5_ROOT}`
    } else if (
      podman5(['image', 'exists', TEST_IMAGE], { allowFailure: true, timeoutMs: 60_000 }).status !==
      0
    ) {
      checked = `image ${TEST_IMAGE} missing in ${PODMAN5_ROOT}`
    }
    return checked
  },
  hint: PODMAN5_SETUP_HINT,
}

function stampPresent(): boolean {
  try {
    return readFileSync(join(PODMAN5_ROOT, '.podunit-podman5'), 'utf8').length > 0
  } catch {
    return false
  }
}

/** Waits for the lock of the root's Podman state (`$TMPDIR/podunit-podman5.lock`). */
export async function acquirePodman5Lock(timeoutMs = 600_000): Promise<() => void> {
  return acquireLock(join(tmpdir(), 'podunit-podman5.lock'), timeoutMs)
}

/**
 * A held-open view of the root (`run.sh --session-start`), for suites whose containers must
 * outlive one command: the host directory `work` is seen at the same path inside, so that paths
 * mean the same on both sides. `stop()` ends everything started in it.
 */
export class Podman5Session {
  private constructor(
    private readonly pid: number,
    readonly work: string,
    private readonly extraEnv: readonly string[],
  ) {}

  /** `cgroups: 'host'`: the host's cgroup mounts and runc (see run.sh), for --memory and --cpus. */
  static start(work: string, cgroups: 'own' | 'host' = 'own'): Podman5Session {
    const r = run('bash', [RUN_SH, '--session-start'], {
      timeoutMs: 60_000,
      env: {
        PODUNIT_PODMAN5_ROOT: PODMAN5_ROOT,
        PODUNIT_PODMAN5_WORK: work,
        PODUNIT_PODMAN5_WORK_AT: work,
        PODUNIT_PODMAN5_CGROUPS: cgroups,
      },
    })
    const env =
      cgroups === 'host'
        ? [
            'CONTAINERS_CONF_OVERRIDE=/etc/containers/podunit-host-cgroups.conf',
            'PODMAN_IGNORE_CGROUPSV1_WARNING=1',
          ]
        : []
    return new Podman5Session(Number(r.stdout.trim()), work, env)
  }

  /** Runs `argv` in the session, in the work directory. */
  run(argv: readonly string[], options: Omit<RunOptions, 'cwd' | 'env'> = {}): RunResult {
    const ns = ['-t', String(this.pid), '-m', '-p', '-n', '-u', '-i', '-r']
    const env = ['/usr/bin/env', '-i', `PATH=${INSIDE_PATH}`, 'HOME=/root', 'LANG=C.UTF-8']
    // nsenter's --wd would change directory before entering the root (-r): cd inside instead
    const cd = ['/bin/sh', '-c', 'cd "$0" && exec "$@"', this.work]
    return run('nsenter', [...ns, ...env, 'TERM=dumb', ...this.extraEnv, ...cd, ...argv], {
      timeoutMs: 120_000,
      ...options,
    })
  }

  podman(args: readonly string[], options: Omit<RunOptions, 'cwd' | 'env'> = {}): RunResult {
    return this.run(['podman', ...args], options)
  }

  /** The session's own namespaces (`net:[4026532…]`), which its host-network pods share. */
  namespaces(): Map<string, string> {
    const links = new Map<string, string>()
    for (const kind of ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'uts', 'user']) {
      links.set(readlinkSync(`/proc/${this.pid}/ns/${kind}`), kind)
    }
    return links
  }

  stop(): void {
    try {
      process.kill(this.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
}

const INSIDE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
