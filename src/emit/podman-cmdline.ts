/**
 * The model as Podman command lines: the arguments of `podman pod create` and of
 * `podman create --pod <pod>` that make the pod and containers `podman kube play` would make.
 * These are the arguments a user would have typed before running `podman generate systemd`.
 */
import type { ContainerModel, KeyValue, Mount, PodModel } from '../model/pod-model.js'
import { healthCmdArgument } from './health-cmd.js'
import { DEFAULT_PODMAN_VERSION, PODMAN_TRAITS } from './targets.js'
import type { PodmanVersion } from './targets.js'

/**
 * Podman 4.3's options that are string slices: it splits their values at commas, as CSV, so a
 * value with `,` or `"` must be one quoted CSV field: `"a,b"`, `"say ""hi"""`. Later versions
 * take some of them whole (`wholeValueFlags` in targets.ts).
 */
const SLICE_FLAGS: ReadonlySet<string> = new Set([
  '--add-host',
  '--annotation',
  '--cap-add',
  '--cap-drop',
  '--device',
  '--dns',
  '--dns-option',
  '--dns-search',
  '--env-file',
  '--group-add',
  '-p',
  '--sysctl',
  '--ulimit',
  '--volumes-from',
])

export function csvField(value: string): string {
  // A newline ends an unquoted CSV record; validation refuses carriage returns, which Go's CSV
  // reader drops even inside quotes.
  return /[,"\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}

/** Builds an argument list, in the spirit of quadlet's `PodmanCmdline`. */
class Cmdline {
  readonly args: string[] = []
  private readonly whole: ReadonlySet<string>
  constructor(version: PodmanVersion) {
    this.whole = new Set(PODMAN_TRAITS[version].wholeValueFlags)
  }
  /** Options and their values; a value of a slice option is written as one CSV field. */
  add(...args: string[]): this {
    for (const arg of args) {
      const flag = this.args.at(-1)
      const csv = flag !== undefined && SLICE_FLAGS.has(flag) && !this.whole.has(flag)
      this.args.push(csv ? csvField(arg) : arg)
    }
    return this
  }
  /** The image and its arguments, taken as they are. */
  addPositional(...args: string[]): this {
    this.args.push(...args)
    return this
  }
  addIf(condition: boolean, ...args: string[]): this {
    return condition ? this.add(...args) : this
  }
  /** `flag value` when the value is given. */
  addValue(flag: string, value: string | number | undefined): this {
    return value === undefined ? this : this.add(flag, String(value))
  }
  /** `flag value` once per value. */
  addEach(flag: string, values: readonly string[]): this {
    for (const value of values) this.add(flag, value)
    return this
  }
  addPairs(flag: string, pairs: readonly KeyValue[]): this {
    return this.addEach(
      flag,
      pairs.map((p) => `${p.key}=${p.value}`),
    )
  }
}

/** Arguments of `podman pod create` (of the Podman version given). */
export function podCreateArgs(
  pod: PodModel,
  version: PodmanVersion = DEFAULT_PODMAN_VERSION,
): string[] {
  return new Cmdline(version)
    .add('--name', pod.name)
    .addValue('--infra-name', pod.infraName)
    .addValue('--hostname', pod.hostname)
    .addPairs('--label', pod.labels)
    .addEach('-p', pod.ports.map(formatPort))
    .addEach(
      '--add-host',
      pod.hostAliases.map((a) => `${a.hostname}:${a.ip}`),
    )
    .addEach('--dns', pod.dns.nameservers)
    .addEach('--dns-search', pod.dns.searches)
    .addEach('--dns-option', pod.dns.options)
    .addPairs('--sysctl', pod.sysctls)
    .addIf(pod.sharePid, '--share', 'ipc,net,uts,pid')
    .addIf(pod.hostNetwork, '--network', 'host')
    .addIf(pod.hostUts, '--uts', 'host')
    .addIf(pod.hostPid, '--pid', 'host')
    .addValue('--userns', pod.userns)
    .addValue('--cpus', pod.resources.cpus)
    .addValue('--memory', pod.resources.memory).args
}

/** `[ip:]host:container[/proto]`, as `-p` and Quadlet's `PublishPort=` take it. */
export function formatPort(port: PodModel['ports'][number]): string {
  const host =
    port.hostIP === undefined
      ? ''
      : `${port.hostIP.includes(':') ? `[${port.hostIP}]` : port.hostIP}:`
  const protocol = port.protocol === 'tcp' ? '' : `/${port.protocol}`
  return `${host}${port.hostPort}:${port.containerPort}${protocol}`
}

/**
 * Arguments of `podman create --pod <pod>`, without the `--restart` flag, which Podman's generator
 * moves into `Restart=`. Boolean flags come before flags with values, so that the token before
 * the image is never a boolean flag that the generator's lenient parser could pair with the image.
 */
export function containerCreateArgs(
  container: ContainerModel,
  version: PodmanVersion = DEFAULT_PODMAN_VERSION,
): string[] {
  const { security, resources } = container
  const cmd = new Cmdline(version)
    .add('--name', container.name)
    .addIf(container.tty, '-t')
    .addIf(container.stdin, '-i')
    .addIf(security.privileged, '--privileged')
    .addIf(security.readOnlyRootFilesystem === true, '--read-only')
    .addIf(security.readOnlyRootFilesystem === false, '--read-only=false')
    .addPairs('--label', container.labels)
    .addPairs('--annotation', container.annotations)
    .addValue('--stop-timeout', container.stopTimeout)
    .addValue('--stop-signal', container.stopSignal)
    .addValue('--pull', container.pull)
    .addValue('--user', security.user)
    .addEach('--group-add', security.groupAdd)
    .addEach('--cap-drop', security.capDrop)
    .addEach('--cap-add', security.capAdd)
    .addEach('--security-opt', security.securityOpts)
    .addIf(security.hostIpc, '--ipc', 'host')
    .addIf(security.hostPid, '--pid', 'host')
    .addValue('--cpus', resources.cpus)
    .addValue('--memory', resources.memory)
    .addValue('--memory-reservation', resources.memoryReservation)
    .addValue('--workdir', container.workingDir)
    .addValue('--env-file', container.envFile)
    .addPairs('--env', container.env)
  for (const mount of container.mounts) cmd.add(...mountArgs(mount))
  const health = container.health
  if (health !== undefined) {
    cmd
      .add('--health-cmd', healthCmdArgument(health.command))
      .add('--health-interval', health.interval)
      .add('--health-retries', String(health.retries))
      .add('--health-timeout', health.timeout)
      .add('--health-start-period', health.startPeriod)
      .addValue('--health-on-failure', health.onFailure)
  }
  cmd.add(...container.extraArgs)
  if (container.entrypoint !== undefined)
    cmd.add('--entrypoint', JSON.stringify(container.entrypoint))
  return cmd.addPositional(container.image, ...container.args).args
}

export function mountArgs(mount: Mount): string[] {
  switch (mount.kind) {
    case 'bind':
    case 'volume':
      return ['-v', [mount.source, mount.target, mount.options.join(',')].filter(Boolean).join(':')]
    case 'tmpfs':
      return ['--tmpfs', [mount.target, mount.options.join(',')].filter(Boolean).join(':')]
    case 'device':
      return ['--device', `${mount.source}:${mount.target}`]
    case 'image':
      return [
        '--mount',
        [`type=image`, `source=${mount.source}`, `target=${mount.target}`].join(','),
      ]
  }
}
