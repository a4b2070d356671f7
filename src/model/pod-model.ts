/**
 * The intermediate pod model: what `podman pod create` and `podman create --pod` must be told,
 * in Podman's terms, with every Kubernetes-specific rule already applied. Plain readonly data;
 * each node keeps the JSON Pointer of the YAML it came from.
 */

import type { JobModel, ScheduleModel } from './schedule-model.js'
import type { Source } from './source.js'

export type { Source } from './source.js'

export type RestartPolicy = 'always' | 'on-failure' | 'no'

export interface PodModel {
  /** The Podman pod name: `metadata.name`, or `<workload>-pod`. Becomes `--name`. */
  readonly name: string
  /** Unit name without `.service`, e.g. `pod-web`. Becomes the file name and `Wants=`/`BindsTo=`. */
  readonly serviceName: string
  /** Becomes `--hostname`; absent with the host's network. */
  readonly hostname?: string
  /** Becomes `--label k=v` on the pod and on each container, as `podman kube play` does. */
  readonly labels: readonly KeyValue[]
  /** Becomes `-p [ip:]host:container[/proto]`. */
  readonly ports: readonly PortMapping[]
  /** Becomes `--add-host name:ip`. */
  readonly hostAliases: readonly HostAlias[]
  readonly dns: DnsConfig
  /** Becomes `--sysctl name=value`. */
  readonly sysctls: readonly KeyValue[]
  /** Becomes `--network host`. */
  readonly hostNetwork: boolean
  /**
   * Becomes `--uts host`: the pod (and so its containers) in the host's UTS namespace, with the
   * host's hostname, as Kubernetes gives a hostNetwork pod. Without it Podman 4.3 and 5.4 give
   * the pod a UTS namespace of its own named after the pod, even with `--network host`.
   */
  readonly hostUts: boolean
  /** Becomes `--share ipc,net,uts,pid` (shareProcessNamespace). */
  readonly sharePid: boolean
  /** Becomes `--pid host`. */
  readonly hostPid: boolean
  /** Becomes `--userns`. */
  readonly userns?: string
  /** Becomes `--infra-name`. */
  readonly infraName?: string
  /** Pod-level `spec.resources` limits (Kubernetes 1.32+), for the pod's cgroup. */
  readonly resources: PodResources
  /**
   * `spec.initContainers`, in order: plain init containers (restart `no`, run once) and native
   * sidecars (`restartPolicy: Always`: restart `always`, kept running beside the app containers).
   */
  readonly initContainers: readonly ContainerModel[]
  readonly containers: readonly ContainerModel[]
  /** Files that must exist on the host before the units start (ConfigMap and Secret data). */
  readonly dataFiles: readonly DataFile[]
  /** The pod of a Job or CronJob: runs to completion, then stops. */
  readonly job?: JobModel
  /** The pod of a CronJob: a timer starts it. Becomes `<pod service>.timer`. */
  readonly schedule?: ScheduleModel
  readonly source: Source
}

export interface KeyValue {
  readonly key: string
  readonly value: string
}

export interface PortMapping {
  readonly hostIP?: string
  readonly hostPort: number
  readonly containerPort: number
  readonly protocol: 'tcp' | 'udp' | 'sctp'
}

export interface HostAlias {
  readonly hostname: string
  readonly ip: string
}

export interface DnsConfig {
  readonly nameservers: readonly string[]
  readonly searches: readonly string[]
  /** `name` or `name:value`. */
  readonly options: readonly string[]
}

export interface ContainerModel {
  /** The Podman container name, `<pod>-<container>`. Becomes `--name`. */
  readonly name: string
  /** Unit name without `.service`, e.g. `container-web-nginx`. */
  readonly serviceName: string
  readonly image: string
  /** Kubernetes `command`, `$(VAR)` expanded. Becomes `--entrypoint '["…"]'`. */
  readonly entrypoint?: readonly string[]
  /** Kubernetes `args`, `$(VAR)` expanded. Positional arguments after the image. */
  readonly args: readonly string[]
  /** Becomes `--workdir`. */
  readonly workingDir?: string
  /** Becomes `--env NAME=value`, in order; a later entry wins, as in Kubernetes. */
  readonly env: readonly KeyValue[]
  /** Absolute path of the file holding the values that come from Secrets. Becomes `--env-file`. */
  readonly envFile?: string
  readonly labels: readonly KeyValue[]
  readonly annotations: readonly KeyValue[]
  /** Becomes `-t`. */
  readonly tty: boolean
  /** Becomes `-i`. */
  readonly stdin: boolean
  /** Becomes `--restart`, which Podman's generator turns into `Restart=`. */
  readonly restart: RestartPolicy
  /** Seconds. Becomes `--stop-timeout`, hence `TimeoutStopSec=` and `podman stop -t`. */
  readonly stopTimeout?: number
  /** `lifecycle.stopSignal` (Kubernetes 1.33+). Becomes `--stop-signal`. */
  readonly stopSignal?: string
  readonly resources: Resources
  readonly security: SecurityOptions
  readonly mounts: readonly Mount[]
  readonly health?: HealthCheck
  /** Becomes `--pull`. */
  readonly pull?: 'always' | 'missing' | 'never' | 'newer'
  /** Other options, already in Podman's terms (annotation-driven features). */
  readonly extraArgs: readonly string[]
  readonly source: Source
}

