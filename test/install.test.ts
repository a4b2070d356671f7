/** `podunit install` and `uninstall` into temporary directories, with systemctl recorded. */
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ROOT } from './support/golden-cases.js'
import { runCli } from './support/run-cli.js'

const SAMPLE = join(ROOT, 'samples/seed.yaml')
const SECRETS = join(ROOT, 'test/fixtures/configmap-secret.yaml')
let dir = ''
let commands: string[][] = []
const runCommand = (argv: readonly string[]) => {
  commands.push([...argv])
  return { status: 0, stderr: '' }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'podunit-install-'))
  commands = []
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function listAll(root: string): string[] {
  if (!existsSync(root)) return []
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort()
}

describe('install', () => {
  it('--dry-run prints what it would do and changes nothing', () => {
    const run = runCli(
      [
        'install',
        '--system',
        '--unit-dir',
        join(dir, 'units'),
        '--data-dir',
        join(dir, 'data'),
        '--dry-run',
        SAMPLE,
      ],
      { runCommand },
    )
    expect(run.status).toBe(0)
    expect(run.stdout).toBe(
      [
        `would write ${dir}/units/pod-my-pod.service`,
        `would write ${dir}/units/container-my-pod-container-a.service`,
        `would write ${dir}/units/container-my-pod-container-b.service`,
        'would run systemctl daemon-reload',
        'Start the pods with:',
        '  systemctl enable --now pod-my-pod.service',
        '',
      ].join('\n'),
    )
    expect(commands).toEqual([])
    expect(readdirSync(dir)).toEqual([])
  })

  it('--user writes rootless units and data files, reloads the user manager', () => {
    const env = { HOME: dir, USER: 'alice' }
    const isLingering = (user: string) => user === 'alice'
    const run = runCli(['install', '--user', SECRETS], {
      runCommand,
      env,
      isRoot: false,
      isLingering,
      subordinateIds: () => 65536,
    })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    const units = join(dir, '.config/systemd/user')
    const data = join(dir, '.config/podunit')
    expect(listAll(units)).toEqual(['container-app-web.service', 'pod-app.service'])
    expect(readFileSync(join(units, 'pod-app.service'), 'utf8')).toContain(
      'RequiresMountsFor=%t/containers\n',
    )
    expect(listAll(data)).toEqual([
      'app/configmaps/site/index.html',
      'app/secrets/tls/key.pem',
      'app/web.env',
      'installed.json',
    ])
    expect(statSync(join(data, 'app/secrets/tls/key.pem')).mode & 0o777).toBe(0o600)
    expect(statSync(join(data, 'app/web.env')).mode & 0o777).toBe(0o600)
    expect(commands).toEqual([['systemctl', '--user', 'daemon-reload']])
    expect(run.stdout).toContain('  systemctl --user enable --now pod-app.service\n')

    commands = []
    const removed = runCli(['uninstall', '--user', SECRETS], { runCommand, env, isRoot: false })
    expect(removed.status).toBe(0)
    expect(listAll(units)).toEqual([])
    expect(listAll(data)).toEqual(['installed.json'])
    expect(JSON.parse(readFileSync(join(data, 'installed.json'), 'utf8'))).toEqual({})
    expect(commands).toEqual([['systemctl', '--user', 'daemon-reload']])
  })

  it('--user warns, with the command, when the user has no lingering', () => {
    const env = { HOME: dir, USER: 'bob' }
    const asked: string[] = []
    const isLingering = (user: string) => {
      asked.push(user)
      return false
    }
    const run = runCli(['install', '--user', SAMPLE], {
      runCommand,
      env,
      isRoot: false,
      isLingering,
      subordinateIds: () => 65536,
    })
    expect(run.status).toBe(0)
    expect(asked).toEqual(['bob'])
    expect(run.stderr).toBe(
      'podunit: warning: user bob has no lingering, so the pods stop at logout and do not start at boot; enable it with:\n' +
        '  loginctl enable-linger bob\n',
    )
    expect(run.stdout).toContain('  systemctl --user enable --now pod-my-pod.service\n')
    // A system install does not ask.
    const system = runCli(
      ['install', '--system', '--unit-dir', join(dir, 'u'), '--data-dir', join(dir, 'd'), SAMPLE],
      { runCommand, env, isLingering },
    )
    expect(system.stderr).toBe('')
    expect(asked).toEqual(['bob'])
  })

  it('--user checks container ids against the subordinate ids the user has', () => {
    const env = { HOME: dir, USER: 'carol' }
    const yaml = join(dir, 'ids.yaml')
    writeFileSync(
      yaml,
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ids\nspec:\n  securityContext:\n    runAsUser: 70000\n  containers:\n    - name: app\n      image: localhost/busybox:latest\n',
    )
    const install = (ids: number) =>
      runCli(['install', '--user', '--dry-run', yaml], {
        runCommand,
        env,
        isRoot: false,
        isLingering: () => true,
        subordinateIds: (user) => (user === 'carol' ? ids : -1),
      })
    // 65536 ids (useradd's default): 70000 is not mapped
    const refused = install(65536)
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain(`${yaml}:7:16: error PU2201: spec.securityContext.runAsUser:`)
    expect(refused.stderr).toContain('with 65536 subordinate ids')
    // a larger range maps it
    expect(install(200000).status).toBe(0)
    // none at all: a warning with the command, and only the user's own id is mapped
    const none = install(0)
    expect(none.status).toBe(1)
    expect(none.stderr).toContain(
      "podunit: warning: user carol has no subordinate ids in /etc/subuid and /etc/subgid, so a rootless Podman can map no id but the user's own; add a range with:\n  sudo usermod --add-subuids 100000-165535 --add-subgids 100000-165535 carol\n",
    )
    expect(none.stderr).toContain('with 0 subordinate ids')
  })

  it('a failing daemon-reload is exit status 2 with systemctl’s message', () => {
    const failing = () => ({ status: 1, stderr: 'Failed to connect to bus\n' })
    const run = runCli(
      ['install', '--unit-dir', join(dir, 'u'), '--data-dir', join(dir, 'd'), SAMPLE],
      { runCommand: failing },
    )
    expect(run.status).toBe(2)
    expect(run.stderr).toBe('podunit: systemctl daemon-reload failed: Failed to connect to bus\n')
  })

  it('--user and --system together are a usage error', () => {
    const run = runCli(['install', '--user', '--system', SAMPLE], { runCommand })
    expect(run.status).toBe(2)
    expect(run.stderr).toContain('--user and --system cannot be used together')
  })
})
