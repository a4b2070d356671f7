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
 * PODUNIT_QUADLET_DUMP=1 prints the differences that the allow-list does not explain;
 * PODUNIT_QUADLET_CASES=<regexp> runs only the cases whose name it matches.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  KUBE_PLAY_ALLOWED,
  QUADLET_ALLOWED,
  type QuadletAllowedDifference,
} from './parity/quadlet-allow-list.js'
import { listQuadletCases, quadletDirOf, type GoldenCase } from './support/golden-cases.js'
import {
  compareSnapshots,
  sameValue,
  snapshotOf,
  type Difference,
  type Json,
  type PodSnapshot,
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
import { readPodUnits, readUnitDir } from './support/unit-parse.js'
import {
  kubePlayScript,
  quadletSide,
  replayScript,
  sh,
  unitsSide,
  type Side,
} from './support/replay5.js'

interface QuadletCase extends GoldenCase {
  readonly quadletDir: string
}

/** The cases of the kube play parity suite (test/parity/*.yaml), which kube play can play. */
const PARITY_PREFIX = 'parity-'

const CASES: readonly QuadletCase[] = listQuadletCases()
  .map((c) => ({ ...c, quadletDir: quadletDirOf(c.expectedDir) }))
  .filter(
    (c) => existsSync(c.quadletDir) && readdirSync(c.quadletDir).some((f) => f.endsWith('.pod')),
  )
  .filter((c) => new RegExp(process.env.PODUNIT_QUADLET_CASES ?? '').test(c.name))

const suite = suiteRequiring(`Quadlet parity (Podman ${PODMAN5_VERSION})`, [NEEDS_PODMAN5])

suite(`Quadlet files through Quadlet ${PODMAN5_VERSION}`, () => {
  let work = ''
  let release: (() => void) | undefined
  const generated = new Map<string, GeneratedPod>()
  const sides = new Map<string, { units: Side; quadlet: Side; kube?: Side }>()

  beforeAll(async () => {
    release = await acquirePodman5Lock()
    work = mkdtempSync(join(tmpdir(), 'podunit-quadlet-'))
    for (const c of CASES) {
      cpSync(c.quadletDir, join(work, 'cases', c.name), { recursive: true })
      const data = join(c.expectedDir, 'podunit-data')
      if (existsSync(data)) cpSync(data, join(work, 'data', c.name), { recursive: true })
    }
    mkdirSync(join(work, 'out'))
    mkdirSync(join(work, 'yaml'))
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
      const texts = readUnitDir(c.expectedDir)
      const units = unitsSide(readPodUnits(texts), texts)
      const quadlet = quadletSide(pod)
      // The kube play parity cases are played by kube play 5.4.2 too, first: it makes the
      // `*OrCreate` hostPath sources that the units expect to exist.
      const play = c.name.startsWith(PARITY_PREFIX)
        ? kubePlayScript(c.name, readFileSync(c.inputPath, 'utf8'), units.podName)
        : undefined
      if (play !== undefined) writeFileSync(join(work, 'yaml', `${c.name}.yaml`), play.text)
      const kube = play && { ...units, name: 'kube' as const }
      sides.set(c.name, { units, quadlet, ...(kube === undefined ? {} : { kube }) })
      const data = join(work, 'data', c.name)
      script.push(
        play?.script ?? 'rm -rf /PARITY_TMP',
        'rm -rf /etc/podunit/*',
        existsSync(data) ? `cp -a ${PODMAN5_WORK_MOUNT}/data/${c.name}/. /etc/podunit/` : '',
        replayScript(c.name, units),
        replayScript(c.name, quadlet),
        'podman volume prune -f > /dev/null 2>&1 || true',
      )
    }
    bashInPodman5(
      `mkdir -p /etc/podunit && mount -t tmpfs tmpfs /etc/podunit\n${script.join('\n')}`,
      { work, timeoutMs: 600_000 },
    )
    expect(sides.size).toBe(CASES.length)
  }, 600_000)

  /** One side of a case as replayed: its snapshot, or the first `Error:` line when podman failed. */
  function outcome(name: string, side: Side): PodSnapshot | string {
    const out = join(work, 'out', `${name}.${side.name}`)
    const log = readFileSync(`${out}.log`, 'utf8')
    if (log.includes('failed')) return firstError(log)
    const pod = JSON.parse(readFileSync(`${out}.pod.json`, 'utf8')) as Json
    const containers = JSON.parse(readFileSync(`${out}.containers.json`, 'utf8')) as Json[]
    return snapshotOf(side.podName, pod, containers, { placeholders: [], readFiles: false })
  }

  /**
   * The differences between two sides; a side that fails is one difference, object `(<side>)`,
   * field `error`, unless both fail alike.
   */
  function differencesOf(name: string, a: Side, b: Side): Difference[] {
    const [x, y] = [outcome(name, a), outcome(name, b)]
    if (typeof x !== 'string' && typeof y !== 'string') return compareSnapshots(x, y)
    if (x === y) return []
    const label = (side: Side) => `(${side.name === 'kube' ? 'kube play' : side.name})`
    return [
      ...(typeof x === 'string'
        ? [{ object: label(a), field: 'error', kubePlay: x, podunit: undefined }]
        : []),
      ...(typeof y === 'string'
        ? [{ object: label(b), field: 'error', kubePlay: undefined, podunit: y }]
        : []),
    ]
  }

  function expectExplained(
    name: string,
    against: 'units' | 'kube play',
    differences: readonly Difference[],
  ): void {
    const list = against === 'units' ? QUADLET_ALLOWED : KUBE_PLAY_ALLOWED
    const problems = unexplained(name, list, against, differences)
    if (problems.length > 0 && process.env.PODUNIT_QUADLET_DUMP === '1') {
      process.stderr.write(`${name} (${against}):\n${problems.map((p) => `  ${p}`).join('\n')}\n`)
    }
    expect(problems).toEqual([])
  }

  it.each(CASES)('$name: Quadlet makes the pod the units make', ({ name }) => {
    const pair = sides.get(name)
    expect(pair, 'replayed').toBeDefined()
    if (pair === undefined) return
    expectExplained(name, 'units', differencesOf(name, pair.units, pair.quadlet))
  })

  it.each(CASES.filter((c) => c.name.startsWith(PARITY_PREFIX)))(
    '$name: Quadlet makes the pod kube play makes',
    ({ name }) => {
      const sidesOf = sides.get(name)
      expect(sidesOf?.kube, 'played').toBeDefined()
      if (sidesOf?.kube === undefined) return
      expectExplained(name, 'kube play', differencesOf(name, sidesOf.kube, sidesOf.quadlet))
    },
  )
})

