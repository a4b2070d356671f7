/**
 * The pre-commit hooks in the real pre-commit framework, configured exactly as README.md shows
 * (its `.pre-commit-config.yaml`, with `repo:` the path of a commit of the working tree under
 * test and `rev:` that commit), in a temporary git repository with the YAML a repository holds
 * besides manifests. pre-commit installs the hooks as it does for users (npm install, which
 * builds; npm pack; an install of the tarball into an environment of its own), and real
 * `git commit`s run them.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { run, suiteRequiring } from './support/podman.js'
import type { RunResult } from './support/podman.js'
import {
  git,
  GIT_ENV,
  NEEDS_GIT,
  NEEDS_NPM_REGISTRY,
  NEEDS_PRE_COMMIT,
  readmeBlocks,
  snapshotWorkingTree,
} from './support/real-clients.js'

const suite = suiteRequiring('pre-commit framework', [
  NEEDS_GIT,
  NEEDS_PRE_COMMIT,
  NEEDS_NPM_REGISTRY,
])

const pod = (image: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: hooked
spec:
  containers:
    - name: app
      image: ${image}${extra}
`

/** The rest of a repository: none of it is podunit's business. */
const OTHER_YAML: Readonly<Record<string, string>> = {
  '.github/workflows/ci.yml':
    'name: CI\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n',
  'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n',
  'k8s/kustomization.yaml': 'resources:\n  - pod.yaml\n',
  'deploy/kustomization.yaml':
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../k8s]\n',
  'chart/Chart.yaml': 'apiVersion: v2\nname: hooked\nversion: 0.1.0\n',
  'chart/values.yaml': 'image: nginx:1.27\n',
  'chart/templates/pod.yaml':
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    {{- include "labels" . | nindent 4 }}\n',
}

let home = ''
let repo = ''
let config = ''

const write = (path: string, text: string) => {
  mkdirSync(dirname(join(repo, path)), { recursive: true })
  writeFileSync(join(repo, path), text)
}
const read = (path: string) => readFileSync(join(repo, path), 'utf8')
const env = () => ({
  ...GIT_ENV,
  PRE_COMMIT_HOME: join(home, 'cache'),
  PRE_COMMIT_COLOR: 'never',
})
/** The podunit that pre-commit installed for the hooks: the code under test, as it runs there. */
function podunit(...args: string[]): RunResult {
  const cache = join(home, 'cache')
  const bins = readdirSync(cache)
    .filter((entry) => entry.startsWith('repo'))
    .flatMap((entry) =>
      readdirSync(join(cache, entry))
        .filter((env) => env.startsWith('node_env'))
        .map((env) => join(cache, entry, env, 'bin/podunit')),
    )
    .filter((bin) => existsSync(bin))
  if (bins.length !== 1) throw new Error(`pre-commit installed ${bins.length} podunit(s)`)
  return run(bins[0] ?? '', args, { cwd: repo })
}

/** `git add -A && git commit`: the pre-commit hook runs; the result, output merged. */
function commit(message: string): RunResult & { readonly output: string } {
  git(repo, ['add', '-A'])
  const result = git(repo, ['commit', '-q', '-m', message], {
    env: env(),
    allowFailure: true,
    timeoutMs: 600_000,
  })
  return { ...result, output: result.stdout + result.stderr }
}

/** The README's configuration, pointed at `hookRepo` at `rev`, with the hooks' args replaced. */
function readmeConfig(hookRepo: string, rev: string): string {
  const block = readmeBlocks('Pre-commit').find((b) => b.lang === 'yaml')
  if (block === undefined) throw new Error('README.md: no yaml block under "Pre-commit"')
  return block.text
    .replace(/^(\s*- repo: ).*$/m, `$1${hookRepo}`)
    .replace(/^(\s*rev: ).*$/m, `$1${rev}`)
}

