/**
 * Reading the units that the Quadlet generator (Podman 5.4.2) writes back into the `podman pod
 * create` and `podman create --pod` arguments they run, as argv: Quadlet's own fixed arguments
 * (pid and id files, `--replace`, `--rm`, `--cgroups=split`, `--sdnotify`, `-d`) are taken out,
 * whatever their place, since some groups of flags come out in a random order (podman5.md §4.3).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { entriesOf, parseUnitFile, splitExecLine } from './systemd-unquote.js'
import type { ParsedUnitFile, SpecifierResolver } from './systemd-unquote.js'

/** `%t`, `%n`, `%N` come back as NUL + letter: no argument of ours can hold a NUL. */
const SENTINEL = '\u0000'
const QUADLET_SPECIFIERS: SpecifierResolver = (s) =>
  s === 't' || s === 'n' || s === 'N' ? `${SENTINEL}${s}` : undefined

const PODMAN = '/usr/bin/podman'

export interface GeneratedPod {
  readonly serviceName: string
  readonly podName: string
  /** `podman pod create` arguments without Quadlet's pid file, id file and `--replace`. */
  readonly createArgs: readonly string[]
  readonly containers: readonly GeneratedContainer[]
}

export interface GeneratedContainer {
  readonly serviceName: string
  readonly containerName: string
  /** `podman run` arguments without Quadlet's fixed ones and without `--pod-id-file`. */
  readonly runArgs: readonly string[]
  /** The unit's `Restart=`, if any: what systemd does when the container exits. */
  readonly restart?: string
}

function execOf(unit: ParsedUnitFile, key: string): string[][] {
  return entriesOf(unit, 'Service', key).flatMap((e) => splitExecLine(e.value, QUADLET_SPECIFIERS))
}

/** Takes out `flag` (and its value when `withValue`) or `flag=…` everywhere; says how often. */
function takeOut(args: string[], flag: string, withValue: boolean): number {
  let found = 0
  for (let i = 0; i < args.length;) {
    const arg = args[i]!
    if (arg === flag) {
      args.splice(i, withValue ? 2 : 1)
      found++
    } else if (withValue && arg.startsWith(`${flag}=`)) {
      args.splice(i, 1)
      found++
    } else i++
  }
  return found
}

function valueOf(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag)
  return i < 0 ? undefined : args[i + 1]
}

/** Reads the generated `*.service` files of one directory: one pod and its containers. */
export function readGeneratedPod(dir: string): GeneratedPod {
  const units = readdirSync(dir)
    .filter((f) => f.endsWith('.service'))
    .sort()
    .map((f) => ({
      serviceName: f.slice(0, -'.service'.length),
      unit: parseUnitFile(readFileSync(join(dir, f), 'utf8')),
    }))
  const pods = units.filter((u) => execOf(u.unit, 'ExecStartPre').some(isPodCreate))
  if (pods.length !== 1) throw new Error(`${dir}: expected one pod unit, found ${pods.length}`)
  const pod = pods[0]!
  const create = [...(execOf(pod.unit, 'ExecStartPre').find(isPodCreate) ?? [])].slice(3)
  for (const [flag, withValue] of [
    ['--infra-conmon-pidfile', true],
    ['--pod-id-file', true],
    ['--replace', false],
  ] as const) {
    if (takeOut(create, flag, withValue) !== 1) throw new Error(`pod create: no single ${flag}`)
  }
  const podName = valueOf(create, '--name')
  if (podName === undefined) throw new Error(`${pod.serviceName}: pod create has no --name`)
  const containers = units
    .filter((u) => u !== pod)
    .map(({ serviceName, unit }) => {
      const starts = execOf(unit, 'ExecStart')
      const argv = starts[0]
      if (starts.length !== 1 || argv?.[0] !== PODMAN || argv[1] !== 'run') {
        throw new Error(`${serviceName}: expected one ExecStart=${PODMAN} run …`)
      }
      const runArgs = argv.slice(2)
      takeOut(runArgs, '--cidfile', true)
      for (const flag of ['--replace', '--rm', '--cgroups=split', '--sdnotify=conmon', '-d']) {
        if (takeOut(runArgs, flag, false) !== 1)
          throw new Error(`${serviceName}: no single ${flag}`)
      }
      const idFile = valueOf(runArgs, '--pod-id-file')
      if (idFile !== `${SENTINEL}t/${pod.serviceName}.pod-id`) {
        throw new Error(`${serviceName}: --pod-id-file ${String(idFile)} is not the pod's`)
      }
      takeOut(runArgs, '--pod-id-file', true)
      const left = runArgs.find((a) => a.includes(SENTINEL))
      if (left !== undefined) throw new Error(`${serviceName}: a specifier is left: ${left}`)
      const containerName = valueOf(runArgs, '--name')
      if (containerName === undefined) throw new Error(`${serviceName}: podman run has no --name`)
      const restart = entriesOf(unit, 'Service', 'Restart').at(-1)?.value
      return { serviceName, containerName, runArgs, ...(restart === undefined ? {} : { restart }) }
    })
  return { serviceName: pod.serviceName, podName, createArgs: create, containers }
}

function isPodCreate(argv: readonly string[]): boolean {
  return argv[0] === PODMAN && argv[1] === 'pod' && argv[2] === 'create'
}
