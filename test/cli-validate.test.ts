/**
 * The contract of `podunit validate` (SPEC.md): exit status, the one-line diagnostics, the
 * json/junit/sarif reports, --strict, -q, colour, standard input, files and directories. Most
 * cases run the CLI in-process; a few run the package's `bin` with node, as a child process.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './support/run-cli.js'

const ROOT = resolve(import.meta.dirname, '..')
const CORPUS = join(ROOT, 'test/invalid')
const work = mkdtempSync(join(tmpdir(), 'podunit-cli-validate-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

/** A path as a user in the current directory would type it. */
const arg = (path: string): string => relative(process.cwd(), path)
const corpusFile = (name: string): string => arg(join(CORPUS, name))
const corpusText = (name: string): string => readFileSync(join(CORPUS, name), 'utf8')

/** Writes `text` under the work directory and returns the path to give on argv. */
function fixture(name: string, text: string | Buffer): string {
  const path = join(work, name)
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, text)
  return arg(path)
}

const VALID = `apiVersion: v1
kind: Pod
metadata:
  name: valid
spec:
  containers:
    - name: app
      image: nginx:1.27
`

/** Only a warning (PU3001 at 9:7). */
const WARNING = `apiVersion: v1
kind: Pod
metadata:
  name: warned
spec:
  containers:
    - name: app
      image: nginx:1.27
      readinessProbe:
        tcpSocket:
          port: 80
`

/** A corpus file, its pod renamed so that files given together do not make the same pod. */
function renamed(name: string, pod: string): string {
  const text = corpusText(name)
  expect(text).toContain('\nmetadata:\n  name: web\n')
  return text.replace('\nmetadata:\n  name: web\n', `\nmetadata:\n  name: ${pod}\n`)
}

const valid = fixture('valid.yaml', VALID)
const warned = fixture('warned.yaml', WARNING)
/** PU1203 at 13:21. */
const invalid = fixture('bad-port.yaml', renamed('host-port-70000.yaml', 'bad-port'))
/** PU1205 at 15:19 and 18:19. */
const badIp = fixture('bad-ip.yaml', renamed('host-ip-invalid.yaml', 'bad-ip'))

/** `file:line:col: severity PUxxxx: path: message` (a PU3xxx path is the subject: no colon). */
const LINE = /^(.+):(\d+):(\d+): (error|warning) (PU\d{4}): (.+)$/
const ESC = '\u001b['

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '')
}