suite('pre-commit framework', () => {
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'podunit-pre-commit-'))
    const hookRepo = join(home, 'podunit')
    const rev = snapshotWorkingTree(hookRepo, true)
    repo = join(home, 'project')
    mkdirSync(repo)
    git(repo, ['init', '-q'])
    config = readmeConfig(hookRepo, rev)
    write('.pre-commit-config.yaml', config)
    for (const [path, text] of Object.entries(OTHER_YAML)) write(path, text)
    write('k8s/pod.yaml', pod('docker.io/library/nginx:1.25'))
    run('pre-commit', ['install'], { cwd: repo, env: env() })
    // Builds the hooks' environment once, as pre-commit does on first use (minutes at most).
    run('pre-commit', ['install-hooks'], { cwd: repo, env: env(), timeoutMs: 900_000 })
    podunit('convert', '-o', 'units', 'k8s', '--ignore-unknown')
  }, 900_000)

  afterAll(() => {
    if (home !== '') rmSync(home, { recursive: true, force: true })
  })

  it('uses the configuration of README.md, with no exclude', () => {
    expect(config).toMatch(/^\s*- id: podunit-validate$/m)
    expect(config).toMatch(/^\s*args: \[-o, units, k8s\]$/m)
    expect(config).not.toMatch(/exclude|files:/)
  })

  it('lets fresh units through, and leaves the other YAML alone without a word', () => {
    const first = commit('first')
    expect(first.output).toMatch(/^podunit validate\.+Passed$/m)
    expect(first.output).toMatch(/^podunit check\.+Passed$/m)
    expect(first.status).toBe(0)
    for (const [path, text] of Object.entries(OTHER_YAML)) expect(read(path)).toBe(text)
    // Every YAML file of the repository, with the hooks' output shown: there is none.
    const all = run('pre-commit', ['run', '--all-files', '--verbose'], {
      cwd: repo,
      env: env(),
      allowFailure: true,
    })
    expect(all.status).toBe(0)
    const output = all.stdout.split('\n').filter((l) => !/^(- hook id|- duration)/.test(l))
    expect(output.filter((l) => l.trim() !== '')).toEqual([
      expect.stringMatching(/^podunit validate\.+Passed$/),
      expect.stringMatching(/^podunit check\.+Passed$/),
    ])
    expect(git(repo, ['status', '--porcelain']).stdout).toBe('')
  })

  it('refuses a manifest changed without regenerating its units, naming the unit', () => {
    write('k8s/pod.yaml', pod('docker.io/library/nginx:1.27'))
    const refused = commit('second')
    expect(refused.status).not.toBe(0)
    expect(refused.output).toMatch(/^podunit check\.+Failed$/m)
    expect(refused.output).toContain(
      'units/container-hooked-app.service: stale unit (needs update: run podunit convert, or check --fix)',
    )
    // An orphan (a unit podunit wrote for a pod that is gone) too, but never a hand-written one.
    write('units/pod-gone.service', '# pod-gone.service\n# autogenerated by podunit 0.0.0\n')
    write('units/hand-written.service', '[Service]\nExecStart=/bin/true\n')
    const orphaned = commit('second')
    expect(orphaned.status).not.toBe(0)
    expect(orphaned.output).toContain('units/pod-gone.service: orphaned unit')
    expect(orphaned.output).not.toContain('hand-written')
  })

  it('mends them with --fix when configured: the commit stops once, the next one passes', () => {
    write('.pre-commit-config.yaml', config.replace('[-o, units, k8s]', '[--fix, -o, units, k8s]'))
    const fixed = commit('third')
    expect(fixed.status).not.toBe(0)
    expect(fixed.output).toContain('files were modified by this hook')
    expect(read('units/container-hooked-app.service')).toContain('nginx:1.27')
    expect(read('units/hand-written.service')).toContain('/bin/true')
    const again = commit('third')
    expect(again.output).toMatch(/^podunit check\.+Passed$/m)
    expect(again.status).toBe(0)
    expect(git(repo, ['ls-files', 'units']).stdout).not.toContain('pod-gone')
  })

  it('refuses an invalid manifest with file:line:column', () => {
    const port = '\n      ports:\n        - containerPort: 80\n          hostPort: 70000'
    write('k8s/pod.yaml', pod('docker.io/library/nginx:1.27', port))
    const refused = commit('fourth')
    expect(refused.status).not.toBe(0)
    expect(refused.output).toMatch(/^podunit validate\.+Failed$/m)
    expect(refused.output).toContain(
      'k8s/pod.yaml:11:21: error PU1203: spec.containers[0].ports[0].hostPort: 70000 is not a valid port (1-65535)',
    )
    // A Pod without apiVersion is a mistake, not another sort of YAML.
    write('k8s/pod.yaml', pod('docker.io/library/nginx:1.27').replace('apiVersion: v1\n', ''))
    const mistake = commit('fourth')
    expect(mistake.status).not.toBe(0)
    expect(mistake.output).toContain('k8s/pod.yaml:1:1: error PU0010')
  })
})
