/**
 * The command line: a thin layer over the library. Parses arguments, reads inputs, calls
 * `convert`/`validate`, renders diagnostics and writes files. Returns the exit status.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { ConvertOptions } from '../index.js'
import { convert, validate } from '../index.js'
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { renderJson } from '../diagnostics/render-json.js'
import { oneLine, renderText } from '../diagnostics/render-text.js'
import { SYSTEMD_RESTART_POLICIES } from '../emit/systemd/generate-options.js'
import type { SystemdRestartPolicy } from '../emit/systemd/generate-options.js'
import { KUBERNETES_VERSIONS } from '../validate/schema-validate.js'
import { PODMAN_TRAITS, PODMAN_VERSIONS, isPodmanVersion } from '../emit/targets.js'
import type { PodmanVersion } from '../emit/targets.js'
import type { KubernetesVersion } from '../validate/schema-validate.js'
import { ceilScaled, parseQuantity } from '../validate/quantity.js'
import { unrepresentableCharacter } from '../validate/representable.js'
import { VERSION } from '../version.js'
import { runCheck } from './check.js'
import { withoutUnknownFiles } from './unknown-files.js'
import { completionScript } from './completion.js'
import { InputError, OutputError, UsageError } from './errors.js'
import { readInputs } from './inputs.js'
import type { CommandSpec } from './options.js'
import {
  CHECK,
  commandHelp,
  CONVERT,
  INSTALL,
  mainHelp,
  parseConfig,
  UNINSTALL,
  VALIDATE,
} from './options.js'
import { isInside, resolveScope, runInstall, runUninstall } from './install.js'
import type { CommandRunner } from './install.js'
import { podNamesOf } from '../compile.js'
import { renderJunit, renderSarif } from './render-reports.js'
import { outputPlaces, writeGroupsAtomically } from './write-files.js'
import type { OutputLayout } from './write-files.js'

export const EXIT_OK = 0
export const EXIT_INVALID = 1
export const EXIT_USAGE = 2

export interface CliIO {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  /** Standard input, read to its end or to `maxBytes + 1` bytes. */
  readonly readStdin: (maxBytes: number) => string | Uint8Array
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
  readonly stdoutIsTTY: boolean
  readonly stderrIsTTY: boolean
  /** Runs a program (systemctl); only install and uninstall use it. */
  readonly runCommand: CommandRunner
  readonly isRoot: boolean
  /** Whether a user has lingering (install --user); default: /var/lib/systemd/linger/USER. */
  readonly isLingering?: (user: string) => boolean
  /** A user's subordinate ids (install --user); default: /etc/subuid and /etc/subgid. */
  readonly subordinateIds?: (user: string) => number
}

export function cli(argv: readonly string[], io: CliIO): number {
  try {
    return dispatch(argv, io)
  } catch (error) {
    if (error instanceof UsageError) {
      // One line whatever the user typed: control characters are shown escaped.
      io.stderr(`podunit: ${oneLine(error.message)}\nTry 'podunit --help'.\n`)
      return EXIT_USAGE
    }
    if (error instanceof InputError || error instanceof OutputError) {
      io.stderr(`podunit: ${oneLine(error.message)}\n`)
      return EXIT_USAGE
    }
    throw error
  }
}

function dispatch(argv: readonly string[], io: CliIO): number {
  const [command, ...rest] = argv
  switch (command) {
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      io.stdout(mainHelp(VERSION))
      return command === undefined ? EXIT_USAGE : EXIT_OK
    case '-v':
    case '--version':
      io.stdout(`podunit ${VERSION}\n`)
      return EXIT_OK
    case 'convert':
      return runConvert(rest, io)
    case 'validate':
      return runValidate(rest, io)
    case 'check':
      return runCheckCommand(rest, io)
    case 'install':
      return runInstallCommand(rest, io)
    case 'uninstall':
      return runUninstallCommand(rest, io)
    case 'completion':
      io.stdout(completionScript(rest[0] ?? ''))
      return EXIT_OK
    default:
      throw new UsageError(`unknown command "${command}"`)
  }
}

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>

