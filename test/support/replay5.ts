/**
 * Replaying pods on the Podman 5.4.2 root (test/podman5/) for the Quadlet parity suite: shell
 * scripts that make one pod from `podman pod create` / `podman create` argv (the units' or the
 * ones Quadlet generated), or with `podman kube play --start=false`, and write `podman inspect`
 * of it to `out/<case>.<side>.{pod,containers}.json` in the work directory.
 */
import { parseAllDocuments, stringify } from 'yaml'
import { equivalentPod } from './parity-input.js'
import type { GeneratedPod } from './quadlet-read.js'
import { entriesOf, parseUnitFile } from './systemd-unquote.js'
import type { PodUnits, UnitText } from './unit-parse.js'

/** One shell word. */
export function sh(arg: string): string {
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

export interface Side {
  readonly name: 'units' | 'quadlet' | 'kube'
  readonly podName: string
  readonly createArgs: readonly string[]
  readonly containers: readonly (readonly string[])[]
}

/**
 * The units' commands, with `--restart` from each unit's `Restart=`, as the kube play parity
 * suite does: what systemd does when a container exits, in Podman's terms.
 */
export function unitsSide(read: PodUnits, units: readonly UnitText[]): Side {
  const restartOf = (fileName: string): string[] => {
    const text = units.find((u) => u.fileName === fileName)?.text ?? ''
    const restart = entriesOf(parseUnitFile(text), 'Service', 'Restart').at(-1)?.value
    return restart === undefined ? [] : ['--restart', restart]
  }
  return {
    name: 'units',
    podName: read.pod.podName,
    createArgs: read.pod.createArgs,
    containers: read.containers.map((c) => [...restartOf(c.fileName), ...c.runArgs]),
  }
}

/** The commands Quadlet generated, with `--restart` from the unit's `Restart=` likewise. */
export function quadletSide(read: GeneratedPod): Side {
  return {
    name: 'quadlet',
    podName: read.podName,
    createArgs: read.createArgs.filter((a) => a !== '--exit-policy=stop'),
    containers: read.containers.map((c) => [
      ...(c.restart === undefined ? [] : ['--restart', c.restart]),
      ...c.runArgs,
    ]),
  }
}

/** Makes one side's pod in the root and writes its inspect output to out/<case>.<side>.*.json. */
export function replayScript(name: string, side: Side): string {
  const out = `out/${name}.${side.name}`
  const sources = [...new Set(side.containers.flatMap(bindSources))]
  const steps = [
    ...sources.map((s) => `[ -e ${sh(s)} ] || mkdir -p ${sh(s)}`),
    ...[
      ['podman', 'pod', 'create', '--exit-policy=stop', ...side.createArgs],
      ...side.containers.map((args) => ['podman', 'create', '--pod', side.podName, ...args]),
    ].map((argv) => `${argv.map(sh).join(' ')} > /dev/null`),
    ...inspectSteps(side.podName, out),
  ]
  return [guarded(steps, out), removePod(side.podName)].join('\n')
}

function inspectSteps(podName: string, out: string): string[] {
  const ids = `podman pod inspect ${sh(podName)} --format '{{range .Containers}}{{.Id}} {{end}}'`
  return [
    `podman pod inspect ${sh(podName)} > ${out}.pod.json`,
    `podman inspect $(${ids}) > ${out}.containers.json`,
  ]
}

/** The steps in a subshell that stops at the first failure, and says so in `<out>.log`. */
function guarded(steps: readonly string[], out: string): string {
  return `( set -e\n  ${steps.join('\n  ')}\n) > ${out}.log 2>&1 || echo failed >> ${out}.log`
}

function removePod(podName: string): string {
  return `podman pod rm -f --ignore ${sh(podName)} > /dev/null 2>&1 || true`
}

type Doc = Record<string, unknown>
const asDoc = (value: unknown): Doc => (value ?? {}) as Doc
const asDocs = (value: unknown): Doc[] => (value ?? []) as Doc[]

/** Kinds that `podman kube play` 5.4.2 refuses ("does not contain any supported kube kind"). */
const NOT_PLAYABLE = new Set(['ReplicaSet', 'StatefulSet'])

export interface KubePlayInput {
  /** The YAML to play: the case's, with unplayable workloads as the Pod kube play makes of them. */
  readonly text: string
  readonly script: string
}

/**
 * `podman kube play --start=false` of a case's YAML, from `yaml/<case>.yaml` of the work
 * directory. hostPath sources of type Directory, File or unset are made first (`/PARITY_TMP` is a
 * scratch directory of the root); `*OrCreate` ones are left to kube play. A ReplicaSet or
 * StatefulSet is played as the equivalent Pod (named `<name>-pod`, the template's labels and spec,
 * the workload's annotations, the claims of its claim templates as volumes), as kube play plays
 * a Deployment. The Secrets it stores are removed
 * afterwards.
 */
export function kubePlayScript(name: string, yaml: string, podName: string): KubePlayInput {
  const docs = parseAllDocuments(yaml).map((d) => d.toJS() as Doc)
  const secrets: string[] = []
  const played = docs.map((doc) => {
    if (doc['kind'] === 'Secret') secrets.push(String(asDoc(doc['metadata'])['name']))
    return NOT_PLAYABLE.has(String(doc['kind'])) ? equivalentPod(doc) : doc
  })
  const prepare: string[] = []
  for (const doc of played) {
    const spec =
      doc['kind'] === 'Pod'
        ? asDoc(doc['spec'])
        : asDoc(asDoc(asDoc(doc['spec'])['template'])['spec'])
    for (const volume of asDocs(spec['volumes'])) {
      const hostPath = volume['hostPath'] as { path: string; type?: string } | undefined
      if (hostPath === undefined || !hostPath.path.startsWith('/PARITY_TMP/')) continue
      const path = sh(hostPath.path)
      const type = hostPath.type ?? ''
      if (type === 'File') prepare.push(`mkdir -p "$(dirname ${path})"`, `echo x > ${path}`)
      else if (type === '' || type === 'Directory') prepare.push(`mkdir -p ${path}`)
    }
  }
  const out = `out/${name}.kube`
  const steps = [
    ...prepare,
    `podman kube play --start=false yaml/${name}.yaml > /dev/null`,
    ...inspectSteps(podName, out),
  ]
  return {
    text: played.map((d) => stringify(d)).join('---\n'),
    script: [
      'rm -rf /PARITY_TMP',
      guarded(steps, out),
      removePod(podName),
      ...secrets.map((s) => `podman secret rm --ignore ${sh(s)} > /dev/null 2>&1 || true`),
    ].join('\n'),
  }
}
