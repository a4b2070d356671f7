/**
 * One container of the pod model → `<unit>.container`, joined to the pod's `.pod` by `Pod=`.
 * The arguments are those of the units' `podman create` (podman-cmdline.ts), as Quadlet 5.4 keys.
 */
import { joinPointer } from '../../diagnostics/pointer.js'
import type { ContainerModel, HealthCommand, PodModel } from '../../model/pod-model.js'
import { healthCmdArgument } from '../health-cmd.js'
import type { GenerateOptions } from '../systemd/generate-options.js'
import { DEFAULT_STOP_TIMEOUT } from '../systemd/generate-options.js'
import { addMounts, addSecurity } from './container-options.js'
import { wordProblem } from './encode.js'
import { podFileName } from './emit-pod-file.js'
import type { QuadletEntry, QuadletFile, QuadletGroup } from './quadlet-file.js'
import { env, fixed, raw, words } from './quadlet-file.js'
import type { QuadletProblem } from './quadlet-keys.js'
import { QuadletKeys } from './quadlet-keys.js'

export function emitContainerFile(
  pod: PodModel,
  container: ContainerModel,
  options: GenerateOptions,
  header: (fileName: string) => string[],
): { file: QuadletFile; problems: QuadletProblem[] } {
  const at = container.source.pointer
  const stop = options.stopTimeout ?? container.stopTimeout
  const keys = new QuadletKeys(at)
    .fixed('Pod', podFileName(pod))
    .fixed('ContainerName', container.name)
    .fixed('Image', container.image)
  addCommand(keys, container)
  keys.raw(
    'WorkingDir',
    container.workingDir === undefined ? [] : [container.workingDir],
    'single',
    '--workdir',
  )
  keys
    .words(
      'Environment',
      container.env.map((e) => `${e.key}=${e.value}`),
    )
    .words('EnvironmentFile', container.envFile === undefined ? [] : [container.envFile])
    .words(
      'Label',
      container.labels.map((l) => `${l.key}=${l.value}`),
    )
    .words(
      'Annotation',
      container.annotations.map((a) => `${a.key}=${a.value}`),
    )
    .argsIf(container.tty, '--tty')
    .argsIf(container.stdin, '--interactive')
  addSecurity(keys, container)
  addMounts(keys, container.mounts)
  const { resources, health } = container
  if (resources.cpus !== undefined) keys.args('--cpus', resources.cpus)
  if (resources.memory !== undefined) keys.args('--memory', String(resources.memory))
  if (resources.memoryReservation !== undefined)
    keys.args('--memory-reservation', String(resources.memoryReservation))
  if (health !== undefined) {
    keys
      .raw('HealthCmd', [quadletHealthCmd(health.command)], 'single', '--health-cmd')
      .raw('HealthInterval', [health.interval], 'single', '--health-interval')
      .fixed('HealthRetries', health.retries)
      .raw('HealthTimeout', [health.timeout], 'single', '--health-timeout')
      .raw('HealthStartPeriod', [health.startPeriod], 'single', '--health-start-period')
      .fixed('HealthOnFailure', health.onFailure)
  }
  keys
    .fixed('StopTimeout', stop)
    .fixed('StopSignal', container.stopSignal)
    .fixed('Pull', container.pull)
    .args(...container.extraArgs)
  const { entries, problems } = keys.finish()
  const fileName = `${container.serviceName}.container`
  const groups: QuadletGroup[] = [
    { name: 'Unit', entries: userDependencies(options) },
    { name: 'Container', entries },
    { name: 'Service', entries: serviceEntries(container, options, stop) },
  ]
  return { file: { fileName, header: header(fileName), groups }, problems }
}

/**
 * `command` as `Entrypoint=` (JSON) and `args` as `Exec=`. An argument that `Exec=` cannot carry
 * (exactly `;`, or empty) can still go into the JSON of `Entrypoint=`, with the whole command
 * line, when the container has a `command`; without one it cannot go through Quadlet at all.
 */
function addCommand(keys: QuadletKeys, container: ContainerModel): void {
  const { entrypoint, args } = container
  const blocked = args.findIndex((a) => wordProblem(a) !== undefined)
  if (entrypoint !== undefined && blocked >= 0) {
    keys.raw('Entrypoint', [JSON.stringify([...entrypoint, ...args])], 'single', '--entrypoint')
    return
  }
  if (entrypoint !== undefined) {
    keys.raw('Entrypoint', [JSON.stringify(entrypoint)], 'single', '--entrypoint')
  }
  if (blocked >= 0) {
    const note =
      "give the container a command (the image's entrypoint): the whole command line then goes into Entrypoint= as JSON, which carries any argument"
    args.forEach((arg, i) =>
      keys.check(arg, joinPointer(container.source.pointer, 'args', i), note),
    )
    return
  }
  if (args.length > 0) keys.entries.push({ key: 'Exec', value: words(args) })
}

/**
 * A shell command always in its JSON form `["CMD-SHELL", …]`: Quadlet strips the quotes around a
 * single value, and JSON ends in `]` (podman5.md §5). The exec form as for the units.
 */
function quadletHealthCmd(command: HealthCommand): string {
  return command.kind === 'shell'
    ? JSON.stringify(['CMD-SHELL', command.command])
    : healthCmdArgument(command)
}

function serviceEntries(
  container: ContainerModel,
  options: GenerateOptions,
  stop: number | undefined,
): QuadletEntry[] {
  const entries: QuadletEntry[] = options.env.map((assignment) => ({
    key: 'Environment',
    value: env(assignment),
  }))
  entries.push({ key: 'Restart', value: raw(options.restartPolicy ?? container.restart) })
  if (options.restartSec)
    entries.push({ key: 'RestartSec', value: fixed(String(options.restartSec)) })
  if (options.startTimeout)
    entries.push({ key: 'TimeoutStartSec', value: fixed(String(options.startTimeout)) })
  entries.push({
    key: 'TimeoutStopSec',
    value: fixed(String(60 + (stop ?? DEFAULT_STOP_TIMEOUT))),
  })
  return entries
}

/** `--wants`, `--after`, `--requires`: container files only, as for the units. */
function userDependencies(options: GenerateOptions): QuadletEntry[] {
  const lists: [string, readonly string[]][] = [
    ['Wants', options.wants],
    ['After', options.after],
    ['Requires', options.requires],
  ]
  return lists.flatMap(([key, units]) =>
    units.length === 0 ? [] : [{ key, value: fixed(units.join(' ')) }],
  )
}