/** The first `Error:` line, with Podman's 64-digit IDs as `<id>`. */
function firstError(log: string): string {
  const line = log.split('\n').find((l) => l.startsWith('Error:')) ?? log.split('\n')[0] ?? ''
  return line.replace(/\b[0-9a-f]{64}\b/g, '<id>')
}

/**
 * Differences the allow-list does not explain exactly (`kubePlay` is the side compared with:
 * the units, or kube play), and entries of this case that no longer differ.
 */
function unexplained(
  name: string,
  list: readonly QuadletAllowedDifference[],
  against: string,
  differences: readonly Difference[],
): string[] {
  const problems: string[] = []
  const used = new Set<QuadletAllowedDifference>()
  for (const d of differences) {
    const entry = list.find(
      (e) => (e.case === undefined || e.case === name) && e.object(d.object) && e.field === d.field,
    )
    const show = `${d.object} ${d.field}: ${against} ${JSON.stringify(d.kubePlay)}, quadlet ${JSON.stringify(d.podunit)}`
    if (entry === undefined) problems.push(show)
    else if (!entry.values(d.kubePlay, d.podunit, sameValue))
      problems.push(`${show} (allowed otherwise)`)
    else used.add(entry)
  }
  for (const e of list) {
    if (e.case === name && !used.has(e)) problems.push(`${e.field}: allowed, but no longer differs`)
  }
  return problems
}