interface Parsed {
  readonly values: Values
  readonly files: readonly string[]
}

function parse(spec: CommandSpec, argv: readonly string[], io: CliIO): Parsed | undefined {
  let parsed: { values: Values; positionals: string[] }
  try {
    const result = parseArgs({
      args: [...argv],
      options: parseConfig(spec),
      allowPositionals: true,
      strict: true,
    })
    parsed = { values: result.values, positionals: result.positionals }
  } catch (error) {
    throw new UsageError(
      error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
    )
  }
  if (parsed.values['help'] === true) {
    io.stdout(commandHelp(spec))
    return undefined
  }
  if (parsed.positionals.length === 0)
    throw new UsageError(`${spec.name}: no input FILE given (use - for standard input)`)
  return { values: parsed.values, files: parsed.positionals }
}

function runConvert(argv: readonly string[], io: CliIO): number {
  const parsed = parse(CONVERT, argv, io)
  if (parsed === undefined) return EXIT_OK
  const { values } = parsed
  const format = stringOption(values, 'format')
  if (format !== undefined && format !== 'json')
    throw new UsageError(`unknown --format "${format}" (json is known)`)
  if (values['stdout'] === true && values['output-dir'] !== undefined) {
    throw new UsageError('--stdout and --output-dir cannot be used together')
  }
  const options = convertOptions(values, io)
  const inputs = withoutUnknownFiles(
    readInputs(parsed.files, io.readStdin, maxFileSize(parsed.values)),
    parsed.values['ignore-unknown'] === true,
  )
  const result = convert(inputs.sources, options)
  const diagnostics = [...inputs.diagnostics, ...result.diagnostics]
  if (diagnostics.length > 0) {
    io.stderr(renderText(diagnostics, { color: useColor(values, io, () => io.stderrIsTTY) }))
  }
  if (!result.ok || inputs.diagnostics.some((d) => d.severity === 'error')) return EXIT_INVALID
  if (values['stdout'] === true) {
    io.stdout(
      format === 'json'
        ? jsonMap(result.units.map((u) => [u.fileName, u.content]))
        : result.units.map((u) => u.content).join(''),
    )
    if (result.dataFiles.length > 0) {
      io.stderr(
        `podunit: the units read ${result.dataFiles.length} data file(s) (ConfigMap and Secret data) that --stdout does not print; write them with -o DIR\n`,
      )
    }
    return EXIT_OK
  }
  const places = outputPlaces(result, outputLayout(values, io, result.dataFiles.length > 0))
  writeGroupsAtomically(places)
  const paths = places.flatMap((place) => place.files.map((f) => resolve(place.dir, f.name)))
  io.stdout(
    format === 'json'
      ? jsonMap(result.units.map((u, i) => [u.fileName, paths[i] ?? '']))
      : paths.map((p) => `${p}\n`).join(''),
  )
  return EXIT_OK
}

/**
 * Where convert and check put the files. Data files never go inside a Quadlet directory: the
 * generator reads its subdirectories too, and a data file named `x.container` would become a
 * unit. So with --quadlet they need --data-output, outside the output directory.
 */
function outputLayout(values: Values, io: CliIO, hasData: boolean): OutputLayout {
  const displayDir = stringOption(values, 'output-dir') ?? '.'
  const dir = resolve(io.cwd, displayDir)
  const displayDataDir = stringOption(values, 'data-output')
  if (displayDataDir === undefined) {
    if (values['quadlet'] === true && hasData) {
      throw new UsageError(
        '--quadlet: the pods read ConfigMap or Secret data files, which must not be in the Quadlet directory (Quadlet reads its subdirectories too): give --data-output DIR outside it',
      )
    }
    return { dir, displayDir }
  }
  const dataDir = resolve(io.cwd, displayDataDir)
  if (values['quadlet'] === true && isInside(dataDir, dir)) {
    throw new UsageError(
      `--data-output ${displayDataDir} is inside the Quadlet directory ${displayDir}, which Quadlet reads recursively: choose a directory outside it`,
    )
  }
  return { dir, displayDir, dataDir, displayDataDir }
}

