/**
 * Writes that fail half-way. Whatever fails (a unit name taken by a directory, a data-file
 * directory taken by a file, a file system that fills up, a hard link refused in the middle of
 * the renames), convert exits 2 with a message that names the output directory, the files that
 * were there are byte for byte (and mode for mode) what they were, nothing new is left (no
 * directory it made, no `.*.tmp`, no `.*.old`).
 *
 * The tmpfs cases need `mount` (root in this namespace); they are skipped, with the reason, when it
 * is not available.
 */
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ROOT } from './support/golden-cases.js'
import { runCli } from './support/run-cli.js'
import { canMount } from './support/mount.js'
import { scratchDir } from './support/scratch.js'

const SEED = join(ROOT, 'samples/seed.yaml')
const SECRETS = join(ROOT, 'test/fixtures/configmap-secret.yaml')
const SEED_UNITS = [
  'container-my-pod-container-a.service',
  'container-my-pod-container-b.service',
  'pod-my-pod.service',
]

const scratch = scratchDir('podunit-output-failures-')
let out = ''
let serial = 0

/** Every entry under `root`: relative path → kind, mode and content. */
function snapshot(root: string): Record<string, string> {
  const entries: Record<string, string> = {}
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      const stat = lstatSync(path)
      const mode = (stat.mode & 0o7777).toString(8)
      if (stat.isDirectory()) {
        entries[`${prefix}${name}/`] = `dir ${mode}`
        walk(path, `${prefix}${name}/`)
      } else {
        entries[`${prefix}${name}`] = `file ${mode} ${readFileSync(path).toString('base64')}`
      }
    }
  }
  walk(root, '')
  return entries
}

function fresh(): string {
  out = join(scratch(), `out-${serial++}`)
  mkdirSync(out)
  return out
}

/** Old units, different from what convert writes, so that every one is replaced. */
function oldUnits(dir: string): void {
  for (const name of SEED_UNITS) writeFileSync(join(dir, name), `# ${name}\n# old content\n`)
  chmodSync(join(dir, 'pod-my-pod.service'), 0o640)
}

/** The failure as it must look: exit 2, one line naming the directory, no output. */
function expectFailure(run: ReturnType<typeof runCli>, dir: string, reason: RegExp): void {
  expect(run.status).toBe(2)
  expect(run.stdout).toBe('')
  const [line, ...rest] = run.stderr.split('\n')
  expect(rest).toEqual([''])
  expect(line).toMatch(new RegExp(`^podunit: cannot write to ${dir.replaceAll('/', '\\/')}: `))
  expect(line).toMatch(reason)
}

function leftovers(root: string): string[] {
  return Object.keys(snapshot(root)).filter((p) => /(^|\/)\.[^/]+\.(tmp|old)$/.test(p))
}

