/**
 * One replay as a bash script, so that it runs the same way on the host (Podman 4.3.1, the tests'
 * private store) and inside the Podman 5.4.2 root (one call of test/podman5/run.sh, whose /tmp
 * lives only as long as the call): make what the commands need (bind sources, env files, secrets,
 * networks), create the pods and containers, write their units with `podman generate systemd`
 * into `<i>/` of the current directory, and remove everything it made, whatever happens.
 */
import type { PodUnits } from './unit-parse.js'

/** Networks `--network` can name without one being created. */
const BUILTIN_NETWORKS = new Set([
  'bridge',
  'host',
  'none',
  'private',
  'slirp4netns',
  'pasta',
  'default',
])

/** The script's helpers: each remembers what it made, and `cleanup` removes exactly that. */
const PRELUDE = [
  'paths=() volumes=() secrets=() networks=()',
  '# mkdir -p, remembering the topmost directory it made, so that cleanup removes only that.',
  'make_dir() {',
  '  [ -e "$1" ] && return 0',
  '  local top=$1',
  '  while [ ! -e "$(dirname "$top")" ]; do top=$(dirname "$top"); done',
  '  mkdir -p "$1"',
  '  paths+=("$top")',
  '}',
  '# A named volume podman create will make, unless it exists.',
  'note_volume() { podman volume exists "$1" || volumes+=("$1"); }',
  "# The env file of a Secret's values: its content does not change the generated unit.",
  'env_file() {',
  '  [ -e "$1" ] && return 0',
  '  make_dir "$(dirname "$1")"',
  '  if [ ! -e "$1" ]; then : > "$1"; paths+=("$1"); fi',
  '}',
  'secret() {',
  '  podman secret inspect "$1" > /dev/null 2>&1 && return 0',
  '  printf \'replay\\n\' | podman secret create "$1" - > /dev/null',
  '  secrets+=("$1")',
  '}',
  'network() {',
  '  podman network exists "$1" && return 0',
  '  podman network create "$1" > /dev/null',
  '  networks+=("$1")',
  '}',
  'remove_objects() {',
  '  podman pod rm -f --ignore "$@" > /dev/null',
  '  [ ${#containers[@]} = 0 ] || podman rm -f --ignore "${containers[@]}" > /dev/null',
  '}',
  'cleanup() {',
  '  remove_objects "${pods[@]}" || true',
  '  [ ${#volumes[@]} = 0 ] || podman volume rm -f "${volumes[@]}" > /dev/null || true',
  '  [ ${#secrets[@]} = 0 ] || podman secret rm "${secrets[@]}" > /dev/null || true',
  '  [ ${#networks[@]} = 0 ] || podman network rm -f "${networks[@]}" > /dev/null || true',
  '  [ ${#paths[@]} = 0 ] || rm -rf "${paths[@]}"',
  '}',
].join('\n')

/** A word for bash: single-quoted, `'` as `'\''`. */
export function shellWord(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`
}

function words(argv: readonly string[]): string {
  return argv.map(shellWord).join(' ')
}

export interface ReplayScriptOptions {
  /** `podman generate systemd --new --files --name` options (`--no-header` included). */
  readonly generateArgs: readonly string[]
  /** Give each container its own `--restart` (unless the generate options set a policy). */
  readonly keepRestart: boolean
}

/** The script that replays `pods` (bash, `set -euo pipefail` expected). */
export function replayScript(pods: readonly PodUnits[], options: ReplayScriptOptions): string {
  const podNames = pods.map((p) => p.pod.podName)
  const containerNames = pods.flatMap((p) => p.containers.map((c) => c.containerName))
  const lines = [
    `pods=(${words(podNames)})`,
    `containers=(${words(containerNames)})`,
    PRELUDE,
    'remove_objects "${pods[@]}"',
    'trap cleanup EXIT',
    ...pods.flatMap(prepare),
  ]
  pods.forEach(({ pod, containers }, i) => {
    lines.push(`podman pod create ${words(pod.createArgs)} > /dev/null`)
    for (const c of creationOrder(containers)) {
      const restart = options.keepRestart ? c.restartArgs : []
      lines.push(
        `podman create --pod ${words([pod.podName, ...restart, ...c.runArgs])} > /dev/null`,
      )
    }
    const generate = ['generate', 'systemd', '--new', '--files', '--name', ...options.generateArgs]
    lines.push(
      `mkdir -p ${i} && (cd ${i} && podman ${words([...generate, pod.podName])} > /dev/null)`,
    )
  })
  return lines.join('\n') + '\n'
}

/** The lines that make what the commands of one pod need. */
function prepare(read: PodUnits): string[] {
  const lines: string[] = []
  const all = [read.pod.createArgs, ...read.containers.map((c) => c.runArgs)]
  for (const args of all) {
    for (const v of optionValues(args, ['-v', '--volume'])) {
      const source = v.split(':')[0] ?? ''
      if (source.startsWith('/')) lines.push(`make_dir ${shellWord(source)}`)
      else if (source !== '') lines.push(`note_volume ${shellWord(source)}`)
    }
    for (const m of optionValues(args, ['--mount'])) {
      const opts = new Map(
        m.split(',').map((kv) => [kv.split('=')[0] ?? '', kv.slice(kv.indexOf('=') + 1)]),
      )
      const source = opts.get('source') ?? opts.get('src')
      if (source === undefined) continue
      if (opts.get('type') === 'bind') lines.push(`make_dir ${shellWord(source)}`)
      else if (opts.get('type') === 'volume') lines.push(`note_volume ${shellWord(source)}`)
    }
    for (const file of optionValues(args, ['--env-file'])) {
      lines.push(`env_file ${shellWord(file)}`)
    }
    for (const s of optionValues(args, ['--secret'])) {
      lines.push(`secret ${shellWord(s.split(',')[0] ?? '')}`)
    }
    for (const n of optionValues(args, ['--network', '--net'])) {
      const name = n.split(':')[0] ?? ''
      if (BUILTIN_NETWORKS.has(name) || n.startsWith('container:') || n.startsWith('ns:')) continue
      lines.push(`network ${shellWord(name)}`)
    }
  }
  return [...new Set(lines)]
}

function optionValues(args: readonly string[], names: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    for (const n of names) {
      if (a === n && args[i + 1] !== undefined) out.push(args[i + 1]!)
      else if (a.startsWith(`${n}=`)) out.push(a.slice(n.length + 1))
    }
  }
  return out
}

/** Containers named by --volumes-from / --requires are created first. */
function creationOrder(containers: PodUnits['containers']): PodUnits['containers'] {
  const byName = new Map(containers.map((c) => [c.containerName, c]))
  const done = new Set<string>()
  const order: PodUnits['containers'][number][] = []
  const visit = (name: string, seen: Set<string>): void => {
    const c = byName.get(name)
    if (c === undefined || done.has(name) || seen.has(name)) return
    seen.add(name)
    for (const dep of optionValues(c.runArgs, ['--volumes-from', '--requires'])) {
      for (const d of dep.split(',')) visit(d.split(':')[0] ?? '', seen)
    }
    done.add(name)
    order.push(c)
  }
  for (const c of containers) visit(c.containerName, new Set())
  return order
}