describe('exit status', () => {
  it('0 for a valid file, and nothing printed', () => {
    expect(runCli(['validate', valid])).toEqual({ status: 0, stdout: '', stderr: '' })
  })

  it('0 for a file with warnings only', () => {
    const run = runCli(['validate', warned])
    expect(run.status).toBe(0)
    expect(lines(run.stdout)).toEqual([
      `${warned}:9:7: warning PU3001: spec.containers[0].readinessProbe is not supported by Podman and is ignored`,
    ])
  })

  it('1 for an invalid file', () => {
    const run = runCli(['validate', invalid])
    expect(run.status).toBe(1)
    expect(run.stderr).toBe('')
  })

  it('1 when one of several files is invalid', () => {
    expect(runCli(['validate', valid, invalid, warned]).status).toBe(1)
  })

  it.each([
    { name: 'an unknown option', argv: ['validate', '--bogus', valid] },
    { name: 'an unknown --output', argv: ['validate', '--output', 'xml', valid] },
    {
      name: 'an unknown --kubernetes-version',
      argv: ['validate', '--kubernetes-version', '0.9', valid],
    },
    { name: 'no FILE', argv: ['validate'] },
    { name: 'an unknown command', argv: ['vaildate', valid] },
  ])('2 for $name, with a hint and no output', ({ argv }) => {
    const run = runCli(argv)
    expect(run.status).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^podunit: .+\nTry 'podunit --help'\.\n$/)
  })

  it('2 for a missing file, naming it', () => {
    const missing = arg(join(work, 'no-such-file.yaml'))
    const run = runCli(['validate', valid, missing])
    expect(run).toEqual({
      status: 2,
      stdout: '',
      stderr: `podunit: cannot read ${missing}: no such file or directory\n`,
    })
  })

  it('2 for a path through a file', () => {
    const run = runCli(['validate', `${valid}/pod.yaml`])
    expect(run.status).toBe(2)
    expect(run.stderr).toBe(`podunit: cannot read ${valid}/pod.yaml: not a directory\n`)
  })

  it.skipIf(process.getuid?.() === 0)('2 for a file that cannot be read', () => {
    const locked = fixture('locked/pod.yaml', VALID)
    chmodSync(locked, 0o000)
    const run = runCli(['validate', locked])
    chmodSync(locked, 0o644)
    expect(run.status).toBe(2)
    expect(run.stderr).toBe(`podunit: cannot read ${locked}: permission denied\n`)
  })

  it('1 for a file that is not UTF-8, with the position of the first bad byte', () => {
    const bad = fixture('bad-byte.yaml', Buffer.from('metadata:\n  name: caf\xff\n', 'latin1'))
    const run = runCli(['validate', bad])
    expect(run.status).toBe(1)
    expect(lines(run.stdout)).toEqual([
      `${bad}:2:12: error PU0009: the file is not UTF-8 text (byte 21)`,
    ])
  })

  // Known bug, reported: a Latin-1 é (0xE9, a UTF-8 lead byte) is reported at the byte after it.
  it('1 for a Latin-1 file, at the first non-UTF-8 byte', () => {
    const latin1 = fixture('latin1.yaml', Buffer.from('metadata:\n  name: caf\xe9\n', 'latin1'))
    const run = runCli(['validate', latin1])
    expect(run.status).toBe(1)
    expect(lines(run.stdout)).toEqual([
      `${latin1}:2:12: error PU0009: the file is not UTF-8 text (byte 21)`,
    ])
  })

  it('1 for a file larger than 10 MiB', () => {
    const big = fixture('big.yaml', `# ${'x'.repeat(10 * 1024 * 1024)}\n`)
    const run = runCli(['validate', big])
    expect(run.status).toBe(1)
    expect(lines(run.stdout).map((line) => LINE.exec(line)?.slice(1, 6))).toEqual([
      [big, '1', '1', 'error', 'PU0006'],
    ])
  })

  // Known bug, reported: a directory without YAML files validates nothing and exits 0.
  it('2 for a directory that holds no YAML file', () => {
    mkdirSync(join(work, 'empty-dir'), { recursive: true })
    const run = runCli(['validate', arg(join(work, 'empty-dir'))])
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/^podunit: .*empty-dir/)
  })

  it('0 for --help, on stdout', () => {
    const run = runCli(['validate', '--help'])
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('podunit validate [options] FILE...')
    expect(run.stderr).toBe('')
  })
})

describe('text output', () => {
  it('is one line per finding in the SPEC format, on stdout', () => {
    const run = runCli(['validate', invalid])
    expect(run.stdout).toBe(
      `${invalid}:13:21: error PU1203: spec.containers[0].ports[0].hostPort: 70000 is not a valid port (1-65535)\n`,
    )
  })

  it('names each file exactly as given on argv', () => {
    fixture('sub/.keep', '')
    const odd = `./${arg(join(work, 'sub'))}/../bad-port.yaml`
    const run = runCli(['validate', odd])
    expect(lines(run.stdout)).toEqual([
      `${odd}:13:21: error PU1203: spec.containers[0].ports[0].hostPort: 70000 is not a valid port (1-65535)`,
    ])
  })

  it('reports several files, sorted by file, then position', () => {
    const run = runCli(['validate', warned, invalid, badIp])
    const found = lines(run.stdout).map((line) => LINE.exec(line)?.slice(1, 6))
    expect(found).toEqual([
      [badIp, '15', '19', 'error', 'PU1205'],
      [badIp, '18', '19', 'error', 'PU1205'],
      [invalid, '13', '21', 'error', 'PU1203'],
      [warned, '9', '7', 'warning', 'PU3001'],
    ])
  })

  it('reads a directory recursively: its *.yaml and *.yml files, nothing else', () => {
    const dir = join(work, 'tree')
    fixture('tree/a.yaml', renamed('host-port-70000.yaml', 'tree-a'))
    fixture('tree/nested/b.yml', corpusText('protocol-enum.yaml'))
    fixture('tree/nested/notes.txt', 'kind: [broken')
    fixture('tree/nested/c.yaml.bak', 'kind: [broken')
    const run = runCli(['validate', arg(dir)])
    expect(run.status).toBe(1)
    expect(lines(run.stdout).map((line) => LINE.exec(line)?.slice(1, 6))).toEqual([
      [join(arg(dir), 'a.yaml'), '13', '21', 'error', 'PU1203'],
      [join(arg(dir), 'nested', 'b.yml'), '14', '21', 'error', 'PU1210'],
    ])
  })

  it('reads standard input for -, named -', () => {
    const run = runCli(['validate', '-'], { readStdin: () => corpusText('host-port-70000.yaml') })
    expect(run.status).toBe(1)
    expect(lines(run.stdout)).toEqual([
      '-:13:21: error PU1203: spec.containers[0].ports[0].hostPort: 70000 is not a valid port (1-65535)',
    ])
  })

  it('reads standard input next to files', () => {
    const run = runCli(['validate', valid, '-'], { readStdin: () => WARNING })
    expect(run.status).toBe(0)
    expect(lines(run.stdout).map((line) => LINE.exec(line)?.slice(1, 6))).toEqual([
      ['-', '9', '7', 'warning', 'PU3001'],
    ])
  })

  it('keeps a message with control characters on one line', () => {
    const text = VALID.replace('image: nginx:1.27', 'image: "nginx\\n:1.27"')
    const run = runCli(['validate', '-'], { readStdin: () => text })
    expect(run.status).toBe(1)
    expect(lines(run.stdout)).toHaveLength(1)
    expect(lines(run.stdout)[0]).toMatch(LINE)
  })
})

