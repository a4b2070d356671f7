/**
 * Semantic parity with `podman kube play` (Podman 4.3.1): for every `test/parity/<case>.yaml`,
 *
 * (a) `podman kube play --start=false` makes the pod; `podman inspect` the pod and its containers;
 * (b) `convert()` writes our units (and the data files, under a scratch data directory); the units
 *     are read back into `podman pod create` / `podman create --pod` arguments (unit-parse.ts, as
 *     the replay test does; `--restart` is the unit's `Restart=`, which is what systemd applies),
 *     those commands make the pod; `podman inspect` the same objects;
 *
 * and the normalized projections (test/support/inspect.ts) must be equal, field by field, except
 * for the differences listed in test/parity/allow-list.ts, each with its reason. The list is
 * exact: a listed difference whose values are not exactly the ones listed fails the case, and so
 * does one that no longer differs. A side that fails outright is a difference too: object
 * `(kube play)` or `(podunit)`, field `error`, value the first `Error:` line.
 *
 * What kube play is given, where 4.3.1 cannot take the YAML as it is:
 * - `/PARITY_TMP` in a case stands for a scratch directory (hostPath sources). hostPath sources
 *   of type Directory, File or unset are made first; `*OrCreate` ones are made by kube play and
 *   then left for our commands (a unit needs them to exist, see the README).
 * - DaemonSet, ReplicaSet, StatefulSet and Job ("YAML document does not contain any supported
 *   kube kind" in 4.3.1) are played as the equivalent Pod, as newer kube play builds it: named
 *   `<name>-pod`, the template's labels and spec, the workload's own annotations.
 * - A `Secret` document is stored by 4.3.1 as YAML, which its env lookup then cannot read ("secret
 *   is not valid JSON"); the test stores it in the form 4.3.1 reads (`podman secret create` of a
 *   JSON object of base64 values) and leaves the document out. A secret *volume* makes 4.3.1 panic
 *   (nil pointer in VolumeFromSecret), so kube play is given the pod without secret volumes.
 *
 * PODUNIT_PARITY_DUMP=1 prints the differences that the allow-list does not explain, in its syntax;
 * PODUNIT_PARITY_SHOW=<case> prints both projections of that case.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { parseAllDocuments, stringify } from 'yaml'
import { convert } from '../src/index.js'
import type { KubernetesVersion } from '../src/index.js'
import { ALLOWED, type AllowedDifference } from './parity/allow-list.js'
import { RUNTIME_PROBES } from './parity/runtime-probes.js'
import {
  compareSnapshots,
  sameValue,
  snapshotPod,
  type Difference,
  type PodSnapshot,
} from './support/inspect.js'
import {
  NEEDS_PODMAN,
  NEEDS_ROOT,
  NEEDS_TEST_IMAGE,
  REPO_ROOT,
  acquirePodmanLock,
  podman,
  removeContainers,
  suiteRequiring,
} from './support/podman.js'
import { entriesOf, parseUnitFile } from './support/systemd-unquote.js'
import { readPodUnits } from './support/unit-parse.js'

const CASES_DIR = join(REPO_ROOT, 'test/parity')
const TMP_PLACEHOLDER = '/PARITY_TMP'
/** Kinds that `podman kube play` 4.3.1 refuses. */
const NOT_PLAYABLE = new Set(['DaemonSet', 'ReplicaSet', 'StatefulSet', 'Job'])

const CASES: readonly string[] = readdirSync(CASES_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length))
  .sort()

type Doc = Record<string, unknown>

const asDoc = (value: unknown): Doc => (value ?? {}) as Doc
const asDocs = (value: unknown): Doc[] => (value ?? []) as Doc[]

/** The pod spec of a Pod or of a workload's template (the object itself, not a copy). */
function podSpecOf(doc: Doc): Doc | undefined {
  if (doc['kind'] === 'Pod') return asDoc(doc['spec'])
  const template = asDoc(doc['spec'])['template']
  return template === undefined ? undefined : asDoc(asDoc(template)['spec'])
}

/**
 * A workload that kube play 4.3.1 cannot play, as the Pod newer kube play makes of it; a
 * StatefulSet's claim templates become the persistentVolumeClaim volumes of replica 0's claims.
 */
