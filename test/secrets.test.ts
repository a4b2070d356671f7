/**
 * Secrets never leave the files meant for them. A manifest with Secrets (`data` in base64 and
 * `stringData`) used through `secretKeyRef`, `envFrom.secretRef` and a secret volume with `items`:
 * no Secret value, plain or base64, appears in a unit file, in `--stdout` / `--format json`
 * output, in any diagnostic (schema errors inside a Secret document included), in validate's
 * text/json/junit/sarif output, or in `install --dry-run`'s; the env file and the secret files are
 * mode 0600 in directories of mode 0700, with `-o` and with `install`; `check` and `check --fix`
 * keep those modes.
 */
import {
  chmodSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from './support/run-cli.js'
import { scratchDir } from './support/scratch.js'

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')

/** Every Secret value of the manifests below: none may appear outside the data files. */
const SECRET_VALUES = [
  'Pw-Alpha-7f3a9c',
  'User-Beta-91c2d4',
  'Tok-Gamma-55e0b1',
  'Key-Delta-a8b7c6',
  'Cert-Epsilon-0d1e2f', // in the tls Secret but not among the volume's items: written nowhere
  'Unused-Zeta-3b4c5d', // in a Secret no pod uses
]
/** The forms a value can take in output: as it is, in base64 (with and without padding). */
const FORBIDDEN = SECRET_VALUES.flatMap((v) => [v, b64(v), b64(v).replace(/=+$/, '')])

const MANIFEST = `apiVersion: v1
kind: Secret
metadata:
  name: db
type: Opaque
data:
  password: ${b64('Pw-Alpha-7f3a9c')}
  user: ${b64('User-Beta-91c2d4')}
stringData:
  token: Tok-Gamma-55e0b1
---
apiVersion: v1
kind: Secret
metadata:
  name: tls
stringData:
  key.pem: Key-Delta-a8b7c6
  cert.pem: Cert-Epsilon-0d1e2f
---
apiVersion: v1
kind: Secret
metadata:
  name: unused
data:
  x: ${b64('Unused-Zeta-3b4c5d')}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: site
data:
  index.html: <h1>public</h1>
---
apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  volumes:
    - name: site
      configMap:
        name: site
    - name: tls
      secret:
        secretName: tls
        items:
          - key: key.pem
            path: private/key.pem
  containers:
    - name: web
      image: docker.io/library/nginx:1.25
      command: [nginx, -g, daemon off;]
      env:
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef:
              name: db
              key: password
        - name: PLAIN
          value: not-a-secret
      envFrom:
        - secretRef:
            name: db
          prefix: DB_
      volumeMounts:
        - name: site
          mountPath: /usr/share/nginx/html
        - name: tls
          mountPath: /etc/tls
`

const scratch = scratchDir('podunit-secrets-')
let serial = 0

function write(name: string, text: string): string {
  const path = join(scratch(), name)
  writeFileSync(path, text)
  return path
}

function freshDir(): string {
  return join(scratch(), `out-${serial++}`)
}

/** Every file under `root`: relative path → content. */
function filesUnder(root: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    out[relative(root, path)] = readFileSync(path, 'utf8')
  }
  return out
}

/** Every directory under `root` (and root), relative → mode. */
function dirModes(root: string): Record<string, number> {
  const out: Record<string, number> = { '.': statSync(root).mode & 0o777 }
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isDirectory()) continue
    const path = join(entry.parentPath, entry.name)
    out[relative(root, path)] = statSync(path).mode & 0o777
  }
  return out
}

function expectNoSecret(text: string, where: string): void {
  for (const secret of FORBIDDEN) expect(text.includes(secret), `${secret} in ${where}`).toBe(false)
}

const mode = (path: string) => statSync(path).mode & 0o777

