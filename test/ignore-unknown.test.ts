/**
 * `--ignore-unknown` (the pre-commit hooks' default): a repository's YAML that is not a manifest
 * podunit reads is skipped without a word; a manifest podunit reads with a mistake is still an
 * error. Without the flag every such file is reported, as before.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { validate } from '../src/index.js'
import { runCli } from './support/run-cli.js'
import { scratchDir } from './support/scratch.js'

const pod = (name: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: app
      image: docker.io/library/nginx:1.27${extra}
`

/** YAML that is not a manifest podunit reads, as a repository holds it. */
const OTHERS: Readonly<Record<string, string>> = {
  '.github/workflows/ci.yml':
    'name: CI\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n',
  '.gitlab-ci.yml':
    '.setup:\n  script: [echo hi]\ntest:\n  script:\n    - !reference [.setup, script]\n',
  'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n',
  '.pre-commit-config.yaml':
    'repos:\n  - repo: https://example.com/podunit\n    rev: v0.1.0\n    hooks:\n      - id: podunit-validate\n',
  '.pre-commit-hooks.yaml': '- id: a-hook\n  entry: true\n  language: system\n',
  'k8s/kustomization.yaml':
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [pod.yaml]\n',
  'overlay/kustomization.yml': 'resources:\n  - ../k8s\nnamePrefix: prod-\n',
  'k8s/service.yaml':
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: [{port: 80}]\n',
  'k8s/volcano-job.yaml':
    'apiVersion: batch.volcano.sh/v1alpha1\nkind: Job\nmetadata:\n  name: train\nspec: {}\n',
  'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'chart/values.yaml': 'replicaCount: 1\nimage:\n  repository: nginx\n',
  // A chart's template, valid YAML or not, is not a manifest before `helm template`.
  'chart/templates/pod.yaml': pod('web').replace('name: web', 'name: "{{ .Release.Name }}"'),
  'chart/templates/deployment.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "web.fullname" . }}\n  labels:\n    {{- include "web.labels" . | nindent 4 }}\n',
  // A Go template elsewhere (helmfile, gotmpl) that is not valid YAML.
  'helmfile.d/web.yaml':
    'releases:\n  - name: web\n    values:\n      - {{ .Environment.Name }}.yaml\n',
  'empty.yaml': '',
  'comments.yaml': '# nothing here yet\n',
}

const MISTAKES: Readonly<Record<string, { readonly text: string; readonly expect: string }>> = {
  'no-api-version.yaml': {
    text: pod('a').replace('apiVersion: v1\n', ''),
    expect: 'no-api-version.yaml:1:1: error PU0010',
  },
  'misspelt-api-version.yaml': {
    text: pod('b').replace('apiVersion: v1', 'apiVersion: v1beta1'),
    expect:
      'misspelt-api-version.yaml:1:13: error PU0050: apiVersion: "v1beta1" is not the apiVersion of a Pod (v1)',
  },
  'old-api-version.yaml': {
    text: 'apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n  name: c\n',
    expect: 'old-api-version.yaml:1:13: error PU0050',
  },
  'lower-case-kind.yaml': {
    text: pod('d').replace('kind: Pod', 'kind: pod'),
    expect:
      'lower-case-kind.yaml:2:7: error PU0051: kind: "pod" is not a Kubernetes kind (kinds are case-sensitive): did you mean Pod?',
  },
  'no-kind.yaml': {
    text: pod('e').replace('kind: Pod\n', ''),
    expect: 'no-kind.yaml:1:1: error PU0010',
  },
  'broken.yaml': {
    text: pod('f').replace('    - name: app', '    - name: "app'),
    expect: 'broken.yaml:7:13: error PU0001',
  },
  'invalid-port.yaml': {
    text: pod('g', '\n      ports:\n        - containerPort: 80\n          hostPort: 70000'),
    expect: 'invalid-port.yaml:11:21: error PU1203',
  },
}

const dir = scratchDir('podunit-ignore-')
const cli = (...args: string[]) => runCli(args, { cwd: dir() })

function write(files: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir(), path)), { recursive: true })
    writeFileSync(join(dir(), path), text)
  }
}

/** Runs the CLI with paths relative to the scratch directory, as a hook gets them. */
function inDir<T>(fn: () => T): T {
  const previous = process.cwd()
  process.chdir(dir())
  try {
    return fn()
  } finally {
    process.chdir(previous)
  }
}

beforeAll(() => write(OTHERS))