function equivalentPod(doc: Doc): Doc {
  const metadata = asDoc(doc['metadata'])
  const template = asDoc(asDoc(doc['spec'])['template'])
  const labels = asDoc(template['metadata'])['labels']
  const claims = asDocs(asDoc(doc['spec'])['volumeClaimTemplates']).map((t) => {
    const name = String(asDoc(t['metadata'])['name'])
    const claimName = `${name}-${String(metadata['name'])}-0`
    return { name, persistentVolumeClaim: { claimName } }
  })
  if (claims.length > 0) {
    const spec = asDoc(template['spec'])
    spec['volumes'] = [...asDocs(spec['volumes']), ...claims]
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${String(metadata['name'])}-pod`,
      ...(labels === undefined ? {} : { labels }),
      ...(metadata['annotations'] === undefined ? {} : { annotations: metadata['annotations'] }),
    },
    spec: template['spec'],
  }
}

/** The `--kubernetes-version` of the case's golden `args.json`, which the golden test uses too. */
function kubernetesVersionOf(name: string): KubernetesVersion | undefined {
  const file = join(REPO_ROOT, 'test/golden', `parity-${name}`, 'args.json')
  if (!existsSync(file)) return undefined
  const args = JSON.parse(readFileSync(file, 'utf8')) as string[]
  const i = args.indexOf('--kubernetes-version')
  return i < 0 ? undefined : (args[i + 1] as KubernetesVersion)
}

/** A Secret as 4.3.1's env lookup reads a podman secret: JSON, every value base64. */
function secretJson(doc: Doc): string {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(asDoc(doc['data']))) out[k] = String(v)
  for (const [k, v] of Object.entries(asDoc(doc['stringData']))) {
    out[k] = Buffer.from(String(v), 'utf8').toString('base64')
  }
  return JSON.stringify(out)
}

/** Leaves out secret volumes and their mounts (4.3.1 panics on them); says which it left out. */
function withoutSecretVolumes(spec: Doc): string[] {
  const volumes = asDocs(spec['volumes'])
  const secret = new Set(volumes.filter((v) => v['secret'] !== undefined).map((v) => v['name']))
  if (secret.size === 0) return []
  spec['volumes'] = volumes.filter((v) => !secret.has(v['name']))
  for (const list of ['initContainers', 'containers']) {
    for (const c of asDocs(spec[list])) {
      const mounts = asDocs(c['volumeMounts'])
      if (mounts.length > 0) c['volumeMounts'] = mounts.filter((m) => !secret.has(m['name']))
    }
  }
  return [...secret].map(String)
}

interface KubePlayInput {
  readonly text: string
  /** name → `podman secret create` contents. */
  readonly secrets: ReadonlyMap<string, string>
  readonly notes: readonly string[]
}

function kubePlayInput(docs: readonly Doc[]): KubePlayInput {
  const secrets = new Map<string, string>()
  const notes: string[] = []
  const out: Doc[] = []
  for (const original of docs) {
    const doc = structuredClone(original)
    if (doc['kind'] === 'Secret') {
      secrets.set(String(asDoc(doc['metadata'])['name']), secretJson(doc))
      continue
    }
    const play = NOT_PLAYABLE.has(String(doc['kind'])) ? equivalentPod(doc) : doc
    if (play !== doc) notes.push(`the equivalent Pod of the ${String(doc['kind'])}`)
    const spec = podSpecOf(play)
    const left = spec === undefined ? [] : withoutSecretVolumes(spec)
    if (left.length > 0) notes.push(`without secret volume ${left.join(', ')}`)
    out.push(play)
  }
  if (secrets.size > 0) notes.push(`secret ${[...secrets.keys()].join(', ')} as JSON`)
  return { text: out.map((d) => stringify(d)).join('---\n'), secrets, notes }
}

interface HostPathVolume {
  readonly path: string
  readonly type: string
  /** subPaths mounted from it. */
  readonly subPaths: readonly string[]
}

function hostPathsOf(spec: Doc): HostPathVolume[] {
  const containers = [...asDocs(spec['initContainers']), ...asDocs(spec['containers'])]
  return asDocs(spec['volumes']).flatMap((v) => {
    const hostPath = v['hostPath'] as { path: string; type?: string } | undefined
    if (hostPath === undefined) return []
    const subPaths = containers.flatMap((c) =>
      asDocs(c['volumeMounts'])
        .filter((m) => m['name'] === v['name'] && typeof m['subPath'] === 'string')
        .map((m) => String(m['subPath'])),
    )
    return [{ path: hostPath.path, type: hostPath.type ?? '', subPaths }]
  })
}

/**
 * Makes the sources below the scratch directory that must exist before anything is created (not
 * the `*OrCreate` ones); other paths (`/dev/null`) are the host's.
 */
function makeHostPaths(volumes: readonly HostPathVolume[], scratch: string): void {
  for (const v of volumes) {
    if (v.type.endsWith('OrCreate') || !v.path.startsWith(`${scratch}/`)) continue
    if (v.type === 'File') {
      mkdirSync(dirname(v.path), { recursive: true })
      writeFileSync(v.path, 'from the host\n')
      continue
    }
    mkdirSync(v.path, { recursive: true })
    writeFileSync(join(v.path, 'host-file'), 'from the host\n')
    for (const sub of v.subPaths) {
      mkdirSync(join(v.path, sub), { recursive: true })
      writeFileSync(join(v.path, sub, 'sub-file'), `from ${sub}\n`)
    }
  }
}

interface StoreState {
  readonly volumes: ReadonlySet<string>
  readonly secrets: ReadonlySet<string>
}

function storeState(): StoreState {
  const names = (args: string[]) =>
    new Set(
      podman(args)
        .stdout.split('\n')
        .filter((l) => l !== ''),
    )
  return {
    volumes: names(['volume', 'ls', '--format', '{{.Name}}']),
    secrets: names(['secret', 'ls', '--format', '{{.Name}}']),
  }
}

/** Removes the volumes and secrets made since `before` (kube play and podman create make them). */
function restoreStore(before: StoreState): void {
  const now = storeState()
  const volumes = [...now.volumes].filter((v) => !before.volumes.has(v))
  const secrets = [...now.secrets].filter((s) => !before.secrets.has(s))
  if (volumes.length > 0) podman(['volume', 'rm', '-f', ...volumes])
  if (secrets.length > 0) podman(['secret', 'rm', ...secrets])
}

function writeDataFiles(dataDir: string, files: ReturnType<typeof convert>['dataFiles']): void {
  for (const file of files) {
    const path = join(dataDir, file.path)
    mkdirSync(dirname(path), { recursive: true, mode: file.mode & 0o077 ? 0o755 : 0o700 })
    writeFileSync(path, file.content)
    chmodSync(path, file.mode)
  }
}

/** The `Restart=` of a container unit, as the `--restart` systemd's behaviour stands for. */
function unitRestart(text: string): string[] {
  const value = entriesOf(parseUnitFile(text), 'Service', 'Restart').at(-1)?.value
  return value === undefined ? [] : ['--restart', value]
}

/** The first `Error:` line of a failed podman command. */
function errorLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.split('\n').find((l) => l.startsWith('Error:')) ?? text.split('\n')[0] ?? ''
}

function showValue(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value)
}

function dumpEntry(name: string, d: Difference): string {
  return [
    '  {',
    `    case: ${JSON.stringify(name)},`,
    `    object: ${JSON.stringify(d.object)},`,
    `    field: ${JSON.stringify(d.field)},`,
    `    kubePlay: ${showValue(d.kubePlay)},`,
    `    podunit: ${showValue(d.podunit)},`,
    '    reason: WHY.TODO,',
    '  },',
  ].join('\n')
}

/** The differences that the allow-list does not explain exactly, as messages. */
function unexplainedBy(
  allowed: readonly AllowedDifference[],
  differences: readonly Difference[],
): { problems: string[]; unexplained: Difference[] } {
  const problems: string[] = []
  const unexplained: Difference[] = []
  const matched = new Set<AllowedDifference>()
  for (const d of differences) {
    const entry = allowed.find((e) => e.object === d.object && e.field === d.field)
    if (entry === undefined) {
      unexplained.push(d)
      problems.push(
        `${d.object} ${d.field}: kube play ${showValue(d.kubePlay)}, podunit ${showValue(d.podunit)}`,
      )
      continue
    }
    matched.add(entry)
    if (!sameValue(entry.kubePlay, d.kubePlay) || !sameValue(entry.podunit, d.podunit)) {
      problems.push(
        `${d.object} ${d.field}: allowed kube play ${showValue(entry.kubePlay)} / podunit ${showValue(entry.podunit)}, got ${showValue(d.kubePlay)} / ${showValue(d.podunit)}`,
      )
    }
  }
  for (const e of allowed) {
    if (!matched.has(e)) problems.push(`${e.object} ${e.field}: allowed, but no longer differs`)
  }
  return { problems, unexplained }
}

/**
 * Removes pods at once: `pod rm -f` alone waits for a running container that ignores SIGTERM, and
 * takes seconds more to remove the cgroup of a container it has just killed.
 */
function removePodsNow(names: readonly string[]): void {
  for (const name of names) {
    podman(['pod', 'stop', '-t', '0', name], { allowFailure: true, timeoutMs: 120_000 })
  }
  podman(['pod', 'rm', '-f', '--ignore', ...names], { timeoutMs: 120_000 })
}

const HOST_NAMESPACES: ReadonlyMap<string, string> = new Map(
  ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'uts', 'user'].map((kind) => [
    readlinkSync(`/proc/self/ns/${kind}`),
    '<host>',
  ]),
)

/** Namespace links (`ipc:[4026531839]`): the host's become `<host>`, others `<ipc 1>`, `<ipc 2>`… */
function namespaceNamer(): (text: string) => string {
  const names = new Map<string, string>()
  const counts = new Map<string, number>()
  return (text) =>
    text.replace(/\b(\w+):\[\d+\]/g, (link, kind: string) => {
      const known = HOST_NAMESPACES.get(link) ?? names.get(link)
      if (known !== undefined) return known
      const n = (counts.get(kind) ?? 0) + 1
      counts.set(kind, n)
      names.set(link, `<${kind} ${n}>`)
      return `<${kind} ${n}>`
    })
}

/**
 * Starts the pod and runs the case's runtime probes (test/parity/runtime-probes.ts): a
 * `run:<command>` field for each probed container, and `run:containers` for the pod.
 */
function runProbes(
  snapshot: PodSnapshot,
  probes: Readonly<Record<string, readonly string[]>>,
): PodSnapshot {
  const pod = snapshot.podName
  podman(['pod', 'start', pod])
  const objects = new Map(snapshot.objects)
  const left = podman(['ps', '-a', '--filter', `pod=${pod}`, '--format', '{{.Names}}'])
    .stdout.split('\n')
    .filter((n) => n.startsWith(`${pod}-`))
    .map((n) => n.slice(pod.length + 1))
    .sort()
  objects.set('pod', { ...objects.get('pod'), 'run:containers': left })
  const name = namespaceNamer()
  for (const [container, commands] of Object.entries(probes)) {
    const projection = { ...objects.get(container) }
    for (const command of commands) {
      const r = podman(['exec', `${pod}-${container}`, '/bin/sh', '-c', command], {
        allowFailure: true,
      })
      const status = r.status === 0 ? '' : ` (exit ${r.status}: ${r.stderr.trim()})`
      projection[`run:${command}`] = name(`${r.stdout.trim()}${status}`)
    }
    objects.set(container, projection)
  }
  return { podName: pod, objects }
}

const suite = suiteRequiring('kube play parity', [NEEDS_ROOT, NEEDS_PODMAN, NEEDS_TEST_IMAGE])

suite('parity with podman kube play (Podman 4.3.1)', () => {
  // made in beforeAll: a skipped suite runs this body but never its hooks
  let scratch = ''
  let release: (() => void) | undefined
  const summary: string[] = []
  const dump: string[] = []
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'podunit-parity-'))
    release = await acquirePodmanLock()
  })
  afterAll(() => {
    if (scratch !== '') rmSync(scratch, { recursive: true, force: true })
    release?.()
    if (summary.length > 0) process.stdout.write(`${summary.join('\n')}\n`)
    if (dump.length > 0) process.stdout.write(`unexplained differences:\n${dump.join('\n')}\n`)
  })

  it('has at least 12 cases, and every allow-list entry names one, once', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(12)
    for (const e of ALLOWED) expect(CASES, `allow-list: ${e.object} ${e.field}`).toContain(e.case)
    const keys = ALLOWED.map((e) => `${e.case} ${e.object} ${e.field}`)
    expect(
      keys.filter((k, i) => keys.indexOf(k) !== i),
      'duplicate allow-list entries',
    ).toEqual([])
  })

  it.each(CASES)('%s', (name) => {
    const started = Date.now()
    const tmp = mkdtempSync(join(scratch, `${name}-`))
    const placeholders = [[tmp, '<tmp>']] as const
    const text = readFileSync(join(CASES_DIR, `${name}.yaml`), 'utf8').replaceAll(
      TMP_PLACEHOLDER,
      tmp,
    )
    const docs = parseAllDocuments(text).map((d) => d.toJS() as Doc)
    const specs = docs.flatMap((d): Doc[] => {
      const spec = podSpecOf(d)
      return spec === undefined ? [] : [spec]
    })
    expect(specs, 'one pod per case').toHaveLength(1)
    const hostPaths = hostPathsOf(specs[0]!)
    makeHostPaths(hostPaths, tmp)
    const play = kubePlayInput(docs)
    const playFile = join(tmp, 'play.yaml')
    writeFileSync(playFile, play.text)

    // Our units, and the commands they stand for.
    const dataDir = join(tmp, 'data')
    const version = kubernetesVersionOf(name)
    const result = convert(
      { path: `${name}.yaml`, text },
      { dataDir, noHeader: true, ...(version === undefined ? {} : { kubernetesVersion: version }) },
    )
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const units = result.units.map((u) => ({ fileName: u.fileName, text: u.content }))
    const read = readPodUnits(units)
    const podName = read.pod.podName
    const containerNames = read.containers.map((c) => c.containerName)
    const probes = RUNTIME_PROBES[name]
    const clean = (pods: readonly string[]) => {
      removePodsNow(pods)
      removeContainers(containerNames)
      podman(['kube', 'down', playFile], { allowFailure: true })
    }

    // (a) kube play
    const differences: Difference[] = []
    const before = storeState()
    let kubePlay: PodSnapshot | undefined
    clean([podName])
    try {
      for (const [secret, json] of play.secrets) {
        const file = join(tmp, `secret-${secret}.json`)
        writeFileSync(file, json)
        podman(['secret', 'create', secret, file])
      }
      const out = podman(['kube', 'play', '--start=false', playFile]).stdout
      const podId = /^Pod:\n([0-9a-f]{64})$/m.exec(out)?.[1]
      if (podId === undefined) throw new Error(`Error: kube play printed no pod ID:\n${out}`)
      const playedName = podman(['pod', 'inspect', '--format', '{{.Name}}', podId]).stdout.trim()
      kubePlay = snapshotPod(playedName, { placeholders })
      if (probes !== undefined) kubePlay = runProbes(kubePlay, probes)
      clean([playedName])
    } catch (error) {
      differences.push({
        object: '(kube play)',
        field: 'error',
        kubePlay: errorLine(error),
        podunit: undefined,
      })
    } finally {
      clean([podName])
      restoreStore(before)
    }

    // (b) our units' commands
    for (const v of hostPaths) {
      // `*OrCreate` sources exist now (kube play made them); make sure of it for us as well.
      if (v.type === 'DirectoryOrCreate') mkdirSync(v.path, { recursive: true })
      if (v.type === 'FileOrCreate' && !existsSync(v.path)) writeFileSync(v.path, '')
    }
    writeDataFiles(dataDir, result.dataFiles)
    let ours: PodSnapshot | undefined
    try {
      podman(['pod', 'create', '--exit-policy=stop', ...read.pod.createArgs])
      for (const c of read.containers) {
        const unit = units.find((u) => u.fileName === c.fileName)!
        podman(['create', '--pod', podName, ...unitRestart(unit.text), ...c.runArgs])
      }
      ours = snapshotPod(podName, { placeholders })
      if (probes !== undefined) ours = runProbes(ours, probes)
    } catch (error) {
      differences.push({
        object: '(podunit)',
        field: 'error',
        kubePlay: undefined,
        podunit: errorLine(error),
      })
    } finally {
      clean([podName])
      restoreStore(before)
    }

    if (kubePlay !== undefined && ours !== undefined) {
      differences.push(...compareSnapshots(kubePlay, ours))
    }
    if (process.env.PODUNIT_PARITY_SHOW === name) {
      const show = (s: PodSnapshot | undefined) => Object.fromEntries(s?.objects ?? [])
      const both = { kubePlay: show(kubePlay), podunit: show(ours) }
      process.stdout.write(`${name}: ${JSON.stringify(both, null, 1)}\n`)
    }
    const allowed = ALLOWED.filter((e) => e.case === name)
    const { problems, unexplained } = unexplainedBy(allowed, differences)
    if (process.env.PODUNIT_PARITY_DUMP === '1') {
      dump.push(...unexplained.map((d) => dumpEntry(name, d)))
    }

    const snapshot = ours ?? kubePlay
    const fields = [...(snapshot?.objects.values() ?? [])].reduce(
      (n, p) => n + Object.keys(p).length,
      0,
    )
    const kinds = [...new Set(allowed.map((e) => e.field.split(/[.:]/)[0]))].join(', ')
    const notes = play.notes.length > 0 ? `; kube play given ${play.notes.join('; ')}` : ''
    summary.push(
      `parity ${name}: ${snapshot?.objects.size ?? 0} objects, ${fields} fields, ` +
        `${differences.length} differences${kinds === '' ? '' : ` (${kinds})`}, ` +
        `${problems.length} not allowed${notes}; ${Date.now() - started} ms`,
    )
    expect(
      problems,
      `${name}: differences from kube play that the allow-list does not explain`,
    ).toEqual([])
  })
})
