/**
 * `podman inspect` of a pod and its containers, reduced to a normalized projection that can be
 * compared between two pods made in different ways (by `podman kube play`, and by the commands
 * read back from our units): IDs become the names of the objects they stand for, temporary paths
 * become placeholders, sets are sorted, and noise that depends only on how a container was made
 * (its create command, IDs, dates) is left out.
 *
 * A projection is flat: one key per field, and one key per entry of the map-like fields (`env.X`,
 * `label.X`, `annotation.X`, `mount:/dest`), so that a difference is always as small as possible
 * and an allowed difference never hides another one in the same field.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { join } from 'node:path'
import { podman, type RunResult } from './podman.js'

/** One object of a pod: `pod`, `infra`, or a container by its Kubernetes name. */
export type Projection = Record<string, unknown>

export interface PodSnapshot {
  /** The Podman pod name. */
  readonly podName: string
  /** `pod`, `infra` and one entry per container (init containers included), by Kubernetes name. */
  readonly objects: ReadonlyMap<string, Projection>
}

export interface SnapshotOptions {
  /** Strings to replace everywhere, e.g. a temporary directory → `<tmp>`; longest first. */
  readonly placeholders: readonly (readonly [string, string])[]
  /** How podman is run. @default the host's, with the tests' private store */
  readonly podman?: (args: readonly string[]) => RunResult
  /**
   * Where Podman's `/` is on this machine, to read volume files (a chroot). Bind sources under
   * /tmp are read where they are. @default '/'
   */
  readonly hostRoot?: string
  /** List the files of mounted scratch directories and volumes (on this host). @default true */
  readonly readFiles?: boolean
}

/** Environment variables Podman sets by itself for `podman create` (not for `kube play`). */
export const ENV_NOISE: ReadonlySet<string> = new Set(['PATH', 'HOSTNAME', 'container', 'TERM'])

/** Annotations Podman adds to every container; they say nothing about the YAML. */
const ANNOTATION_NOISE: ReadonlySet<string> = new Set([
  'io.kubernetes.cri-o.ContainerType',
  'io.kubernetes.cri-o.SandboxID',
  'io.kubernetes.cri-o.TTY',
  'io.podman.annotations.autoremove',
  'io.podman.annotations.init',
  'io.podman.annotations.privileged',
  'io.podman.annotations.publish-all',
])

/** Labels of the test image itself. */
const LABEL_NOISE: ReadonlySet<string> = new Set(['io.podunit.test-image'])

const volumeRoots = new WeakMap<object, string>()
/** Where the store keeps named volumes (the tests' private store: test/podman/store.sh). */
function volumeRootOf(run: (args: readonly string[]) => RunResult): string {
  let root = volumeRoots.get(run)
  if (root === undefined) {
    root = `${run(['info', '--format', '{{.Store.VolumePath}}']).stdout.trim()}/`
    volumeRoots.set(run, root)
  }
  return root
}

export type Json = Record<string, unknown>

/** Lists the files under a mount source that is a scratch directory or a named volume. */
function fileLister(options: SnapshotOptions): (source: string) => unknown {
  if (options.readFiles === false) return () => null
  const hostRoot = options.hostRoot ?? '/'
  const volumeRoot = volumeRootOf(options.podman ?? podman)
  return (source) =>
    source.startsWith(volumeRoot)
      ? listFiles(join(hostRoot, source))
      : source.startsWith('/tmp/')
        ? listFiles(source)
        : null
}

/** Inspects a pod and every container in it; throws when the pod does not exist. */
export function snapshotPod(podName: string, options: SnapshotOptions): PodSnapshot {
  const run = options.podman ?? podman
  const pod = inspectOne(run, ['pod', 'inspect', podName])
  const members = (pod['Containers'] as { Id: string; Name: string }[] | null) ?? []
  const containers =
    members.length === 0
      ? []
      : (JSON.parse(run(['inspect', ...members.map((m) => m.Id)]).stdout) as Json[])
  return snapshotOf(podName, pod, containers, options)
}