describe('a write that fails half-way', () => {
  it('a unit name taken by a directory (the last unit): the others are not replaced', () => {
    const dir = fresh()
    oldUnits(dir)
    rmSync(join(dir, 'pod-my-pod.service'))
    mkdirSync(join(dir, 'pod-my-pod.service'))
    writeFileSync(join(dir, 'pod-my-pod.service/keep'), 'inside\n')
    const before = snapshot(dir)
    const run = runCli(['convert', '-o', dir, SEED])
    expectFailure(run, dir, /./)
    expect(snapshot(dir)).toEqual(before)
    expect(leftovers(dir)).toEqual([])
  })

  // BUG: the reason is lost: "cannot write to DIR: EEXIST" (reason() keeps only the code of the
  // error that says "<file> is not a regular file"). It should name the file.
  it('says which file is in the way, not "EEXIST"', () => {
    const dir = fresh()
    mkdirSync(join(dir, 'pod-my-pod.service'))
    const run = runCli(['convert', '-o', dir, SEED])
    expectFailure(run, dir, /pod-my-pod\.service is not a regular file/)
  })

  it('a unit name taken by a directory (the first unit): nothing written at all', () => {
    const dir = fresh()
    mkdirSync(join(dir, 'container-my-pod-container-a.service'))
    const before = snapshot(dir)
    const run = runCli(['convert', '-o', dir, SEED])
    expectFailure(run, dir, /./)
    expect(snapshot(dir)).toEqual(before)
  })

  it('a unit name taken by a symlink: refused, the link and its target untouched', () => {
    const dir = fresh()
    oldUnits(dir)
    const target = join(scratch(), `elsewhere-${serial}`)
    writeFileSync(target, 'not ours\n')
    rmSync(join(dir, 'pod-my-pod.service'))
    spawnSync('ln', ['-s', target, join(dir, 'pod-my-pod.service')])
    const before = snapshot(dir)
    const run = runCli(['convert', '-o', dir, SEED])
    expectFailure(run, dir, /./)
    expect(snapshot(dir)).toEqual(before)
    expect(readFileSync(target, 'utf8')).toBe('not ours\n')
  })

  it('a rename refused half-way through the commit (chattr +i): the renamed units are restored', () => {
    // The commit links each old unit to a backup, then renames the new one over it. An immutable
    // second unit refuses the link after the first unit was replaced: that one must come back.
    const dir = fresh()
    oldUnits(dir)
    const immutable = join(dir, 'container-my-pod-container-a.service')
    const chattr = spawnSync('chattr', ['+i', immutable], { encoding: 'utf8' })
    if (chattr.status !== 0) {
      process.stderr.write(`SKIPPED chattr +i case: ${chattr.stderr || chattr.error?.message}\n`)
      return
    }
    try {
      const before = snapshot(dir)
      const run = runCli(['convert', '-o', dir, SEED])
      expectFailure(run, dir, /operation not permitted/)
      expect(snapshot(dir)).toEqual(before)
      expect(leftovers(dir)).toEqual([])
    } finally {
      spawnSync('chattr', ['-i', immutable])
    }
  })

  it('the data-file directory taken by a file: units not replaced, no directory left', () => {
    const dir = fresh()
    writeFileSync(join(dir, 'pod-app.service'), 'old\n')
    writeFileSync(join(dir, 'podunit-data'), 'a file, not a directory\n')
    const before = snapshot(dir)
    const run = runCli(['convert', '-o', dir, SECRETS])
    expectFailure(run, dir, /not a directory/)
    expect(snapshot(dir)).toEqual(before)
  })

  // BUG: the undo step removes each temporary file with rmSync({ force: true }), which still
  // throws ENOTDIR for a path under a file: the undo stops there (podunit-data/app/configmaps/site/
  // made for index.html stays behind) and cli() throws: "internal error".
  it('a data-file subdirectory taken by a file, deeper: exit 2, the directories made are removed', () => {
    const dir = fresh()
    mkdirSync(join(dir, 'podunit-data/app/secrets'), { recursive: true })
    writeFileSync(join(dir, 'podunit-data/app/secrets/tls'), 'in the way\n', { mode: 0o600 })
    writeFileSync(join(dir, 'podunit-data/app/web.env'), 'OLD=1\n', { mode: 0o600 })
    const before = snapshot(dir)
    const run = runCli(['convert', '-o', dir, SECRETS])
    expectFailure(run, dir, /not a directory/)
    // podunit-data/app/configmaps/ was made for index.html before the failure: gone again.
    expect(snapshot(dir)).toEqual(before)
  })
})

// ---------------------------------------------------------------------------------------------
// A file system that fills up, or runs out of inodes half-way through the renames.

const mountable = canMount()
if (mountable !== true) process.stderr.write(`SKIPPED tmpfs output failures: ${mountable}\n`)

