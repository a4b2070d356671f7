/**
 * One case of the kube play parity suites, on any Podman the tests can reach (a ParityTarget):
 * (a) `podman kube play --start=false`, (b) the commands of our units; both inspected (and probed
 * inside the running containers), and their differences returned. See test/parity.test.ts.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { expect } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { convert } from '../../src/index.js'
import type { PodmanVersion } from '../../src/index.js'
import { RUNTIME_PROBES } from '../parity/runtime-probes.js'
import { compareSnapshots, snapshotPod, type Difference, type PodSnapshot } from './inspect.js'
import {
  CASES_DIR,
  TMP_PLACEHOLDER,
  hostPathsOf,
  kubePlayInput,
  kubernetesVersionOf,
  makeHostPaths,
  podSpecOf,
  type Doc,
} from './parity-input.js'
import type { RunOptions, RunResult } from './podman.js'
import { entriesOf, parseUnitFile } from './systemd-unquote.js'
import { readPodUnits } from './unit-parse.js'

export interface ParityTarget {
  /** Podman's version, e.g. `4.3.1`. */
  readonly release: string
  /** The `--podman-version` of our units. */
  readonly podmanVersion: PodmanVersion
  readonly podman: (
    args: readonly string[],
    options?: Pick<RunOptions, 'allowFailure' | 'timeoutMs'>,
  ) => RunResult
  /** Where Podman's `/` is here (to read its volumes). */
  readonly hostRoot: string
  /** Namespace links (`net:[4026531840]`) that count as the host's. */
  readonly hostNamespaces: ReadonlySet<string>
}

export interface ParityCaseResult {
  readonly differences: readonly Difference[]
  readonly kubePlay: PodSnapshot | undefined
  readonly ours: PodSnapshot | undefined
  /** What kube play was given instead of the YAML as it is. */
  readonly notes: readonly string[]
}

interface StoreState {
  readonly volumes: ReadonlySet<string>
  readonly secrets: ReadonlySet<string>
}

function storeState(t: ParityTarget): StoreState {
  const names = (args: string[]) =>
    new Set(
      t
        .podman(args)
        .stdout.split('\n')
        .filter((l) => l !== ''),
    )
  return {
    volumes: names(['volume', 'ls', '--format', '{{.Name}}']),
    secrets: names(['secret', 'ls', '--format', '{{.Name}}']),
  }
}

