/**
 * The input of the kube play parity suites (test/parity.test.ts, test/parity-podman5.test.ts): the
 * cases of test/parity/, what `podman kube play` is given for each (see parity.test.ts), and the
 * hostPath sources that must exist first.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { stringify } from 'yaml'
import type { KubernetesVersion } from '../../src/index.js'
import { REPO_ROOT } from './podman.js'

export const CASES_DIR = join(REPO_ROOT, 'test/parity')
export const TMP_PLACEHOLDER = '/PARITY_TMP'
/** Kinds that `podman kube play` 4.3.1 refuses. */
const NOT_PLAYABLE = new Set(['DaemonSet', 'ReplicaSet', 'StatefulSet', 'Job'])

export const CASES: readonly string[] = readdirSync(CASES_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length))
  .sort()

export type Doc = Record<string, unknown>

const asDoc = (value: unknown): Doc => (value ?? {}) as Doc
const asDocs = (value: unknown): Doc[] => (value ?? []) as Doc[]

/** The pod spec of a Pod or of a workload's template (the object itself, not a copy). */
export function podSpecOf(doc: Doc): Doc | undefined {
  if (doc['kind'] === 'Pod') return asDoc(doc['spec'])
  const template = asDoc(doc['spec'])['template']
  return template === undefined ? undefined : asDoc(asDoc(template)['spec'])
}

/**
 * A workload that kube play cannot play, as the Pod newer kube play makes of it; a
 * StatefulSet's claim templates become the persistentVolumeClaim volumes of replica 0's claims.
 */
export function equivalentPod(doc: Doc): Doc {
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
export function kubernetesVersionOf(name: string): KubernetesVersion | undefined {
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

export interface KubePlayInput {
  readonly text: string
  /** name → `podman secret create` contents. */
  readonly secrets: ReadonlyMap<string, string>
  readonly notes: readonly string[]
}

export function kubePlayInput(docs: readonly Doc[]): KubePlayInput {
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

export interface HostPathVolume {
  readonly path: string
  readonly type: string
  /** subPaths mounted from it. */
  readonly subPaths: readonly string[]
}

export function hostPathsOf(spec: Doc): HostPathVolume[] {
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
export function makeHostPaths(volumes: readonly HostPathVolume[], scratch: string): void {
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