/** Podman's `--format json`: unit name without `.service` → value, keys sorted, one-space indent. */
function jsonMap(pairs: readonly (readonly [string, string])[]): string {
  const sorted = [...pairs]
    .map(([name, value]) => [name.replace(/\.service$/, ''), value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return JSON.stringify(Object.fromEntries(sorted), null, ' ') + '\n'
}

function runValidate(argv: readonly string[], io: CliIO): number {
  const parsed = parse(VALIDATE, argv, io)
  if (parsed === undefined) return EXIT_OK
  const { values } = parsed
  const output = stringOption(values, 'output') ?? 'text'
  if (!['text', 'json', 'junit', 'sarif'].includes(output)) {
    throw new UsageError(`unknown --output "${output}" (text, json, junit and sarif are known)`)
  }
  const kubernetesVersion = versionOption(values)
  const inputs = withoutUnknownFiles(
    readInputs(parsed.files, io.readStdin, maxFileSize(parsed.values)),
    parsed.values['ignore-unknown'] === true,
  )
  const result = validate(inputs.sources, {
    strict: values['strict'] === true,
    ignoreUnknown: values['ignore-unknown'] === true,
    maxFileSize: maxFileSize(values),
    ...(kubernetesVersion === undefined ? {} : { kubernetesVersion }),
  })
  let diagnostics: readonly Diagnostic[] = [...inputs.diagnostics, ...result.diagnostics]
  const failed = diagnostics.some((d) => d.severity === 'error')
  if (values['quiet'] === true) diagnostics = diagnostics.filter((d) => d.severity === 'error')
  const files = [...inputs.sources.map((s) => s.path), ...inputs.diagnostics.map((d) => d.file)]
  switch (output) {
    case 'json':
      io.stdout(renderJson(diagnostics))
      break
    case 'junit':
      io.stdout(renderJunit(diagnostics, files))
      break
    case 'sarif':
      io.stdout(renderSarif(diagnostics, VERSION))
      break
    default:
      if (diagnostics.length > 0) {
        io.stdout(renderText(diagnostics, { color: useColor(values, io, () => io.stdoutIsTTY) }))
      }
  }
  return failed ? EXIT_INVALID : EXIT_OK
}

function runCheckCommand(argv: readonly string[], io: CliIO): number {
  const parsed = parse(CHECK, argv, io)
  if (parsed === undefined) return EXIT_OK
  const dir = stringOption(parsed.values, 'output-dir')
  if (dir === undefined) throw new UsageError('check: -o DIR is required')
  const inputs = withoutUnknownFiles(
    readInputs(parsed.files, io.readStdin, maxFileSize(parsed.values)),
    parsed.values['ignore-unknown'] === true,
  )
  return runCheck({
    layout: (hasData) => outputLayout(parsed.values, io, hasData),
    inputs,
    options: convertOptions(parsed.values, io),
    fix: parsed.values['fix'] === true,
    io,
    color: () => useColor(parsed.values, io, () => io.stdoutIsTTY),
  })
}

function scopeOf(values: Values, io: CliIO) {
  const unitDir = stringOption(values, 'unit-dir')
  const dataDir = stringOption(values, 'data-dir')
  const timerDir = stringOption(values, 'timer-dir')
  return resolveScope(
    {
      user: values['user'] === true,
      system: values['system'] === true,
      quadlet: values['quadlet'] === true,
      ...(unitDir === undefined ? {} : { unitDir: resolve(io.cwd, unitDir) }),
      ...(dataDir === undefined ? {} : { dataDir: resolve(io.cwd, dataDir) }),
      ...(timerDir === undefined ? {} : { timerDir: resolve(io.cwd, timerDir) }),
    },
    io.env,
    io.isRoot,
  )
}

function runInstallCommand(argv: readonly string[], io: CliIO): number {
  const parsed = parse(INSTALL, argv, io)
  if (parsed === undefined) return EXIT_OK
  const scope = scopeOf(parsed.values, io)
  const inputs = readInputs(parsed.files, io.readStdin, maxFileSize(parsed.values))
  const options = convertOptions(parsed.values, io)
  return runInstall(scope, inputs, options, parsed.values['dry-run'] === true, io)
}

function runUninstallCommand(argv: readonly string[], io: CliIO): number {
  const parsed = parse(UNINSTALL, argv, io)
  if (parsed === undefined) return EXIT_OK
  const scope = scopeOf(parsed.values, io)
  const inputs = readInputs(parsed.files, io.readStdin, maxFileSize(parsed.values))
  return runUninstall(scope, podNamesOf(inputs.sources), parsed.values['dry-run'] === true, io)
}

function useColor(values: Values, io: CliIO, isTTY: () => boolean): boolean {
  if (values['no-color'] === true) return false
  if (io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '') return false
  if (io.env['TERM'] === 'dumb') return false
  return isTTY()
}

function stringOption(values: Values, name: string): string | undefined {
  const value = values[name]
  return typeof value === 'string' ? value : undefined
}

function listOption(values: Values, name: string): string[] {
  const value = values[name]
  return Array.isArray(value) ? value.map(String) : []
}

function secondsOption(values: Values, name: string): number | undefined {
  const value = stringOption(values, name)
  if (value === undefined) return undefined
  if (!/^\d{1,9}$/.test(value))
    throw new UsageError(`--${name} takes a whole number of seconds, not "${value}"`)
  return Number(value)
}

/** `--max-file-size`, a byte count with Kubernetes quantity suffixes (`10Mi`, `500k`). */
function maxFileSize(values: Values): number {
  const text = stringOption(values, 'max-file-size') ?? '10Mi'
  const quantity = parseQuantity(text)
  const bytes = quantity === undefined ? -1 : Number(ceilScaled(quantity))
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new UsageError(`--max-file-size takes a size such as 10Mi or 500000, not "${text}"`)
  }
  return bytes
}

function versionOption(values: Values): KubernetesVersion | undefined {
  const value = stringOption(values, 'kubernetes-version')
  if (value === undefined) return undefined
  const short = value.replace(/^v/, '').split('.').slice(0, 2).join('.')
  const known = KUBERNETES_VERSIONS.find((v: KubernetesVersion) => v === short)
  if (known === undefined) {
    throw new UsageError(
      `--kubernetes-version ${value} is not known (${KUBERNETES_VERSIONS.join(', ')})`,
    )
  }
  return known
}

function podmanVersionOption(values: Values): PodmanVersion | undefined {
  const value = stringOption(values, 'podman-version')
  if (value === undefined || isPodmanVersion(value)) return value
  const known = PODMAN_VERSIONS.map((v) => `${v} (Podman ${PODMAN_TRAITS[v].release})`)
  throw new UsageError(
    `--podman-version ${value} is not supported: podunit writes what ${known.join(' and ')} write; give ${PODMAN_VERSIONS.join(' or ')}`,
  )
}

/** systemd unit names: letters, digits and `:-_.\@` (systemd.unit(5)). */
const UNIT_NAME = /^[A-Za-z0-9:_.\\@-]+$/
const NAME_PART = /^[A-Za-z0-9:_.\\-]*$/

function convertOptions(values: Values, io: CliIO): ConvertOptions {
  const restartPolicy = stringOption(values, 'restart-policy')
  if (
    restartPolicy !== undefined &&
    !SYSTEMD_RESTART_POLICIES.includes(restartPolicy as SystemdRestartPolicy)
  ) {
    throw new UsageError(
      `${restartPolicy} is not a valid restart policy (${SYSTEMD_RESTART_POLICIES.join(', ')})`,
    )
  }
  for (const name of ['container-prefix', 'pod-prefix', 'separator']) {
    const value = stringOption(values, name)
    if (value !== undefined && !NAME_PART.test(value)) {
      throw new UsageError(`--${name} "${value}" would not make a valid unit name`)
    }
  }
  for (const name of ['wants', 'after', 'requires']) {
    for (const unit of listOption(values, name)) {
      if (!unit.split(' ').every((u) => UNIT_NAME.test(u)))
        throw new UsageError(`--${name} "${unit}" is not a unit name`)
    }
  }
  const kubernetesVersion = versionOption(values)
  const podmanVersion = podmanVersionOption(values)
  const dataDir = stringOption(values, 'data-dir')
  if (dataDir !== undefined && (!dataDir.startsWith('/') || /[\u0000-\u001f]/.test(dataDir))) {
    throw new UsageError(`--data-dir must be an absolute path, not "${dataDir}"`)
  }
  const numbers = {
    restartSec: secondsOption(values, 'restart-sec'),
    startTimeout: secondsOption(values, 'start-timeout'),
    stopTimeout: secondsOption(values, 'stop-timeout'),
  }
  const strings = {
    containerPrefix: stringOption(values, 'container-prefix'),
    podPrefix: stringOption(values, 'pod-prefix'),
    separator: stringOption(values, 'separator'),
  }
  return {
    maxFileSize: maxFileSize(values),
    ignoreUnknown: values['ignore-unknown'] === true,
    noHeader: values['no-header'] === true,
    quadlet: values['quadlet'] === true,
    rootless: values['rootless'] === true,
    wants: listOption(values, 'wants'),
    after: listOption(values, 'after'),
    requires: listOption(values, 'requires'),
    env: listOption(values, 'env')
      .flatMap((e) => resolveEnv(e, io.env))
      .map(checkEnvAssignment),
    ...(restartPolicy === undefined
      ? {}
      : { restartPolicy: restartPolicy as SystemdRestartPolicy }),
    ...(kubernetesVersion === undefined ? {} : { kubernetesVersion }),
    ...(podmanVersion === undefined ? {} : { podmanVersion }),
    ...(dataDir === undefined ? {} : { dataDir: dataDir.replace(/\/+$/, '') || '/' }),
    ...definedOnly(numbers),
    ...definedOnly(strings),
  }
}

function definedOnly<T extends Record<string, unknown>>(
  record: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>
  }
}