describe('--strict and -q', () => {
  it('--strict makes warnings errors: exit 1', () => {
    const run = runCli(['validate', '--strict', warned])
    expect(run.status).toBe(1)
    expect(lines(run.stdout)).toEqual([
      `${warned}:9:7: error PU3001: spec.containers[0].readinessProbe is not supported by Podman and is ignored`,
    ])
  })

  it('-q hides warnings', () => {
    expect(runCli(['validate', '-q', warned])).toEqual({ status: 0, stdout: '', stderr: '' })
    expect(runCli(['validate', '--quiet', warned]).stdout).toBe('')
  })

  it('-q keeps errors', () => {
    const run = runCli(['validate', '-q', warned, invalid])
    expect(run.status).toBe(1)
    expect(lines(run.stdout).map((line) => LINE.exec(line)?.[5])).toEqual(['PU1203'])
  })

  it('--strict -q shows the warnings, now errors', () => {
    const run = runCli(['validate', '--strict', '-q', warned])
    expect(run.status).toBe(1)
    expect(lines(run.stdout).map((line) => LINE.exec(line)?.slice(4, 6))).toEqual([
      ['error', 'PU3001'],
    ])
  })

  it('-q leaves warnings out of the json report too', () => {
    const report = JSON.parse(runCli(['validate', '-q', '--output', 'json', warned]).stdout) as {
      warnings: number
      diagnostics: unknown[]
    }
    expect(report.warnings).toBe(0)
    expect(report.diagnostics).toEqual([])
  })
})