describe.skipIf(mountable !== true)('a small tmpfs as the output directory', () => {
  const mounted: string[] = []
  afterEach(() => {
    for (const dir of mounted.splice(0)) spawnSync('umount', [dir])
  })
  function tmpfs(options: string): string {
    const dir = fresh()
    const result = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], {
      encoding: 'utf8',
    })
    if (result.status !== 0) throw new Error(`mount: ${result.stderr}`)
    mounted.push(dir)
    return dir
  }

  it('no inode left for the second temporary file: exit 2, nothing changed', () => {
    // root + 3 old units + 1 free inode: the first temporary file fits, the second does not.
    const dir = tmpfs('size=1m,nr_inodes=5')
    oldUnits(dir)
    const before = snapshot(dir)
    const run = runCli(['convert', '-o', dir, SEED])
    expectFailure(run, dir, /no space left on device/)
    expect(snapshot(dir)).toEqual(before)
    expect(leftovers(dir)).toEqual([])
  })

  it('check --fix that cannot write: exit 2, the directory unchanged', () => {
    const dir = tmpfs('size=1m,nr_inodes=5')
    oldUnits(dir)
    const before = snapshot(dir)
    const run = runCli(['check', '--fix', '-o', dir, SEED])
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(new RegExp(`^podunit: cannot write to ${dir}: `))
    expect(snapshot(dir)).toEqual(before)
  })

  it('with room for everything, the same directory is written', () => {
    const dir = tmpfs('size=1m,nr_inodes=16')
    oldUnits(dir)
    const run = runCli(['convert', '-o', dir, SEED])
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(readdirSync(dir).sort()).toEqual(SEED_UNITS)
    expect(leftovers(dir)).toEqual([])
  })

  // BUG: writeNew ignores the count fs.writeSync returns. On a file system that fills up the
  // kernel writes what fits and returns a short count: podunit commits a truncated file (57,344 of
  // 204,800 bytes here) and exits 0. It must write the rest, get ENOSPC, undo, and exit 2.
  it('fills up while writing a data file: exit 2, old units byte for byte', () => {
    const dir = tmpfs('size=64k')
    oldUnits(dir)
    const before = snapshot(dir)
    const run = runCli(['convert', '-o', dir, bigPod()])
    expectFailure(run, dir, /no space left on device/)
    expect(snapshot(dir)).toEqual(before)
    expect(leftovers(dir)).toEqual([])
  })

  it('fills up in a new output directory: exit 2, the directory made for the run removed', () => {
    const parent = tmpfs('size=64k')
    const dir = join(parent, 'new')
    const run = runCli(['convert', '-o', dir, bigPod()])
    expectFailure(run, dir, /no space left on device/)
    expect(readdirSync(parent)).toEqual([])
  })

  // BUG: install writes the data directory (and commits it) before the unit directory; when the
  // units cannot be written, the data files, Secret values included, stay behind, and
  // installed.json does not list them, so uninstall will not remove them either.
  it('install into a read-only unit directory changes nothing in the data directory', () => {
    const units = tmpfs('size=64k,ro')
    const data = fresh()
    const run = runCli(['install', '--system', '--unit-dir', units, '--data-dir', data, SECRETS], {
      runCommand: () => ({ status: 0, stderr: '' }),
    })
    expect(run.status).toBe(2)
    expect(snapshot(data)).toEqual({})
  })
})

/** The seed pod with a 200 KiB ConfigMap mounted: its data file does not fit in 64 KiB. */
function bigPod(): string {
  const path = join(scratch(), `big-${serial++}.yaml`)
  writeFileSync(
    path,
    `apiVersion: v1
kind: ConfigMap
metadata:
  name: big
data:
  blob: ${'x'.repeat(200 * 1024)}
---
apiVersion: v1
kind: Pod
metadata:
  name: my-pod
spec:
  volumes:
    - name: big
      configMap:
        name: big
  containers:
    - name: container-a
      image: centos
      command: [top]
      tty: true
      volumeMounts:
        - name: big
          mountPath: /big
    - name: container-b
      image: centos
      command: [top]
      tty: true
`,
  )
  return path
}