describe('secrets: convert', () => {
  const input = () => write('app.yaml', MANIFEST)

  it('-o: no Secret value in any unit; data files hold exactly what they must', () => {
    const out = freshDir()
    const run = runCli(['convert', '-o', out, input()])
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expectNoSecret(run.stdout, 'stdout')
    const files = filesUnder(out)
    const units = Object.keys(files).filter((f) => f.endsWith('.service'))
    expect(units.sort()).toEqual(['container-app-web.service', 'pod-app.service'])
    for (const unit of units) expectNoSecret(files[unit]!, unit)
    const container = files['container-app-web.service']!
    expect(container).toContain('--env-file /etc/podunit/app/web.env')
    expect(container).toContain('--env PLAIN=not-a-secret')
    // The env file: secretKeyRef and envFrom (with its prefix); the tls Secret only as a volume.
    expect(files['podunit-data/app/web.env']?.split('\n').sort()).toEqual([
      '',
      'DB_PASSWORD=Pw-Alpha-7f3a9c',
      'DB_password=Pw-Alpha-7f3a9c',
      'DB_token=Tok-Gamma-55e0b1',
      'DB_user=User-Beta-91c2d4',
    ])
    expect(files['podunit-data/app/secrets/tls/private/key.pem']).toBe('Key-Delta-a8b7c6')
    // Not among the items, not used: nowhere at all.
    for (const [name, text] of Object.entries(files)) {
      expect(text.includes('Cert-Epsilon-0d1e2f'), name).toBe(false)
      expect(text.includes('Unused-Zeta-3b4c5d'), name).toBe(false)
    }
  })

  it('-o: the env file and the secret files are 0600, their directories 0700', () => {
    const out = freshDir()
    expect(runCli(['convert', '-o', out, input()]).status).toBe(0)
    const data = join(out, 'podunit-data')
    expect(mode(join(data, 'app/web.env'))).toBe(0o600)
    expect(mode(join(data, 'app/secrets/tls/private/key.pem'))).toBe(0o600)
    for (const sub of ['.', 'app', 'app/secrets', 'app/secrets/tls', 'app/secrets/tls/private'])
      expect(mode(join(data, sub)).toString(8), sub).toBe('700')
    // ConfigMap data is public.
    expect(mode(join(data, 'app/configmaps/site/index.html'))).toBe(0o644)
  })

  it('--quadlet: no Secret value in any Quadlet file; the data files as for the units', () => {
    const out = freshDir()
    const data = freshDir()
    const run = runCli(['convert', '--quadlet', '-o', out, '--data-output', data, input()])
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expectNoSecret(run.stdout, 'stdout')
    const files = filesUnder(out)
    expect(Object.keys(files).sort()).toEqual(['app-web.container', 'app.pod'])
    for (const [name, text] of Object.entries(files)) expectNoSecret(text, name)
    expect(files['app-web.container']).toContain('EnvironmentFile="/etc/podunit/app/web.env"')
    const units = freshDir()
    expect(runCli(['convert', '-o', units, input()]).status).toBe(0)
    expect(filesUnder(data)).toEqual(filesUnder(join(units, 'podunit-data')))
    expect(dirModes(data)).toEqual(dirModes(join(units, 'podunit-data')))
    expect(mode(join(data, 'app/web.env'))).toBe(0o600)
    expect(mode(join(data, 'app/secrets/tls/private/key.pem'))).toBe(0o600)
  })

  it('the modes do not depend on the umask', () => {
    const old = process.umask(0)
    try {
      const out = freshDir()
      expect(runCli(['convert', '-o', out, input()]).status).toBe(0)
      expect(mode(join(out, 'podunit-data/app/web.env'))).toBe(0o600)
      expect(mode(join(out, 'podunit-data/app/secrets/tls'))).toBe(0o700)
    } finally {
      process.umask(old)
    }
  })

  it('--stdout and --format json: no Secret value', () => {
    for (const args of [['--stdout'], ['--stdout', '--format', 'json']]) {
      const run = runCli(['convert', ...args, input()])
      expect(run.status).toBe(0)
      expectNoSecret(run.stdout, `stdout of ${args.join(' ')}`)
      expectNoSecret(run.stderr, `stderr of ${args.join(' ')}`)
      expect(run.stderr).toContain('data file(s)')
    }
    const out = freshDir()
    const json = runCli(['convert', '--format', 'json', '-o', out, input()])
    expectNoSecret(json.stdout, 'convert --format json -o')
  })
})