/**
 * Podman's `env.ParseSlice`: `NAME=value` as it is; `NAME` takes this process's value (nothing if
 * unset); `PREFIX*` takes every variable whose name starts with PREFIX.
 */
function resolveEnv(entry: string, env: Readonly<Record<string, string | undefined>>): string[] {
  if (entry.startsWith('=')) throw new UsageError(`invalid environment variable: "${entry}"`)
  if (entry.includes('=')) return [entry]
  if (entry.endsWith('*')) {
    const prefix = entry.slice(0, -1)
    return Object.keys(env)
      .filter((k) => k.startsWith(prefix))
      .sort()
      .map((k) => `${k}=${env[k] ?? ''}`)
  }
  const value = env[entry]
  return value === undefined ? [] : [`${entry}=${value}`]
}

/** systemd.exec(5) ignores an `Environment=` assignment whose name is not a shell name. */
function checkEnvAssignment(assignment: string): string {
  const name = assignment.slice(0, assignment.indexOf('='))
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new UsageError(
      `--env ${JSON.stringify(name)}: systemd takes only names of letters, digits and _`,
    )
  }
  const character = unrepresentableCharacter(assignment)
  if (character !== undefined) {
    throw new UsageError(`--env ${name}: the value holds ${character}, which systemd cannot read`)
  }
  return assignment
}
