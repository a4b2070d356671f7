/**
 * Reading a set of units in the format of `podman generate systemd --new --name` (Podman 4.3.1)
 * back into the `podman pod create` / `podman create` arguments that produce them
 * (research/podman-generate.md §5). Built on the strict systemd reader in `systemd-unquote.ts`.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  entriesOf,
  parseUnitFile,
  splitEnvironment,
  splitExecLine,
  type ParsedUnitFile,
  type SpecifierResolver,
} from './systemd-unquote.js'

/** Podman's own placeholders `%t` and `%n` come back as NUL + letter: no argument can hold a NUL. */
const SENTINEL = '\u0000'
export const PODMAN_SPECIFIERS: SpecifierResolver = (s) =>
  s === 't' || s === 'n' ? `${SENTINEL}${s}` : undefined

/** Shows sentinel specifiers as `%t` / `%n` again, for messages. */
export function showSpecifiers(text: string): string {
  return text.replaceAll(SENTINEL, '%')
}

/**
 * Podman's `formatOptions` (containers.go): the first token, then `" \\\n\t" + token` for every
 * token that starts with `-` and `" " + token` for the others. Tokens are already escaped.
 */
export function formatPodmanCommand(tokens: readonly string[]): string {
  return tokens.map((t, i) => (i === 0 ? t : t.startsWith('-') ? ` \\\n\t${t}` : ` ${t}`)).join('')
}

export interface UnitText {
  readonly fileName: string
  readonly text: string
}

/** Every `*.service` file of a directory, sorted by name. */
export function readUnitDir(dir: string): UnitText[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.service'))
    .sort()
    .map((fileName) => ({ fileName, text: readFileSync(join(dir, fileName), 'utf8') }))
}

export interface PodCommand {
  readonly fileName: string
  readonly serviceName: string
  readonly podName: string
  /** The user's `podman pod create` arguments (after `--exit-policy=stop`, without `--replace`). */
  readonly createArgs: readonly string[]
}

export interface ContainerCommand {
  readonly fileName: string
  readonly containerName: string
  /** The user's `podman run` arguments after Podman's fixed prefix, image and command included. */
  readonly runArgs: readonly string[]
  /** `--restart <policy>` rebuilt from `Restart=` / `StartLimitBurst=` (empty when the default). */
  readonly restartArgs: readonly string[]
  /** The `Environment=` assignments other than `PODMAN_SYSTEMD_UNIT=%n`, unquoted. */
  readonly extraEnvironment: readonly string[]
}

export interface PodUnits {
  readonly pod: PodCommand
  readonly containers: readonly ContainerCommand[]
}

const PODMAN = '/usr/bin/podman'

/** Reads the units of one pod back into the commands that would make Podman write them. */
export function readPodUnits(units: readonly UnitText[]): PodUnits {
  const pods = readPods(units)
  if (pods.length !== 1) {
    throw new Error(`expected one pod unit (ExecStartPre=… pod create), found ${pods.length}`)
  }
  return pods[0]!
}

/**
 * Reads the units of any number of pods: each container unit belongs to the pod whose
 * `%t/<pod service>.pod-id` its `podman run` names. Pods come in file name order.
 */
export function readPods(units: readonly UnitText[]): PodUnits[] {
  const parsed = units.map((u) => ({ ...u, unit: parseUnitFile(u.text) }))
  const isPod = (u: (typeof parsed)[number]): boolean =>
    commandsOf(u.unit, 'ExecStartPre').some(isPodCreate)
  const pods = parsed.filter(isPod).map((u) => readPod(u.fileName, u.unit))
  if (pods.length === 0) throw new Error('no pod unit (ExecStartPre=… pod create)')
  const rest = parsed.filter((u) => !isPod(u))
  const claimed = new Set<string>()
  const groups = pods.map((pod) => {
    const mine = rest.filter((u) => podServiceOf(u.unit) === pod.serviceName)
    mine.forEach((u) => claimed.add(u.fileName))
    return { pod, containers: mine.map((u) => readContainer(u.fileName, u.unit, pod.serviceName)) }
  })
  const orphan = rest.find((u) => !claimed.has(u.fileName))
  if (orphan !== undefined) {
    throw new Error(`${orphan.fileName}: its podman run names no pod of these units`)
  }
  return groups
}

/** The pod service of `podman run … --pod-id-file %t/<service>.pod-id`, if any. */
function podServiceOf(unit: ParsedUnitFile): string | undefined {
  const argv = commandsOf(unit, 'ExecStart')[0] ?? []
  const i = argv.indexOf('--pod-id-file')
  const file = i < 0 ? undefined : argv[i + 1]
  const match = file === undefined ? null : /^\u0000t\/(.+)\.pod-id$/u.exec(file)
  return match?.[1]
}

function commandsOf(unit: ParsedUnitFile, key: string): string[][] {
  return entriesOf(unit, 'Service', key).flatMap((e) => splitExecLine(e.value, PODMAN_SPECIFIERS))
}