export interface Resources {
  /** Becomes `--cpus`, as a decimal number of CPUs. */
  readonly cpus?: string
  /** Bytes, in decimal (exact beyond 2^53). Becomes `--memory`. */
  readonly memory?: string
  /** Bytes, in decimal. Becomes `--memory-reservation`. */
  readonly memoryReservation?: string
}

export interface PodResources {
  /** Becomes pod `--cpus`, as a decimal number of CPUs. */
  readonly cpus?: string
  /** Bytes, in decimal (exact beyond 2^53). Becomes pod `--memory`. */
  readonly memory?: string
}

export interface SecurityOptions {
  /** `uid`, `uid:gid` or `0:gid`. Becomes `--user`. */
  readonly user?: string
  readonly groupAdd: readonly string[]
  readonly privileged: boolean
  readonly readOnlyRootFilesystem?: boolean
  readonly noNewPrivileges?: boolean
  readonly capAdd: readonly string[]
  readonly capDrop: readonly string[]
  /** Each becomes `--security-opt <opt>`, e.g. `label=type:spc_t`, `unmask=ALL`. */
  readonly securityOpts: readonly string[]
  /** With the host's IPC, PID or network namespace (`--ipc host`, …). */
  readonly hostIpc: boolean
  readonly hostPid: boolean
}

export type Mount =
  | {
      readonly kind: 'bind'
      readonly source: string
      readonly target: string
      readonly options: readonly string[]
    }
  | {
      readonly kind: 'volume'
      readonly source: string
      readonly target: string
      readonly options: readonly string[]
    }
  | { readonly kind: 'tmpfs'; readonly target: string; readonly options: readonly string[] }
  | { readonly kind: 'device'; readonly source: string; readonly target: string }
  | {
      readonly kind: 'image'
      readonly source: string
      readonly target: string
    }

/**
 * What a health check runs. Becomes `--health-cmd` (Quadlet: `HealthCmd=`), written in the form
 * Podman's `MakeHealthCheckFromCli` (4.3 and 5.4 alike) reads back as this command:
 * - `exec`: the argv, executed as it is, without a shell (a Kubernetes `exec` probe). Podman
 *   stores it as `["CMD", …argv]`. Lowering guarantees Podman can take it that way: either
 *   at least two words, the first not `CMD`, `CMD-SHELL` or `NONE` in any case (written as the
 *   JSON array of the argv, without `"CMD"`), or words that are non-empty and free of
 *   whitespace (written as `CMD w1 w2 …`). See `healthCmdArgument` in src/emit/health-cmd.ts.
 * - `shell`: a command line for `/bin/sh -c` (httpGet and tcpSocket probes: `curl`, `nc`).
 *   Podman stores it as `["CMD-SHELL", command]`.
 */
export type HealthCommand =
  | { readonly kind: 'exec'; readonly argv: readonly string[] }
  | { readonly kind: 'shell'; readonly command: string }

export interface HealthCheck {
  /** Becomes `--health-cmd` (see `HealthCommand`). */
  readonly command: HealthCommand
  /** Becomes `--health-interval`, `--health-retries`, `--health-timeout`, `--health-start-period`. */
  readonly interval: string
  readonly retries: number
  readonly timeout: string
  readonly startPeriod: string
  /** Becomes `--health-on-failure`. */
  readonly onFailure?: 'restart'
}

/** A file the units read at run time; mode 0600 when it holds a Secret. */
export interface DataFile {
  /** Relative to the data directory: `<pod>/configmaps/<volume>/<key>`. */
  readonly path: string
  readonly content: string | Uint8Array
  readonly mode: number
}
