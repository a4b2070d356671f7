/**
 * Pods from `podunit install` output, started and stopped under a real systemd
 * (test/podman/systemd-user-e2e.sh, one boot per suite, several pods in it):
 *
 * - rootless, by the lingering `systemd --user` of a user with subordinate ids: Podman 4.3.1 +
 *   systemd 252 (the host's packages; units only, Podman 4.3 has no Quadlet) and Podman 5.4.2 +
 *   systemd 257 (the Debian 13 root of test/podman5/setup.sh; units and Quadlet files);
 * - as root from Quadlet files under systemd 257.
 *
 * Each suite runs the seed pod and a richer one (env, a Secret in an env file, a ConfigMap
 * volume, an emptyDir, a hostPath, a port above 1024) through `install`, the start command it
 * prints, `systemctl stop`/`disable --now` and `uninstall`; the script checks that every
 * container runs, the data files are unreadable by other users and nothing is left.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  NEEDS_PODMAN,
  NEEDS_ROOT,
  NEEDS_SYSTEMD,
  NEEDS_UNSHARE,
  PODMAN_TEST_DIR,
  REPO_ROOT,
  acquirePodmanLock,
  run,
  suiteRequiring,
} from './support/podman.js'
import type { Requirement } from './support/podman.js'
import { NEEDS_PODMAN5, PODMAN5_ROOT, acquirePodman5Lock } from './support/podman5.js'
import { runCli } from './support/run-cli.js'
import { scratchDir } from './support/scratch.js'

const SCRIPT = join(PODMAN_TEST_DIR, 'systemd-user-e2e.sh')
const SECRET = 's3cret-not-in-units'

const RICH = `
apiVersion: v1
kind: ConfigMap
metadata:
  name: site
data:
  greeting: hello from the ConfigMap
---
apiVersion: v1
kind: Secret
metadata:
  name: creds
stringData:
  TOKEN: ${SECRET}
---
apiVersion: v1
kind: Pod
metadata:
  name: rich
spec:
  volumes:
    - name: config
      configMap:
        name: site
    - name: scratch
      emptyDir: {}
    - name: www
      hostPath:
        path: /mnt/podunit-e2e/cases/www
        type: Directory
  containers:
    - name: web
      image: localhost/busybox:latest
      command:
        - /bin/sh
        - -c
        - 'echo "$(GREETING)" > /scratch/note; httpd -p 8080 -h /srv/www; trap "exit 0" TERM; while :; do sleep 1; done'
      env:
        - name: GREETING
          value: hi from env
        - name: TOKEN
          valueFrom:
            secretKeyRef:
              name: creds
              key: TOKEN
      ports:
        - containerPort: 8080
          hostPort: 18080
      volumeMounts:
        - name: config
          mountPath: /etc/config
        - name: scratch
          mountPath: /scratch
        - name: www
          mountPath: /srv/www
          readOnly: true
    - name: reader
      image: localhost/busybox:latest
      volumeMounts:
        - name: config
          mountPath: /etc/config
          readOnly: true
        - name: scratch
          mountPath: /scratch
`

/** Each line of output: what the check printed (commands run as the pod's owner). */
const RICH_CHECK = [
  'podman exec rich-web cat /etc/config/greeting; echo',
  `podman exec rich-web sh -c 'echo "$TOKEN"'`,
  `podman exec rich-reader sh -c 'echo "\${TOKEN-unset}"'`,
  'podman exec rich-reader cat /scratch/note',
  'podman exec rich-reader wget -qO- http://127.0.0.1:8080/hello.txt',
  'busybox wget -qO- http://127.0.0.1:18080/hello.txt',
].join('\n')
const RICH_EXPECTED = [
  'hello from the ConfigMap',
  SECRET,
  'unset',
  'hi from env',
  'served from a hostPath',
  'served from a hostPath',
  '',
].join('\n')

const SEED = readFileSync(join(REPO_ROOT, 'samples/seed.yaml'), 'utf8')
const SEED_CHECK = 'echo "$(podman exec my-pod-container-a cat /etc/hostname)"'

interface Case {
  readonly name: string
  readonly yaml: string
  readonly args: readonly string[]
  readonly check: string
  readonly expected: string
}

/** What the checked-out podunit supports: --quadlet and --podman-version come from other work. */
const help = runCli(['install', '--help']).stdout
const HAS_QUADLET = help.includes('--quadlet')
const PODMAN_54 = help.includes('--podman-version') ? ['--podman-version', '5.4'] : []

function casesOf(formats: readonly (readonly string[])[]): Case[] {
  return formats.flatMap((args, i) => {
    const tag = args.includes('--quadlet') ? 'quadlet' : 'units'
    return [
      { name: `${i}-seed-${tag}`, yaml: SEED, args, check: SEED_CHECK, expected: 'my-pod\n' },
      { name: `${i}-rich-${tag}`, yaml: RICH, args, check: RICH_CHECK, expected: RICH_EXPECTED },
    ]
  })
}

interface Run {
  readonly log: string
  readonly out: string
}