describe('colour', () => {
  const tty = { stdoutIsTTY: true, stderrIsTTY: true }

  it('is used on a terminal', () => {
    const run = runCli(['validate', invalid, warned], tty)
    expect(run.stdout).toContain(ESC)
    expect(run.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toBe(
      runCli(['validate', invalid, warned]).stdout,
    )
  })

  it('is not used when the output is not a terminal', () => {
    expect(runCli(['validate', invalid, warned]).stdout).not.toContain(ESC)
  })

  it('is never used with NO_COLOR set', () => {
    const run = runCli(['validate', invalid], { ...tty, env: { NO_COLOR: '1' } })
    expect(run.stdout).not.toContain(ESC)
    expect(run.stdout).not.toBe('')
  })

  it('is used when NO_COLOR is empty (no-color.org)', () => {
    expect(runCli(['validate', invalid], { ...tty, env: { NO_COLOR: '' } }).stdout).toContain(ESC)
  })

  it('is never used with --no-color', () => {
    const run = runCli(['validate', '--no-color', invalid], tty)
    expect(run.stdout).not.toContain(ESC)
    expect(run.stdout).not.toBe('')
  })

  it.each(['json', 'junit', 'sarif'])('is never used in the %s report', (output) => {
    expect(runCli(['validate', '--output', output, invalid], tty).stdout).not.toContain(ESC)
  })
})

interface JsonReport {
  valid: boolean
  errors: number
  warnings: number
  diagnostics: {
    file: string
    line: number
    column: number
    severity: string
    code: string
    rule: string
    pointer: string
    path: string
    message: string
  }[]
}

describe('--output json', () => {
  it('carries every field of every diagnostic', () => {
    const run = runCli(['validate', '--output', 'json', invalid, warned])
    expect(run.status).toBe(1)
    const report = JSON.parse(run.stdout) as JsonReport
    expect(report).toEqual({
      valid: false,
      errors: 1,
      warnings: 1,
      diagnostics: [
        expect.objectContaining({
          file: invalid,
          line: 13,
          column: 21,
          severity: 'error',
          code: 'PU1203',
          rule: 'PORT_RANGE',
          pointer: '/spec/containers/0/ports/0/hostPort',
          path: 'spec.containers[0].ports[0].hostPort',
          message: '70000 is not a valid port (1-65535)',
        }),
        expect.objectContaining({
          file: warned,
          line: 9,
          column: 7,
          severity: 'warning',
          code: 'PU3001',
          rule: 'IGNORED_FIELD',
          pointer: '/spec/containers/0/readinessProbe',
        }),
      ],
    })
  })

  it('is a report even when there is nothing to say', () => {
    const run = runCli(['validate', '--output', 'json', valid])
    expect(run.status).toBe(0)
    expect(JSON.parse(run.stdout)).toEqual({ valid: true, errors: 0, warnings: 0, diagnostics: [] })
  })

  it('counts promoted warnings as errors with --strict', () => {
    const report = JSON.parse(
      runCli(['validate', '--strict', '--output', 'json', warned]).stdout,
    ) as JsonReport
    expect([report.valid, report.errors, report.warnings]).toEqual([false, 1, 0])
  })
})

interface Sarif {
  $schema: string
  version: string
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string }[] } }
    results: {
      ruleId: string
      level: string
      message: { text: string }
      locations: {
        physicalLocation: {
          artifactLocation: { uri: string }
          region: { startLine: number; startColumn: number }
        }
      }[]
    }[]
  }[]
}

describe('--output sarif', () => {
  it('is SARIF 2.1.0 with a rule, a level and a region for each finding', () => {
    const run = runCli(['validate', '--output', 'sarif', invalid, warned])
    expect(run.status).toBe(1)
    const sarif = JSON.parse(run.stdout) as Sarif
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/)
    expect(sarif.runs).toHaveLength(1)
    const [only] = sarif.runs
    expect(only?.tool.driver.name).toBe('podunit')
    expect(only?.tool.driver.rules.map((r) => r.id)).toEqual(['PU1203', 'PU3001'])
    expect(
      only?.results.map((r) => [
        r.ruleId,
        r.level,
        r.locations[0]?.physicalLocation.artifactLocation.uri,
        r.locations[0]?.physicalLocation.region.startLine,
        r.locations[0]?.physicalLocation.region.startColumn,
      ]),
    ).toEqual([
      ['PU1203', 'error', invalid, 13, 21],
      ['PU3001', 'warning', warned, 9, 7],
    ])
    for (const result of only?.results ?? []) expect(result.message.text).not.toBe('')
  })

  it('has an empty result list for a valid file', () => {
    const run = runCli(['validate', '--output', 'sarif', valid])
    expect(run.status).toBe(0)
    expect((JSON.parse(run.stdout) as Sarif).runs[0]?.results).toEqual([])
  })
})

/** Well-formed enough: every tag closed in order, every & an entity. */
function checkXml(text: string): void {
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true)
  const stack: string[] = []
  for (const match of text.matchAll(/<(\/?)([A-Za-z-]+)[^>]*?(\/?)>/g)) {
    const [, close, name = '', selfClosing] = match
    if (close === '/') expect(stack.pop()).toBe(name)
    else if (selfClosing !== '/') stack.push(name)
  }
  expect(stack).toEqual([])
  expect(text).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/)
}