describe('--ignore-unknown', () => {
  it('skips every other sort of YAML without a word, and reports each without the flag', () => {
    const files = Object.keys(OTHERS)
    const quiet = inDir(() => cli('validate', '--ignore-unknown', ...files))
    expect(quiet).toEqual({ status: 0, stdout: '', stderr: '' })
    const loud = inDir(() => cli('validate', ...files))
    expect(loud.status).toBe(1)
    for (const file of files) expect(loud.stdout).toContain(`${file}:`)
  })

  it('takes a whole directory, as a repository-wide run does', () => {
    expect(inDir(() => cli('validate', '--ignore-unknown', '.'))).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    })
  })

  it.each(Object.entries(MISTAKES))('still refuses a manifest with a mistake: %s', (file, m) => {
    write({ [`mistakes/${file}`]: m.text })
    for (const args of [['--ignore-unknown'], []]) {
      const run = inDir(() => cli('validate', ...args, `mistakes/${file}`))
      expect(run.status).toBe(1)
      expect(run.stdout).toContain(`mistakes/${m.expect}`)
    }
  })

  it('validates the manifests podunit reads in a file that mixes kinds', () => {
    const mixed = [
      OTHERS['k8s/service.yaml'],
      pod('mixed', '\n      ports:\n        - containerPort: 80\n          hostPort: 70000'),
      OTHERS['k8s/volcano-job.yaml'],
    ].join('---\n')
    write({ 'mixed/all.yaml': mixed })
    const quiet = inDir(() => cli('validate', '--ignore-unknown', 'mixed/all.yaml'))
    expect(quiet.status).toBe(1)
    expect(quiet.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^mixed\/all\.yaml:18:21: error PU1203: /),
    ])
    // By hand, the other kinds get a warning each.
    const loud = inDir(() => cli('validate', 'mixed/all.yaml'))
    expect(loud.stdout).toContain('mixed/all.yaml:2:7: warning PU0011: kind: v1 Service')
    expect(loud.stdout).toContain(
      'mixed/all.yaml:21:7: warning PU0011: kind: batch.volcano.sh/v1alpha1 Job',
    )
  })

  it('lets convert and check read a manifest directory that holds a kustomization', () => {
    write({ 'app/pod.yaml': pod('app'), 'app/kustomization.yaml': 'resources: [pod.yaml]\n' })
    const refused = inDir(() => cli('convert', '-o', 'units', 'app'))
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain('app/kustomization.yaml:1:1: error PU0010')
    const converted = inDir(() => cli('convert', '--ignore-unknown', '-o', 'units', 'app'))
    expect(converted.stderr).toBe('')
    expect(converted.status).toBe(0)
    expect(readdirSync(join(dir(), 'units')).sort()).toEqual([
      'container-app-app.service',
      'pod-app.service',
    ])
    expect(inDir(() => cli('check', '--ignore-unknown', '-o', 'units', 'app'))).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    })
  })

  it('does not require a pod when unknown files are ignored', () => {
    const run = inDir(() =>
      cli('convert', '--ignore-unknown', '-o', 'none', 'compose.yaml', 'k8s/service.yaml'),
    )
    expect(run).toEqual({ status: 0, stdout: '', stderr: '' })
    expect(inDir(() => cli('convert', '-o', 'none', 'k8s/service.yaml')).stderr).toContain(
      'error PU0012',
    )
  })

  it('skips a file refused unread (too large, not UTF-8) unless it names a kind podunit reads', () => {
    const filler = `# ${'x'.repeat(100)}\n`.repeat(20)
    write({
      'big/compose.yaml': OTHERS['compose.yaml'] + filler,
      'big/pod.yaml': pod('big') + filler,
    })
    writeFileSync(join(dir(), 'big/latin1.yaml'), Buffer.from('name: caf\xe9\n', 'latin1'))
    writeFileSync(
      join(dir(), 'big/latin1-pod.yaml'),
      Buffer.from(pod('x') + '# caf\xe9\n', 'latin1'),
    )
    const args = ['validate', '--max-file-size', '1k', 'big']
    const quiet = inDir(() => cli(...args.slice(0, 1), '--ignore-unknown', ...args.slice(1)))
    expect(quiet.status).toBe(1)
    expect(quiet.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^big\/latin1-pod\.yaml:9:\d+: error PU0009: /),
      expect.stringMatching(/^big\/pod\.yaml:1:1: error PU0006: /),
    ])
    const loud = inDir(() => cli(...args))
    expect(loud.stdout).toContain('big/compose.yaml:1:1: error PU0006')
    expect(loud.stdout).toContain('big/latin1.yaml:1:10: error PU0009')
  })

  it('is an option of the library too', () => {
    const sources = [
      { path: 'compose.yaml', text: OTHERS['compose.yaml'] ?? '' },
      { path: 'pod.yaml', text: pod('lib') },
    ]
    expect(validate(sources, { ignoreUnknown: true })).toEqual({ ok: true, diagnostics: [] })
    expect(validate(sources).ok).toBe(false)
  })
})
