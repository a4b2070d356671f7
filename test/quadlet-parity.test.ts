/**
 * Quadlet parity, on the Podman 5.4.2 root (test/podman5/): for every golden case's Quadlet files
 * (`expected-quadlet/`, written by test/golden.test.ts),
 *
 * (a) the real Quadlet generator of Podman 5.4.2 turns them into units with no warning and no
 *     error (all cases in one run of the generator);
 * (b) `systemd-analyze verify` of systemd 257 accepts every unit it wrote, without a word;
 * (c) the `podman pod create` and `podman run` commands of those units, read back as argv
 *     (test/support/quadlet-read.ts: some flag groups come out in a random order, so argv are
 *     compared, never bytes), are replayed in the root, and so are the commands of the same case's
 *     units (`expected/`, read back as test/replay.test.ts does); `podman inspect` of the two pods
 *     must be equal, field by field (test/support/inspect.ts), except for the differences listed
 *     in test/parity/quadlet-allow-list.ts with their reasons. The list is exact, as for the
 *     kube play parity suite.
 *
 * Cases whose Quadlet output is a refusal (`expected-quadlet/diagnostics.txt` with an error and no
 * files) have nothing to prove here; the golden test pins the refusal.
 *
 * PODUNIT_QUADLET_DUMP=1 prints the differences that the allow-list does not explain.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { QUADLET_ALLOWED, type QuadletAllowedDifference } from './parity/quadlet-allow-list.js'
import { listGoldenCases, quadletDirOf, type GoldenCase } from './support/golden-cases.js'
import {
  compareSnapshots,
  sameValue,
  snapshotOf,
  type Difference,
  type Json,
} from './support/inspect.js'
import {
  NEEDS_PODMAN5,
  PODMAN5_VERSION,
  PODMAN5_WORK_MOUNT,
  acquirePodman5Lock,
  bashInPodman5,
} from './support/podman5.js'
import { suiteRequiring } from './support/podman.js'
import { readGeneratedPod, type GeneratedPod } from './support/quadlet-read.js'
import { readPodUnits, readUnitDir, type PodUnits } from './support/unit-parse.js'

interface QuadletCase extends GoldenCase {
  readonly quadletDir: string
}

const CASES: readonly QuadletCase[] = listGoldenCases()
  .map((c) => ({ ...c, quadletDir: quadletDirOf(c.expectedDir) }))
  .filter(
    (c) => existsSync(c.quadletDir) && readdirSync(c.quadletDir).some((f) => f.endsWith('.pod')),
  )

/** One shell word. */
function sh(arg: string): string {
  return `'${arg.replaceAll("'", `'\\''`)}'`
}

/** Sources of `-v`/`--volume` that are host paths: they must exist before `podman create`. */
function bindSources(args: readonly string[]): string[] {
  const out: string[] = []
  args.forEach((arg, i) => {
    const value = arg === '-v' || arg === '--volume' ? args[i + 1] : undefined
    const source = value?.split(':')[0] ?? ''
    if (source.startsWith('/')) out.push(source)
  })
  return out
}

interface Side {
  readonly name: 'units' | 'quadlet'
  readonly podName: string
  readonly createArgs: readonly string[]
  readonly containers: readonly (readonly string[])[]
}

function unitsSide(read: PodUnits): Side {
  return {
    name: 'units',
    podName: read.pod.podName,
    createArgs: read.pod.createArgs,
    containers: read.containers.map((c) => c.runArgs),
  }
}

function quadletSide(read: GeneratedPod): Side {
  return {
    name: 'quadlet',
    podName: read.podName,
    createArgs: read.createArgs.filter((a) => a !== '--exit-policy=stop'),
    containers: read.containers.map((c) => c.runArgs),
  }
}

/** Makes one side's pod in the root and writes its inspect output to out/<case>.<side>.*.json. */
function replayScript(name: string, side: Side): string {
  const out = `out/${name}.${side.name}`
  const sources = [...new Set(side.containers.flatMap(bindSources))]
  const steps = [
    ...sources.map((s) => `[ -e ${sh(s)} ] || mkdir -p ${sh(s)}`),
    ...[
      ['podman', 'pod', 'create', '--exit-policy=stop', ...side.createArgs],
      ...side.containers.map((args) => ['podman', 'create', '--pod', side.podName, ...args]),
    ].map((argv) => `${argv.map(sh).join(' ')} > /dev/null`),
    `podman pod inspect ${sh(side.podName)} > ${out}.pod.json`,
    `podman inspect $(podman pod inspect ${sh(side.podName)} --format '{{range .Containers}}{{.Id}} {{end}}') > ${out}.containers.json`,
  ]
  return [
    `( set -e\n  ${steps.join('\n  ')}\n) > ${out}.log 2>&1 || echo failed >> ${out}.log`,
    `podman pod rm -f --ignore ${sh(side.podName)} > /dev/null 2>&1 || true`,
  ].join('\n')
}

const suite = suiteRequiring(`Quadlet parity (Podman ${PODMAN5_VERSION})`, [NEEDS_PODMAN5])

suite(`Quadlet files through Quadlet ${PODMAN5_VERSION}`, () => {
  let work = ''
  let release: (() => void) | undefined
  const generated = new Map<string, GeneratedPod>()
  const sides = new Map<string, { units: Side; quadlet: Side }>()

  beforeAll(async () => {
    release = await acquirePodman5Lock()
    work = mkdtempSync(join(tmpdir(), 'podunit-quadlet-'))
    for (const c of CASES) {
      cpSync(c.quadletDir, join(work, 'cases', c.name), { recursive: true })
      const data = join(c.expectedDir, 'podunit-data')
      if (existsSync(data)) cpSync(data, join(work, 'data', c.name), { recursive: true })
    }
    mkdirSync(join(work, 'out'))
    // (a) every case through the generator, in one call; then (b) verify what it wrote.
    bashInPodman5(
      `for c in cases/*; do n=\${c#cases/}; mkdir -p gen/$n
  QUADLET_UNIT_DIRS=${PODMAN5_WORK_MOUNT}/$c /usr/libexec/podman/quadlet -no-kmsg-log gen/$n > out/$n.generator 2>&1
  echo $? >> out/$n.generator.status; done`,
      { work },
    )
  }, 300_000)

  afterAll(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true })
    release?.()
  })

  it.each(CASES)('$name: the generator takes the files without a word', ({ name }) => {
    expect(readFileSync(join(work, 'out', `${name}.generator`), 'utf8')).toBe('')
    expect(readFileSync(join(work, 'out', `${name}.generator.status`), 'utf8')).toBe('0\n')
    const pod = readGeneratedPod(join(work, 'gen', name))
    const files = readdirSync(join(work, 'cases', name))
    expect(pod.containers.length).toBe(files.filter((f) => f.endsWith('.container')).length)
    generated.set(name, pod)
  })

  it('systemd-analyze verify (systemd 257) accepts every unit the generator wrote', () => {
    const units = CASES.flatMap((c) =>
      readdirSync(join(work, 'gen', c.name))
        .filter((f) => f.endsWith('.service'))
        .map((f) => `gen/${c.name}/${f}`),
    )
    expect(units.length).toBeGreaterThan(CASES.length)
    // Stubs for the user's own dependencies (generate-options: --wants/--after/--requires).
    const result = bashInPodman5(
      `for u in a.service c.service; do printf '[Service]\\nExecStart=/bin/true\\n' > /etc/systemd/system/$u; done
  printf '[Unit]\\n' > /etc/systemd/system/b.target
  trap 'rm -f /etc/systemd/system/a.service /etc/systemd/system/c.service /etc/systemd/system/b.target' EXIT
  SYSTEMD_LOG_COLOR=0 systemd-analyze verify --man=no ${units.map(sh).join(' ')}`,
      { work, allowFailure: true },
    )
    expect(result.stderr + result.stdout).toBe('')
    expect(result.status).toBe(0)
  })

  it('replays the Quadlet and the units commands of every case in the root', () => {
    const script: string[] = []
    for (const c of CASES) {
      const pod = generated.get(c.name)
      if (pod === undefined) continue
      const pair = {
        units: unitsSide(readPodUnits(readUnitDir(c.expectedDir))),
        quadlet: quadletSide(pod),
      }
      sides.set(c.name, pair)
      const data = join(work, 'data', c.name)
      script.push(
        'rm -rf /etc/podunit/*',
        existsSync(data) ? `cp -a ${PODMAN5_WORK_MOUNT}/data/${c.name}/. /etc/podunit/` : '',
        replayScript(c.name, pair.units),
        replayScript(c.name, pair.quadlet),
        'podman volume prune -f > /dev/null 2>&1 || true',
      )
    }
    bashInPodman5(
      `mkdir -p /etc/podunit && mount -t tmpfs tmpfs /etc/podunit\n${script.join('\n')}`,
      { work, timeoutMs: 600_000 },
    )
    expect(sides.size).toBe(CASES.length)
  }, 600_000)

  it.each(CASES)('$name: Quadlet makes the pod the units make', ({ name }) => {
    const pair = sides.get(name)
    expect(pair, 'replayed').toBeDefined()
    if (pair === undefined) return
    const snap = (side: Side) => {
      const out = join(work, 'out', `${name}.${side.name}`)
      const log = readFileSync(`${out}.log`, 'utf8')
      expect(log, `${side.name}: podman`).not.toContain('failed')
      const pod = JSON.parse(readFileSync(`${out}.pod.json`, 'utf8')) as Json
      const containers = JSON.parse(readFileSync(`${out}.containers.json`, 'utf8')) as Json[]
      return snapshotOf(side.podName, pod, containers, { placeholders: [], readFiles: false })
    }
    const differences = compareSnapshots(snap(pair.units), snap(pair.quadlet))
    const problems = unexplained(name, differences)
    if (problems.length > 0 && process.env.PODUNIT_QUADLET_DUMP === '1') {
      process.stderr.write(`${name}:\n${problems.map((p) => `  ${p}`).join('\n')}\n`)
    }
    expect(problems).toEqual([])
  })
})

/**
 * Differences the allow-list does not explain exactly (units = the `kubePlay` side of the
 * comparison), and entries of this case that no longer differ.
 */
function unexplained(name: string, differences: readonly Difference[]): string[] {
  const problems: string[] = []
  const used = new Set<QuadletAllowedDifference>()
  for (const d of differences) {
    const entry = QUADLET_ALLOWED.find(
      (e) => (e.case === undefined || e.case === name) && e.object(d.object) && e.field === d.field,
    )
    const show = `${d.object} ${d.field}: units ${JSON.stringify(d.kubePlay)}, quadlet ${JSON.stringify(d.podunit)}`
    if (entry === undefined) problems.push(show)
    else if (!entry.values(d.kubePlay, d.podunit, sameValue))
      problems.push(`${show} (allowed otherwise)`)
    else used.add(entry)
  }
  for (const e of QUADLET_ALLOWED) {
    if (e.case === name && !used.has(e)) problems.push(`${e.field}: allowed, but no longer differs`)
  }
  return problems
}