describe('--output junit', () => {
  it('is XML with one test case per file and a failure per error', () => {
    const run = runCli(['validate', '--output', 'junit', invalid, badIp, warned, valid])
    expect(run.status).toBe(1)
    checkXml(run.stdout)
    expect(run.stdout).toMatch(/<testsuites [^>]*tests="4" failures="2"/)
    expect(run.stdout.match(/<testcase /g)).toHaveLength(4)
    expect(run.stdout.match(/<failure /g)).toHaveLength(3)
    expect(run.stdout).toContain(`<testcase name="${valid}" classname="podunit.validate"/>`)
    expect(run.stdout).toContain('type="PU1203"')
  })

  it('escapes what it quotes from the input', () => {
    const text = VALID.replace('name: valid\n', 'name: valid\n  labels:\n    tier: "a<b&c>"\n')
    const run = runCli(['validate', '--output', 'junit', '-'], { readStdin: () => text })
    expect(run.status).toBe(1)
    checkXml(run.stdout)
    expect(run.stdout).toContain('&quot;a&lt;b&amp;c&gt;&quot;')
  })

  it('has no failure for a valid file', () => {
    const run = runCli(['validate', '--output', 'junit', valid])
    expect(run.status).toBe(0)
    checkXml(run.stdout)
    expect(run.stdout).toMatch(/<testsuites [^>]*tests="1" failures="0"/)
  })
})

describe('no stack trace, whatever the input', () => {
  const corpus = readdirSync(CORPUS)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((name) => ({ name }))

  it.each(corpus)('validate and convert $name', ({ name }) => {
    for (const argv of [
      ['validate', corpusFile(name)],
      ['validate', '--output', 'sarif', corpusFile(name)],
      ['convert', '--stdout', corpusFile(name)],
    ]) {
      const run = runCli(argv)
      expect([0, 1]).toContain(run.status)
      expect(run.stderr).not.toContain('    at ')
      expect(run.stdout).not.toContain('    at ')
    }
  })

  it.each([
    { name: 'a bad number', argv: ['convert', '--restart-sec', 'soon', valid] },
    { name: 'an option without its value', argv: ['validate', valid, '--output'] },
    { name: 'a directory to convert into that is a file', argv: ['convert', '-o', valid, valid] },
    { name: 'nothing at all', argv: [] },
  ])('$name', ({ argv }) => {
    const run = runCli(argv)
    expect(run.status).toBe(2)
    expect(run.stderr).not.toContain('    at ')
  })
})

describe('convert reads what validate reads', () => {
  it('a directory argument: its YAML files, recursively', () => {
    const run = runCli(['convert', '--stdout', '--no-header', arg(join(ROOT, 'samples'))])
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    for (const unit of [
      'pod-my-pod.service',
      'pod-shop.service',
      'pod-web.service',
      'pod-api-pod.service',
    ])
      expect(run.stdout).toContain(`# ${unit}\n`)
  })

  it('an invalid file: exit 1, the same diagnostics on stderr, nothing on stdout', () => {
    const run = runCli(['convert', '--stdout', invalid])
    expect(run.status).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toBe(runCli(['validate', invalid]).stdout)
  })
})