/** Removes the volumes and secrets made since `before` (kube play and podman create make them). */
function restoreStore(t: ParityTarget, before: StoreState): void {
  const now = storeState(t)
  const volumes = [...now.volumes].filter((v) => !before.volumes.has(v))
  const secrets = [...now.secrets].filter((s) => !before.secrets.has(s))
  if (volumes.length > 0) t.podman(['volume', 'rm', '-f', ...volumes])
  if (secrets.length > 0) t.podman(['secret', 'rm', ...secrets])
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

/**
 * Removes pods at once: `pod rm -f` alone waits for a running container that ignores SIGTERM, and
 * takes seconds more to remove the cgroup of a container it has just killed.
 */
function removePodsNow(t: ParityTarget, names: readonly string[]): void {
  for (const name of names) {
    t.podman(['pod', 'stop', '-t', '0', name], { allowFailure: true, timeoutMs: 120_000 })
  }
  t.podman(['pod', 'rm', '-f', '--ignore', ...names], { timeoutMs: 120_000 })
}

/** Namespace links (`ipc:[4026531839]`): the host's become `<host>`, others `<ipc 1>`, `<ipc 2>`… */
function namespaceNamer(host: ReadonlySet<string>): (text: string) => string {
  const names = new Map<string, string>()
  const counts = new Map<string, number>()
  return (text) =>
    text.replace(/\b(\w+):\[\d+\]/g, (link, kind: string) => {
      const known = host.has(link) ? '<host>' : names.get(link)
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
  t: ParityTarget,
  snapshot: PodSnapshot,
  probes: Readonly<Record<string, readonly string[]>>,
): PodSnapshot {
  const pod = snapshot.podName
  t.podman(['pod', 'start', pod])
  const objects = new Map(snapshot.objects)
  const left = t
    .podman(['ps', '-a', '--filter', `pod=${pod}`, '--format', '{{.Names}}'])
    .stdout.split('\n')
    .filter((n) => n.startsWith(`${pod}-`))
    .map((n) => n.slice(pod.length + 1))
    .sort()
  objects.set('pod', { ...objects.get('pod'), 'run:containers': left })
  const name = namespaceNamer(t.hostNamespaces)
  for (const [container, commands] of Object.entries(probes)) {
    const projection = { ...objects.get(container) }
    for (const command of commands) {
      const exec = () =>
        t.podman(['exec', `${pod}-${container}`, '/bin/sh', '-c', command], { allowFailure: true })
      let r = exec()
      // Podman 5.4.2 with file events sometimes loses an exec session's end ("exec died event
      // … not found: unable to find event", exit 255) although the command ran: once more.
      if (r.status === 255 && r.stderr.includes('unable to find event')) r = exec()
      // Exec session and container IDs in Podman's errors change from run to run.
      const stderr = r.stderr.trim().replace(/\b[0-9a-f]{64}\b/g, '<id>')
      const status = r.status === 0 ? '' : ` (exit ${r.status}: ${stderr})`
      projection[`run:${command}`] = name(`${r.stdout.trim()}${status}`)
    }
    objects.set(container, projection)
  }
  return { podName: pod, objects }
}

/** Plays case `name` both ways on `t`, in a new directory below `scratch`. */
export function runParityCase(t: ParityTarget, name: string, scratch: string): ParityCaseResult {
  const tmp = mkdtempSync(join(scratch, `${name}-`))
  const placeholders = [[tmp, '<tmp>']] as const
  const snapshot = (pod: string) =>
    snapshotPod(pod, { placeholders, podman: (args) => t.podman(args), hostRoot: t.hostRoot })
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
    {
      dataDir,
      noHeader: true,
      podmanVersion: t.podmanVersion,
      ...(version === undefined ? {} : { kubernetesVersion: version }),
    },
  )
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  const units = result.units.map((u) => ({ fileName: u.fileName, text: u.content }))
  const read = readPodUnits(units)
  const podName = read.pod.podName
  const containerNames = read.containers.map((c) => c.containerName)
  const probes = RUNTIME_PROBES[name]
  const clean = (pods: readonly string[]) => {
    removePodsNow(t, pods)
    if (containerNames.length > 0) {
      t.podman(['rm', '-f', '--ignore', ...containerNames], { timeoutMs: 120_000 })
    }
    t.podman(['kube', 'down', playFile], { allowFailure: true })
  }

  // (a) kube play
  const differences: Difference[] = []
  const before = storeState(t)
  let kubePlay: PodSnapshot | undefined
  clean([podName])
  try {
    for (const [secret, json] of play.secrets) {
      const file = join(tmp, `secret-${secret}.json`)
      writeFileSync(file, json)
      t.podman(['secret', 'create', secret, file])
    }
    const out = t.podman(['kube', 'play', '--start=false', playFile]).stdout
    const podId = /^Pod:\n([0-9a-f]{64})$/m.exec(out)?.[1]
    if (podId === undefined) throw new Error(`Error: kube play printed no pod ID:\n${out}`)
    const playedName = t.podman(['pod', 'inspect', '--format', '{{.Name}}', podId]).stdout.trim()
    kubePlay = snapshot(playedName)
    if (probes !== undefined) kubePlay = runProbes(t, kubePlay, probes)
    clean([playedName])
  } catch (error) {
    const kubePlayError = errorLine(error)
    differences.push({
      object: '(kube play)',
      field: 'error',
      kubePlay: kubePlayError,
      podunit: undefined,
    })
  } finally {
    clean([podName])
    restoreStore(t, before)
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
    t.podman(['pod', 'create', '--exit-policy=stop', ...read.pod.createArgs])
    for (const c of read.containers) {
      const unit = units.find((u) => u.fileName === c.fileName)!
      t.podman(['create', '--pod', podName, ...unitRestart(unit.text), ...c.runArgs])
    }
    ours = snapshot(podName)
    if (probes !== undefined) ours = runProbes(t, ours, probes)
  } catch (error) {
    differences.push({
      object: '(podunit)',
      field: 'error',
      kubePlay: undefined,
      podunit: errorLine(error),
    })
  } finally {
    clean([podName])
    restoreStore(t, before)
  }

  if (kubePlay !== undefined && ours !== undefined) {
    differences.push(...compareSnapshots(kubePlay, ours))
  }
  return { differences, kubePlay, ours, notes: play.notes }
}