/** Secret documents that are wrong, each holding a secret-looking value in the wrong place. */
const BAD_SECRETS: readonly { name: string; body: string; values: readonly string[] }[] = [
  { name: 'a number in data', body: 'data:\n  password: 987654321\n', values: ['987654321'] },
  {
    name: 'a number in stringData',
    body: 'stringData:\n  password: 876543219\n',
    values: ['876543219'],
  },
  {
    name: 'data that is not base64',
    body: 'data:\n  password: Not-Base64!Eta-77aa\n',
    values: ['Not-Base64!Eta-77aa'],
  },
  {
    name: 'a list in data',
    body: 'data:\n  password: [Theta-List-1a2b]\n',
    values: ['Theta-List-1a2b'],
  },
  {
    name: 'a mapping in stringData',
    body: 'stringData:\n  password: {inner: Iota-Map-3c4d}\n',
    values: ['Iota-Map-3c4d'],
  },
  {
    name: 'data that is a string',
    body: 'data: Kappa-Whole-5e6f\n',
    values: ['Kappa-Whole-5e6f'],
  },
  {
    name: 'a boolean-looking value',
    body: 'stringData:\n  password: yes\n  other: Lambda-After-7a8b\n',
    values: ['Lambda-After-7a8b'],
  },
  {
    name: 'a duplicate key',
    body: 'stringData:\n  password: Mu-First-9c0d\n  password: Mu-Second-1e2f\n',
    values: ['Mu-First-9c0d', 'Mu-Second-1e2f'],
  },
  {
    name: 'an unknown field beside the data',
    body: 'stringData:\n  password: Nu-Beside-3a4b\nextra: 1\n',
    values: ['Nu-Beside-3a4b'],
  },
  {
    name: 'a Secret value with a newline used as env',
    body: 'stringData:\n  password: "Xi-Line-5c6d\\nsecond"\n',
    values: ['Xi-Line-5c6d'],
  },
]

function badSecretManifest(body: string): string {
  return `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n${body}---\n${MANIFEST.split('---\n').at(-1)}`
}

describe('secrets: diagnostics and reports', () => {
  it.each(['text', 'json', 'junit', 'sarif'])(
    'validate --output %s of the good manifest: no Secret value',
    (output) => {
      const run = runCli(['validate', '--output', output, write('good.yaml', MANIFEST)])
      expect(run.status).toBe(0)
      expectNoSecret(run.stdout, `validate --output ${output}`)
      expectNoSecret(run.stderr, `validate --output ${output} (stderr)`)
    },
  )

  for (const bad of BAD_SECRETS) {
    it(`${bad.name}: an error, in every output, without the value`, () => {
      const file = write(`bad-${serial++}.yaml`, badSecretManifest(bad.body))
      const forbidden = [...bad.values, ...bad.values.map(b64), ...FORBIDDEN]
      const outputs: string[] = []
      for (const output of ['text', 'json', 'junit', 'sarif']) {
        const run = runCli(['validate', '--output', output, file])
        expect(run.status, `validate --output ${output}`).toBe(1)
        outputs.push(run.stdout, run.stderr)
      }
      for (const args of [['--stdout'], ['-o', freshDir()], ['--format', 'json', '--stdout']]) {
        const run = runCli(['convert', ...args, file])
        expect(run.status).toBe(1)
        outputs.push(run.stdout, run.stderr)
      }
      const check = runCli(['check', '-o', freshDir(), file])
      outputs.push(check.stdout, check.stderr)
      const install = runCli([
        'install',
        '--dry-run',
        '--unit-dir',
        freshDir(),
        '--data-dir',
        freshDir(),
        file,
      ])
      outputs.push(install.stdout, install.stderr)
      for (const text of outputs)
        for (const secret of forbidden)
          expect(text.includes(secret), `${secret} in:\n${text}`).toBe(false)
    })
  }

  it('a $(VAR) reference to a Secret value in args: an error that does not show the value', () => {
    const manifest = MANIFEST.replace(
      'command: [nginx, -g, daemon off;]',
      'command: [nginx, -g, daemon off;]\n      args: [--password, $(DB_PASSWORD)]',
    )
    const run = runCli(['convert', '--stdout', write('expansion.yaml', manifest)])
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/error PU\d{4}: spec\.containers\[0\]\.args\[1\]/)
    expectNoSecret(run.stderr, 'stderr')
    expect(run.stdout).toBe('')
  })

  // BUG: one stray character before a Secret (here a `]`) makes the `yaml` parser report every
  // later token as "Unexpected scalar token in YAML stream: "<token>"", one error per token: the
  // Secret's values are printed in the diagnostics (and the CI log). One error, without the token
  // text, would do.
  it('a syntax error before a Secret does not print the Secret values', () => {
    const file = write('stray.yaml', `[a]]\n${MANIFEST}`)
    const run = runCli(['validate', file])
    expect(run.status).toBe(1)
    expectNoSecret(run.stdout, 'validate')
  })
})