describe('as a process: node bin/podunit', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    bin: { podunit: string }
  }
  const bin = join(ROOT, pkg.bin.podunit)

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist')))
      execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' })
  })

  function podunit(argv: readonly string[], options: { cwd?: string; input?: string } = {}) {
    const result = spawnSync(process.execPath, [bin, ...argv], {
      cwd: options.cwd ?? ROOT,
      input: options.input ?? '',
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '' },
      timeout: 30_000,
    })
    return { status: result.status, stdout: result.stdout, stderr: result.stderr }
  }

  it('exits 1 for an invalid file, names it as given, no colour into a pipe', () => {
    writeFileSync(join(work, 'bad.yaml'), corpusText('host-port-70000.yaml'))
    mkdirSync(join(work, 'sub'), { recursive: true })
    const run = podunit(['validate', './sub/../bad.yaml'], { cwd: work })
    expect(run).toEqual({
      status: 1,
      stdout:
        './sub/../bad.yaml:13:21: error PU1203: spec.containers[0].ports[0].hostPort: 70000 is not a valid port (1-65535)\n',
      stderr: '',
    })
  })

  it('exits 0 for a valid file', () => {
    expect(podunit(['validate', join(work, 'valid.yaml')])).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    })
  })

  it('reads standard input', () => {
    const run = podunit(['validate', '--output', 'json', '-'], { input: WARNING })
    expect(run.status).toBe(0)
    expect((JSON.parse(run.stdout) as JsonReport).diagnostics.map((d) => [d.file, d.code])).toEqual(
      [['-', 'PU3001']],
    )
  })

  it('exits 2 for a missing file and for a bad option, without a stack trace', () => {
    const missing = podunit(['validate', 'no-such-file.yaml'], { cwd: work })
    expect(missing).toEqual({
      status: 2,
      stdout: '',
      stderr: 'podunit: cannot read no-such-file.yaml: no such file or directory\n',
    })
    const usage = podunit(['validate', '--bogus', 'x.yaml'])
    expect(usage.status).toBe(2)
    expect(usage.stderr).not.toContain('    at ')
  })

  it('rejects the alias bomb quickly', () => {
    const start = Date.now()
    const run = podunit(['validate', join(CORPUS, 'alias-bomb.yaml')])
    expect(run.status).toBe(1)
    expect(run.stdout).toContain('error PU0003')
    expect(Date.now() - start).toBeLessThan(10_000)
  })
})

describe('help', () => {
  const commands = ['convert', 'validate', 'check', 'install', 'uninstall']

  it('aligns every usage line of podunit --help, none glued to its summary', () => {
    const run = runCli(['--help'])
    expect(run.status).toBe(0)
    const usage = run.stdout.split('\n\n')[1]?.split('\n').slice(1) ?? []
    const rows = usage.filter((line) => !line.includes('--help | --version'))
    expect(rows).toHaveLength(commands.length + 1) // and `completion`
    const columns = rows.map((line) => /^ {4}podunit \S.*?\S {2,}(?=\S)/.exec(line)?.[0].length)
    expect(columns.every((column) => column !== undefined && column === columns[0])).toBe(true)
    expect(run.stdout).not.toMatch(/FILE\.\.\.[A-Z]/)
  })

  it.each(commands)('%s --help: every option line has its text apart from the flag', (command) => {
    const run = runCli([command, '--help'])
    expect(run.status).toBe(0)
    const options = run.stdout.split('OPTIONS\n')[1]?.split('\n') ?? []
    for (const line of options.filter((l) => /^ {2}(-\w, )?--/.test(l))) {
      expect(line).toMatch(/^ {2}(-\w, | {4})--[\w-]+( \S+)? {2,}\S/)
    }
  })

  it('names 1.34 as the default Kubernetes version, and 1.32 and 1.30 as choices', () => {
    const run = runCli(['validate', '--help'])
    expect(run.stdout.replace(/\s+/g, ' ')).toContain(
      'Kubernetes API version of the schemas: 1.34, 1.32 or 1.30. (default: 1.34)',
    )
  })
})

describe('--kubernetes-version', () => {
  // An image volume is new in Kubernetes 1.31: unknown to the 1.30 schemas.
  const IMAGE_VOLUME = `apiVersion: v1
kind: Pod
metadata:
  name: img
spec:
  volumes:
    - name: tools
      image: {reference: quay.io/example/tools:1}
  containers:
    - name: app
      image: busybox
      volumeMounts: [{name: tools, mountPath: /tools}]
`
  it.each([
    { argv: [], status: 0, out: '' },
    { argv: ['--kubernetes-version', '1.34'], status: 0, out: '' },
    { argv: ['--kubernetes-version', 'v1.34.2'], status: 0, out: '' },
    { argv: ['--kubernetes-version', '1.32'], status: 0, out: '' },
    {
      argv: ['--kubernetes-version', '1.30'],
      status: 1,
      out: ':8:7: error PU1002: spec.volumes[0].image: unknown field "image"\n',
    },
  ])('$argv: exit $status', ({ argv, status, out }) => {
    const file = fixture('image-volume.yaml', IMAGE_VOLUME)
    const run = runCli(['validate', ...argv, file])
    expect(run.status).toBe(status)
    expect(run.stdout).toBe(out === '' ? '' : `${file}${out}`)
  })
})