function isPodCreate(argv: readonly string[]): boolean {
  return argv[0] === PODMAN && argv[1] === 'pod' && argv[2] === 'create'
}

function readPod(fileName: string, unit: ParsedUnitFile): PodCommand {
  const serviceName = fileName.replace(/\.service$/, '')
  const argv = commandsOf(unit, 'ExecStartPre').find(isPodCreate) ?? []
  const prefix = [
    PODMAN,
    'pod',
    'create',
    '--infra-conmon-pidfile',
    `${SENTINEL}t/${serviceName}.pid`,
    '--pod-id-file',
    `${SENTINEL}t/${serviceName}.pod-id`,
    '--exit-policy=stop',
  ]
  const user = stripPrefix(fileName, argv, prefix)
  const podName = optionValue(user, '--name')
  if (podName === undefined) throw new Error(`${fileName}: pod create has no --name`)
  if (user.at(-1) !== '--replace')
    throw new Error(`${fileName}: pod create does not end in --replace`)
  return { fileName, serviceName, podName, createArgs: user.slice(0, -1) }
}

function readContainer(
  fileName: string,
  unit: ParsedUnitFile,
  podService: string,
): ContainerCommand {
  const starts = commandsOf(unit, 'ExecStart')
  const argv = starts[0]
  if (starts.length !== 1 || argv === undefined || argv[1] !== 'run') {
    throw new Error(`${fileName}: expected one ExecStart=${PODMAN} run …`)
  }
  const prefix = [
    PODMAN,
    'run',
    `--cidfile=${SENTINEL}t/${SENTINEL}n.ctr-id`,
    '--cgroups=no-conmon',
    '--rm',
    '--pod-id-file',
    `${SENTINEL}t/${podService}.pod-id`,
    '--sdnotify=conmon',
    '-d',
    '--replace',
  ]
  const runArgs = stripPrefix(fileName, argv, prefix)
  const containerName = optionValue(runArgs, '--name')
  if (containerName === undefined) throw new Error(`${fileName}: podman run has no --name`)
  const extraEnvironment = entriesOf(unit, 'Service', 'Environment')
    .flatMap((e) => splitEnvironment(e.value, PODMAN_SPECIFIERS))
    .filter((a) => a !== `PODMAN_SYSTEMD_UNIT=${SENTINEL}n`)
  return { fileName, containerName, runArgs, restartArgs: restartArgs(unit), extraEnvironment }
}

function stripPrefix(
  fileName: string,
  argv: readonly string[],
  prefix: readonly string[],
): string[] {
  const head = argv.slice(0, prefix.length)
  if (head.join('\n') !== prefix.join('\n')) {
    throw new Error(
      `${fileName}: command does not start with Podman's prefix:\n  got:      ${showSpecifiers(head.join(' '))}\n  expected: ${showSpecifiers(prefix.join(' '))}`,
    )
  }
  const user = argv.slice(prefix.length)
  const withSpecifier = user.find((a) => a.includes(SENTINEL))
  if (withSpecifier !== undefined) {
    throw new Error(
      `${fileName}: user argument holds a specifier: ${showSpecifiers(withSpecifier)}`,
    )
  }
  return user
}

/** The value of `--opt X` or `--opt=X` among the options before the first positional. */
export function optionValue(args: readonly string[], option: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (arg === option) return args[i + 1]
    if (arg.startsWith(`${option}=`)) return arg.slice(option.length + 1)
  }
  return undefined
}

/**
 * podman-generate.md §5.3 step 10: Podman moves `--restart` from the create command to
 * `Restart=` (`on-failure:N` → `Restart=on-failure` + `StartLimitBurst=N`); `on-failure` is also
 * the default, so it needs no option.
 */
function restartArgs(unit: ParsedUnitFile): string[] {
  const restart = entriesOf(unit, 'Service', 'Restart').at(-1)?.value
  const burst = entriesOf(unit, 'Service', 'StartLimitBurst').at(-1)?.value
  if (burst !== undefined) return ['--restart', `on-failure:${burst}`]
  if (restart === undefined || restart === 'on-failure') return []
  return ['--restart', restart]
}

/** Arguments that break naive escaping: quotes, newlines, specifiers, variables, `;`, empty. */
export const HOSTILE_ARGS: readonly string[] = [
  '',
  ' ',
  '"',
  "'",
  "it's",
  '"quoted" and \'single\'',
  'a\nb',
  '\n',
  'tab\there',
  'cr\rlf',
  'esc\u001b[0m',
  'del\u007f',
  '%',
  '%n',
  '%%',
  '100%',
  '$',
  '$HOME',
  '${HOME}',
  '$$',
  '$(x)',
  ';',
  '\\;',
  'a;b',
  'daemon off;',
  'trailing\\',
  '\\',
  '\\\\',
  'ünï ☃ 😀',
  'soft\u00adhyphen',
  'zero\u200bwidth',
  '#not a comment',
  ';not a comment',
  '-',
  '--flag=with space',
  '{{.Name}}',
  'kill $$ && echo %\\',
]