/** The snapshot of `podman pod inspect` and `podman inspect` output taken elsewhere. */
export function snapshotOf(
  podName: string,
  pod: Json,
  containers: readonly Json[],
  options: SnapshotOptions,
): PodSnapshot {
  const files = fileLister(options)

  // Every ID, and the 12-character prefixes Podman uses in names, become the object's name.
  const ids: [string, string][] = [[String(pod['Id']), '<pod-id>']]
  const logical = new Map<string, string>()
  for (const c of containers) {
    const name = String(c['Name'])
    const key =
      c['IsInfra'] === true
        ? 'infra'
        : name.startsWith(`${podName}-`)
          ? name.slice(podName.length + 1)
          : name
    logical.set(String(c['Id']), key)
    ids.push([String(c['Id']), `<${key}-id>`])
  }
  const replacements: (readonly [string, string])[] = [
    ...options.placeholders,
    ...ids,
    ...ids.map(([id, to]) => [id.slice(0, 12), to] as const),
  ].sort((a, b) => b[0].length - a[0].length)
  const normalize = (value: unknown): unknown => replaceDeep(value, replacements)

  const objects = new Map<string, Projection>()
  objects.set('pod', normalize(projectPod(pod)) as Projection)
  for (const c of containers) {
    const key = logical.get(String(c['Id'])) ?? String(c['Name'])
    const projection = c['IsInfra'] === true ? projectInfra(c) : projectContainer(c, files)
    objects.set(key, normalize(projection) as Projection)
  }
  return { podName, objects }
}

function inspectOne(run: (args: readonly string[]) => RunResult, args: readonly string[]): Json {
  const parsed = JSON.parse(run(args).stdout) as Json | Json[]
  const one = Array.isArray(parsed) ? parsed[0] : parsed
  if (one === undefined) throw new Error(`podman ${args.join(' ')}: nothing inspected`)
  return one
}

function replaceDeep(
  value: unknown,
  replacements: readonly (readonly [string, string])[],
): unknown {
  if (typeof value === 'string') {
    let out = value
    for (const [from, to] of replacements) if (from !== '') out = out.replaceAll(from, to)
    return out
  }
  if (Array.isArray(value)) return value.map((v) => replaceDeep(v, replacements))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        replaceDeep(k, replacements) as string,
        replaceDeep(v, replacements),
      ]),
    )
  }
  return value
}

// ---------------------------------------------------------------------------------------------
// Projections

function projectPod(pod: Json): Projection {
  const infra = (pod['InfraConfig'] as Json | undefined) ?? {}
  const out: Projection = {
    name: pod['Name'],
    hostname: pod['Hostname'],
    exitPolicy: pod['ExitPolicy'],
    sharedNamespaces: sorted(pod['SharedNamespaces']),
    ports: portBindings(infra['PortBindings']),
    hostNetwork: infra['HostNetwork'],
    networks: sorted(infra['Networks']),
    networkOptions: infra['NetworkOptions'] ?? null,
    dnsServer: infra['DNSServer'] ?? [],
    dnsSearch: infra['DNSSearch'] ?? [],
    dnsOption: infra['DNSOption'] ?? [],
    hostAdd: infra['HostAdd'] ?? [],
    noManageHosts: infra['NoManageHosts'],
    noManageResolvConf: infra['NoManageResolvConf'],
    pidNs: infra['pid_ns'],
    userns: infra['userns'],
    utsNs: infra['uts_ns'],
    infraName: ((pod['Containers'] as { Id: string; Name: string }[] | null) ?? []).find(
      (c) => c.Id === pod['InfraContainerID'],
    )?.Name,
    restartPolicy: pod['RestartPolicy'],
    // The pod's own cgroup limits (pod create --cpus/--memory).
    cpuQuota: pod['cpu_quota'],
    memoryLimit: pod['memory_limit'],
  }
  Object.assign(out, prefixed('label.', pod['Labels'], LABEL_NOISE))
  return withoutUndefined(out)
}