describe('PU0010', () => {
  it.each([
    { text: 'kind: Pod\n', message: 'the document has no "apiVersion"' },
    { text: 'apiVersion: v1\n', message: 'the document has no "kind"' },
    { text: 'metadata: {name: a}\n', message: 'the document has no "apiVersion" and no "kind"' },
    {
      text: 'apiVersion: v1\nkind: [Pod]\n',
      message: 'the document has a "kind" that is not a string',
    },
    {
      text: 'apiVersion: 1\n',
      message: 'the document has an "apiVersion" that is not a string and no "kind"',
    },
  ])('names what is missing: $message', ({ text, message }) => {
    const file = fixture('pu0010.yaml', text)
    const run = runCli(['validate', file])
    expect(run.status).toBe(1)
    expect(run.stdout).toBe(`${file}:1:1: error PU0010: ${message}\n`)
  })
})

describe('a bare YAML 1.1 scalar where Kubernetes wants a string', () => {
  const pod = (value: string) => `apiVersion: v1
kind: Pod
metadata:
  name: hinted
spec:
  containers:
    - name: app
      image: nginx:1.27
      env:
        - {name: FLAG, value: ${value}}
`
  it.each([
    { value: 'yes', note: 'YAML reads an unquoted yes as the boolean true; quote it: "yes"' },
    { value: 'on', note: 'YAML reads an unquoted on as the boolean true; quote it: "on"' },
    { value: 'No', note: 'YAML reads an unquoted No as the boolean false; quote it: "No"' },
    { value: 'OFF', note: 'YAML reads an unquoted OFF as the boolean false; quote it: "OFF"' },
    {
      value: '0755',
      note: 'YAML reads an unquoted 0755 as an octal number, 493; quote it: "0755"',
    },
    { value: '1e3', note: 'YAML reads an unquoted 1e3 as a number; quote it: "1e3"' },
    { value: '8080', note: 'YAML reads an unquoted 8080 as a number; quote it: "8080"' },
  ])('$value: a note after the error says how to quote it', ({ value, note }) => {
    const file = fixture('hint.yaml', pod(value))
    const run = runCli(['validate', file])
    expect(run.status).toBe(1)
    const error = run.stdout.split('\n')[0] ?? ''
    expect(error).toMatch(
      new RegExp(`^${file}:10:31: error PU1003: spec\\.containers\\[0\\]\\.env\\[0\\]\\.value: `),
    )
    expect(run.stdout.split('\n')[1]).toBe(`${file}:10:31: note: ${note}`)
  })

  it.each([
    { raw: ' null', note: 'YAML reads an unquoted null as null; quote it: "null"' },
    { raw: ' ~', note: 'YAML reads an unquoted ~ as null; quote it: "~"' },
    { raw: '', note: 'YAML reads an empty value as null; write "" for an empty string' },
  ])('a required name given as "$raw": missing, and why', ({ raw, note }) => {
    const file = fixture(
      'hint-null.yaml',
      pod('x').replace('    - name: app\n', `    - name:${raw}\n`),
    )
    const run = runCli(['validate', file])
    expect(run.stdout).toBe(
      `${file}:7:7: error PU1001: spec.containers[0]: missing required field "name"\n` +
        `${file}:7:7: note: ${note}\n`,
    )
  })

  it('gives no hint for a quoted value or a mapping, and leaves a Secret value out', () => {
    const quoted = fixture('hint-none.yaml', pod('{a: b}'))
    expect(runCli(['validate', quoted]).stdout).not.toContain('note:')
    const secret = fixture(
      'hint-secret.yaml',
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: on\n',
    )
    expect(runCli(['validate', secret]).stdout).toBe(
      `${secret}:6:13: error PU1003: stringData.password: must be string (the value of a Secret is not shown)\n` +
        `${secret}:6:13: note: YAML reads this unquoted value as the boolean true; quote it to make it a string\n`,
    )
  })

  it('carries the note in the JSON output', () => {
    const file = fixture('hint-json.yaml', pod('yes'))
    const report = JSON.parse(runCli(['validate', '--output', 'json', file]).stdout) as unknown
    expect(JSON.stringify(report)).toContain(
      '"notes":["YAML reads an unquoted yes as the boolean true; quote it: \\"yes\\""]',
    )
  })
})