function runScript(dir: string, cases: readonly Case[], options: readonly string[]): Run {
  const casesDir = join(dir, 'cases')
  mkdirSync(join(casesDir, 'www'), { recursive: true })
  writeFileSync(join(casesDir, 'www/hello.txt'), 'served from a hostPath\n')
  for (const c of cases) {
    mkdirSync(join(casesDir, c.name))
    writeFileSync(join(casesDir, c.name, 'pod.yaml'), c.yaml)
    writeFileSync(join(casesDir, c.name, 'args'), c.args.map((a) => `${a}\n`).join(''))
    writeFileSync(join(casesDir, c.name, 'check.sh'), `${c.check}\n`)
  }
  const out = join(dir, 'out')
  const result = run('bash', [SCRIPT, '--cases', casesDir, '--out', out, ...options], {
    allowFailure: true,
    timeoutMs: 280_000,
  })
  const log = `${result.stdout}${result.stderr}`
  expect(result.status, log).toBe(0)
  expect(log).toMatch(/^== PASS in \d+ ms/m)
  return { log, out }
}

function expectCases(result: Run, cases: readonly Case[], user: boolean): void {
  for (const c of cases) {
    expect(readFileSync(join(result.out, `${c.name}.check`), 'utf8'), c.name).toBe(c.expected)
    const install = readFileSync(join(result.out, `${c.name}.install`), 'utf8')
    // lingering is on, so install has nothing to warn about
    expect(install, c.name).not.toContain('warning')
    expect(install, c.name).not.toContain(SECRET)
    const start = c.args.includes('--quadlet') ? 'start' : 'enable --now'
    const systemctl = user ? 'systemctl --user' : 'systemctl'
    expect(install, c.name).toMatch(
      new RegExp(`^Start the pods with:\n  ${systemctl} ${start} \\S+\\.service\n`, 'm'),
    )
  }
  if (user) {
    // before lingering, install said how to turn it on
    expect(readFileSync(join(result.out, 'dry-run.stderr'), 'utf8')).toContain(
      'has no lingering, so the pods stop at logout and do not start at boot; enable it with:\n  loginctl enable-linger podunit\n',
    )
  }
}

const NEEDS_UIDMAP: Requirement = {
  check: () =>
    ['/usr/bin/newuidmap', '/usr/bin/newgidmap', '/usr/bin/slirp4netns'].every(
      (p) => existsSync(p) && (!p.includes('newuid') || (statSync(p).mode & 0o4000) !== 0),
    ) && existsSync('/usr/lib/systemd/user/default.target')
      ? undefined
      : 'no newuidmap/newgidmap/slirp4netns for rootless Podman',
  hint: 'install: bash test/podman/setup-rootless.sh',
}

function suiteBody(
  title: string,
  cases: readonly Case[],
  options: readonly string[],
  lock: () => Promise<() => void>,
  user: boolean,
): void {
  const scratch = scratchDir('podunit-user-e2e-')
  let release: (() => void) | undefined
  beforeAll(async () => {
    release = await lock()
  }, 600_000)
  afterAll(() => release?.())
  it(`${cases.map((c) => c.name).join(', ')}: start, run, stop, uninstall`, () => {
    const started = Date.now()
    const result = runScript(scratch(), cases, options)
    expectCases(result, cases, user)
    process.stdout.write(
      `${title}: ${result.log.match(/^== PASS in \d+ ms/m)?.[0] ?? ''}; test ${Date.now() - started} ms\n`,
    )
  }, 300_000)
}

const host = [NEEDS_ROOT, NEEDS_PODMAN, NEEDS_UNSHARE, NEEDS_SYSTEMD, NEEDS_UIDMAP]

suiteRequiring('rootless e2e (Podman 4.3.1, systemd 252)', host)(
  'rootless pods from install --user under systemd --user 252, Podman 4.3.1',
  () => suiteBody('rootless e2e 4.3.1', casesOf([[]]), [], acquirePodmanLock, true),
)

const podman5Formats = [PODMAN_54, ...(HAS_QUADLET ? [['--quadlet']] : [])]
suiteRequiring('rootless e2e (Podman 5.4.2, systemd 257)', [NEEDS_UNSHARE, NEEDS_PODMAN5])(
  'rootless pods from install --user under systemd --user 257, Podman 5.4.2',
  () =>
    suiteBody(
      'rootless e2e 5.4.2',
      casesOf(podman5Formats),
      ['--root', PODMAN5_ROOT],
      acquirePodman5Lock,
      true,
    ),
)

if (HAS_QUADLET) {
  suiteRequiring('root e2e (Quadlet, Podman 5.4.2, systemd 257)', [NEEDS_UNSHARE, NEEDS_PODMAN5])(
    'root pods from install --system --quadlet under systemd 257, Podman 5.4.2',
    () =>
      suiteBody(
        'root e2e (Quadlet) 5.4.2',
        casesOf([['--quadlet']]),
        ['--root', PODMAN5_ROOT, '--system'],
        acquirePodman5Lock,
        false,
      ),
  )
} else process.stderr.write('SKIPPED root e2e (Quadlet): this podunit has no --quadlet\n')