/** The infra container holds what the pod's containers share: network, sysctls, hosts. */
function projectInfra(c: Json): Projection {
  const config = (c['Config'] as Json | undefined) ?? {}
  const host = (c['HostConfig'] as Json | undefined) ?? {}
  return withoutUndefined({
    hostname: config['Hostname'],
    image: c['ImageName'],
    sysctls: host['Sysctls'] ?? {},
    networkMode: host['NetworkMode'],
    pidMode: host['PidMode'],
    ipcMode: host['IpcMode'],
    utsMode: host['UTSMode'],
    usernsMode: host['UsernsMode'],
    dns: host['Dns'] ?? [],
    dnsSearch: host['DnsSearch'] ?? [],
    dnsOptions: host['DnsOptions'] ?? [],
    extraHosts: host['ExtraHosts'] ?? [],
  })
}

function projectContainer(c: Json, files: (source: string) => unknown): Projection {
  const config = (c['Config'] as Json | undefined) ?? {}
  const host = (c['HostConfig'] as Json | undefined) ?? {}
  const restart = (host['RestartPolicy'] as Json | undefined) ?? {}
  const health = config['Healthcheck'] as Json | undefined
  const out: Projection = {
    image: c['ImageName'],
    argv: [c['Path'], ...((c['Args'] as unknown[] | null) ?? [])],
    workingDir: config['WorkingDir'],
    user: config['User'],
    tty: config['Tty'],
    stdin: config['OpenStdin'],
    hostname: config['Hostname'],
    stopTimeout: config['StopTimeout'],
    stopSignal: config['StopSignal'],
    restart:
      Number(restart['MaximumRetryCount'] ?? 0) > 0
        ? `${String(restart['Name'])}:${String(restart['MaximumRetryCount'])}`
        : restart['Name'],
    health:
      health === undefined
        ? null
        : {
            test: healthCommand(health['Test']),
            interval: health['Interval'],
            timeout: health['Timeout'],
            retries: health['Retries'],
            startPeriod: health['StartPeriod'] ?? 0,
          },
    healthOnFailure: config['HealthcheckOnFailureAction'],
    privileged: host['Privileged'],
    readOnly: host['ReadonlyRootfs'],
    capAdd: sorted(host['CapAdd']),
    capDrop: sorted(host['CapDrop']),
    effectiveCaps: sorted(c['EffectiveCaps']),
    securityOpt: sorted(host['SecurityOpt']),
    groupAdd: sorted(host['GroupAdd']),
    ulimits: host['Ulimits'] ?? [],
    pidsLimit: host['PidsLimit'] ?? 0,
    devices: host['Devices'] ?? [],
    sysctls: host['Sysctls'] ?? {},
    memory: host['Memory'],
    memoryReservation: host['MemoryReservation'],
    cpuQuota: host['CpuQuota'],
    cpuPeriod: host['CpuPeriod'],
    networkMode: host['NetworkMode'],
    pidMode: host['PidMode'],
    ipcMode: host['IpcMode'],
    utsMode: host['UTSMode'],
    usernsMode: host['UsernsMode'],
    tmpfs: host['Tmpfs'] ?? {},
    extraHosts: host['ExtraHosts'] ?? [],
  }
  const env: Record<string, string> = {}
  for (const entry of (config['Env'] as string[] | null) ?? []) {
    const i = entry.indexOf('=')
    const name = i < 0 ? entry : entry.slice(0, i)
    if (!ENV_NOISE.has(name)) env[name] = i < 0 ? '' : entry.slice(i + 1)
  }
  Object.assign(out, prefixed('env.', env, new Set()))
  Object.assign(out, prefixed('label.', config['Labels'], LABEL_NOISE))
  Object.assign(out, prefixed('annotation.', config['Annotations'], ANNOTATION_NOISE))
  for (const m of (c['Mounts'] as Json[] | null) ?? []) {
    const type = String(m['Type'])
    const source = typeof m['Source'] === 'string' ? m['Source'] : ''
    out[`mount:${String(m['Destination'])}`] = {
      type,
      source: type === 'volume' ? m['Name'] : source,
      options: sorted(m['Options']),
      rw: m['RW'],
      propagation: m['Propagation'] ?? '',
    }
    out[`mount:${String(m['Destination'])}:files`] = files(source)
  }
  return withoutUndefined(out)
}

/**
 * The command a health check runs (libpod/healthcheck.go): `CMD` runs its argv, `CMD-SHELL` runs
 * `/bin/sh -c` with the rest joined by spaces. A trailing ` || exit 1` is dropped: the check only
 * tells zero from non-zero, so it changes nothing.
 */