describe('secrets: install', () => {
  it('--dry-run prints paths and modes, no Secret value, and writes nothing', () => {
    const units = freshDir()
    const data = freshDir()
    const run = runCli(
      [
        'install',
        '--system',
        '--dry-run',
        '--unit-dir',
        units,
        '--data-dir',
        data,
        write('i.yaml', MANIFEST),
      ],
      { runCommand: () => ({ status: 0, stderr: '' }) },
    )
    expect(run.status).toBe(0)
    expectNoSecret(run.stdout, 'install --dry-run stdout')
    expectNoSecret(run.stderr, 'install --dry-run stderr')
    expect(run.stdout).toContain(`would write ${data}/app/web.env (mode 0600)`)
    expect(run.stdout).toContain(`would write ${data}/app/secrets/tls/private/key.pem (mode 0600)`)
    expect(existsSync(units)).toBe(false)
    expect(existsSync(data)).toBe(false)
  })

  it.each([
    { scope: '--system', isRoot: true },
    { scope: '--user', isRoot: false },
  ])(
    '$scope into temp dirs: units without secrets, 0600 files in 0700 directories',
    ({ scope, isRoot }) => {
      const units = freshDir()
      const data = freshDir()
      const run = runCli(
        ['install', scope, '--unit-dir', units, '--data-dir', data, write('i.yaml', MANIFEST)],
        { runCommand: () => ({ status: 0, stderr: '' }), isRoot, env: { HOME: scratch() } },
      )
      expect(run.stderr).toBe('')
      expect(run.status).toBe(0)
      expectNoSecret(run.stdout, 'install stdout')
      for (const [name, text] of Object.entries(filesUnder(units))) expectNoSecret(text, name)
      expectNoSecret(readFileSync(join(data, 'installed.json'), 'utf8'), 'installed.json')
      expect(mode(join(data, 'app/web.env'))).toBe(0o600)
      expect(mode(join(data, 'app/secrets/tls/private/key.pem'))).toBe(0o600)
      const dirs = dirModes(data)
      for (const sub of ['.', 'app', 'app/secrets', 'app/secrets/tls', 'app/secrets/tls/private'])
        expect(dirs[sub]?.toString(8), sub).toBe('700')
    },
  )
})

describe('secrets: check', () => {
  function converted(): { out: string; file: string } {
    const out = freshDir()
    const file = write(`c-${serial++}.yaml`, MANIFEST)
    expect(runCli(['convert', '-o', out, file]).status).toBe(0)
    return { out, file }
  }
  const modes = (out: string) => {
    const data = join(out, 'podunit-data')
    return {
      env: mode(join(data, 'app/web.env')),
      key: mode(join(data, 'app/secrets/tls/private/key.pem')),
      dirs: dirModes(data),
    }
  }

  it('check: in step, exit 0, nothing changed, no Secret value printed', () => {
    const { out, file } = converted()
    const before = { files: filesUnder(out), modes: modes(out) }
    const run = runCli(['check', '-o', out, file])
    expect(run.stdout).toBe('')
    expect(run.status).toBe(0)
    expect({ files: filesUnder(out), modes: modes(out) }).toEqual(before)
  })

  it('check --fix rewrites a stale unit and keeps the modes of the Secret files', () => {
    const { out, file } = converted()
    const before = modes(out)
    writeFileSync(join(out, 'container-app-web.service'), '# stale\n')
    const fix = runCli(['check', '--fix', '-o', out, file])
    expect(fix.status).toBe(0)
    expectNoSecret(fix.stdout, 'check --fix')
    expect(modes(out)).toEqual(before)
    expect(runCli(['check', '-o', out, file]).status).toBe(0)
  })

  it('check of a stale env file says so without printing the Secret value', () => {
    const { out, file } = converted()
    writeFileSync(join(out, 'podunit-data/app/web.env'), 'DB_PASSWORD=old\n', { mode: 0o600 })
    const run = runCli(['check', '-o', out, file])
    expect(run.status).toBe(1)
    expect(run.stdout).toContain('podunit-data/app/web.env')
    expectNoSecret(run.stdout + run.stderr, 'check')
  })

  // BUG: check --fix reports a missing or stale data file as "rewritten" but writes only the
  // units (runCheck passes result.units, not outputFiles, to writeFilesAtomically): the env file
  // stays missing or stale and the next check fails again. (It also calls it a "unit".)
  it('check --fix restores a missing env file, mode 0600', () => {
    const { out, file } = converted()
    rmSync(join(out, 'podunit-data/app/web.env'))
    expect(runCli(['check', '--fix', '-o', out, file]).status).toBe(0)
    expect(mode(join(out, 'podunit-data/app/web.env'))).toBe(0o600)
    expect(runCli(['check', '-o', out, file]).status).toBe(0)
  })

  // BUG: check compares contents only: a Secret file made world-readable is "in step".
  it('check notices a Secret file that is no longer 0600', () => {
    const { out, file } = converted()
    chmodSync(join(out, 'podunit-data/app/web.env'), 0o644)
    expect(runCli(['check', '-o', out, file]).status).toBe(1)
  })
})
