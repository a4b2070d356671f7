/** Unit names, computed here because the dependency lines of other units need them. */
import { joinPointer } from '../diagnostics/pointer.js'
import type { PodSource } from '../parse/pod-sources.js'

export interface NamingOptions {
  /** @default 'pod' */
  readonly podPrefix: string
  /** @default 'container' */
  readonly containerPrefix: string
  /** @default '-' */
  readonly separator: string
  /** Appended to the pod's unit name: `-pod` gives Quadlet's own `<pod>-pod`. @default '' */
  readonly podSuffix?: string
}

/** The pod's unit name without `.service`: `pod-web`, or Quadlet's `web-pod`. */
export function podServiceName(naming: NamingOptions, podName: string): string {
  return serviceName(naming.podPrefix, naming.separator, podName) + (naming.podSuffix ?? '')
}

/** Podman's `getServiceName`: `prefix + separator + name`, or `name` when the prefix is empty. */
export function serviceName(prefix: string, separator: string, name: string): string {
  return prefix === '' ? name : `${prefix}${separator}${name}`
}

/** Every unit a pod makes, with the pointer of what names it: the pod, then its containers. */
export function unitNamesOf(pod: PodSource, naming: NamingOptions): [string, string][] {
  const container = (list: 'initContainers' | 'containers') => (c: { name: string }, i: number) =>
    [
      serviceName(naming.containerPrefix, naming.separator, `${pod.podName}-${c.name}`),
      joinPointer(pod.specPointer, list, i),
    ] as [string, string]
  return [
    [podServiceName(naming, pod.podName), pod.namePointer],
    ...(pod.spec.initContainers ?? []).map(container('initContainers')),
    ...pod.spec.containers.map(container('containers')),
  ]
}