function healthCommand(test: unknown): unknown {
  if (!Array.isArray(test) || test.length === 0) return test
  const [kind, ...rest] = test as string[]
  if (kind === 'CMD') return rest
  if (kind !== 'CMD-SHELL') return test
  return ['/bin/sh', '-c', rest.join(' ').replace(/ \|\| exit 1$/, '')]
}

/** `hostIP:hostPort->containerPort/proto`, sorted. */
function portBindings(bindings: unknown): string[] {
  const out: string[] = []
  const map = (bindings ?? {}) as Record<string, { HostIp: string; HostPort: string }[] | null>
  for (const [containerPort, hosts] of Object.entries(map)) {
    for (const h of hosts ?? []) out.push(`${h.HostIp}:${h.HostPort}->${containerPort}`)
  }
  return out.sort()
}

/**
 * What a mount shows the container: for a volume or a bind mount of a scratch directory, every
 * file below it with its mode and (short) content. Other sources are not read.
 */
function listFiles(source: string): unknown {
  const out: string[] = []
  const walk = (path: string, rel: string, depth: number): void => {
    let st
    try {
      st = lstatSync(path)
    } catch {
      out.push(`${rel || '.'} missing`)
      return
    }
    const mode = (st.mode & 0o7777).toString(8).padStart(4, '0')
    if (st.isSymbolicLink()) out.push(`${rel || '.'} link ${readlinkSync(path)}`)
    else if (st.isDirectory()) {
      if (rel !== '') out.push(`${rel}/ ${mode}`)
      if (depth < 3) {
        for (const e of readdirSync(path).sort()) {
          walk(join(path, e), rel === '' ? e : `${rel}/${e}`, depth + 1)
        }
      }
    } else if (st.isFile()) {
      const text = st.size <= 4096 ? readFileSync(path, 'utf8') : `<${st.size} bytes>`
      out.push(`${rel || '.'} ${mode} ${JSON.stringify(text)}`)
    } else out.push(`${rel || '.'} ${mode} special`)
  }
  walk(source, '', 0)
  return out
}

function sorted(value: unknown): unknown[] {
  return Array.isArray(value) ? [...(value as unknown[])].map(String).sort() : []
}

function prefixed(prefix: string, map: unknown, noise: ReadonlySet<string>): Projection {
  const out: Projection = {}
  for (const [k, v] of Object.entries((map ?? {}) as Record<string, unknown>)) {
    if (!noise.has(k)) out[`${prefix}${k}`] = v
  }
  return out
}

function withoutUndefined(projection: Projection): Projection {
  return Object.fromEntries(Object.entries(projection).filter(([, v]) => v !== undefined))
}

// ---------------------------------------------------------------------------------------------
// Comparing

export interface Difference {
  /** `pod`, `infra` or the container's Kubernetes name. */
  readonly object: string
  readonly field: string
  /** Absent (undefined) when the object or field does not exist on that side. */
  readonly kubePlay: unknown
  readonly podunit: unknown
}

/** Every field of every object whose value differs, in a stable order. */
export function compareSnapshots(kubePlay: PodSnapshot, podunit: PodSnapshot): Difference[] {
  const out: Difference[] = []
  const objects = union([...kubePlay.objects.keys()], [...podunit.objects.keys()])
  for (const object of objects) {
    const a = kubePlay.objects.get(object)
    const b = podunit.objects.get(object)
    if (a === undefined || b === undefined) {
      out.push({ object, field: '(object)', kubePlay: a && 'exists', podunit: b && 'exists' })
      continue
    }
    for (const field of union(Object.keys(a), Object.keys(b))) {
      if (!sameValue(a[field], b[field])) {
        out.push({ object, field, kubePlay: a[field], podunit: b[field] })
      }
    }
  }
  return out
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])].sort((x, y) => order(x) - order(y) || x.localeCompare(y))
}

/** `pod` and `infra` first, then the others by name. */
function order(key: string): number {
  return key === 'pod' ? 0 : key === 'infra' ? 1 : 2
}
