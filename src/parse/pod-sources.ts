/**
 * Finds the pods in the parsed input: each `Pod`, and the pod template of each workload, named
 * as `podman kube play` names them; and the ConfigMaps, Secrets and PersistentVolumeClaims that
 * pods may refer to.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js'
import type { PersistentVolumeClaimSpec, PodSpec } from 'kubernetes-types/core/v1.js'
import { joinPointer } from '../diagnostics/pointer.js'
import type { SourceDocument } from './parse-yaml.js'

export type WorkloadKind =
  'Pod' | 'Deployment' | 'DaemonSet' | 'StatefulSet' | 'ReplicaSet' | 'Job' | 'CronJob'

export const WORKLOAD_KINDS: ReadonlySet<string> = new Set<WorkloadKind>([
  'Pod',
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'ReplicaSet',
  'Job',
  'CronJob',
])

export const REFERENCED_KINDS: ReadonlySet<string> = new Set([
  'ConfigMap',
  'Secret',
  'PersistentVolumeClaim',
])

export interface PodSource {
  readonly document: SourceDocument
  readonly kind: WorkloadKind
  /** The Podman pod name: `metadata.name` for a Pod, `<name>-pod` for a workload. */
  readonly podName: string
  /** Pointer of the object's `metadata.name`. */
  readonly namePointer: string
  /** The pod's metadata: the object's for a Pod, the template's for a workload. */
  readonly metadata: ObjectMeta
  readonly metadataPointer: string
  /**
   * Annotations that drive Podman features: a workload's own, not its template's, as in
   * `podman kube play`.
   */
  readonly annotations: Readonly<Record<string, string>>
  readonly spec: PodSpec
  readonly specPointer: string
  readonly replicas?: number
  /** A StatefulSet's `spec.volumeClaimTemplates`; empty for other kinds. */
  readonly claimTemplates: readonly ClaimTemplate[]
}

/**
 * One of a StatefulSet's claim templates. Kubernetes makes the claim `<template>-<sts>-<ordinal>`
 * for each replica; podunit runs one replica, ordinal 0, and names the Podman volume as
 * Kubernetes names that claim: `volumeName` = `<template>-<sts>-0`.
 */
export interface ClaimTemplate {
  /** The template's `metadata.name`: what `volumeMounts[].name` refers to. */
  readonly name: string
  readonly volumeName: string
  readonly spec: PersistentVolumeClaimSpec
  /** Pointer of the template object (`/spec/volumeClaimTemplates/<i>`). */
  readonly pointer: string
}

/** ConfigMaps, Secrets and PersistentVolumeClaims by name. */
export interface Inventory {
  readonly configMaps: ReadonlyMap<string, SourceDocument>
  readonly secrets: ReadonlyMap<string, SourceDocument>
  readonly claims: ReadonlyMap<string, SourceDocument>
}

interface Workload {
  readonly metadata?: ObjectMeta
  readonly spec?: {
    readonly replicas?: number
    readonly volumeClaimTemplates?: readonly {
      readonly metadata?: ObjectMeta
      readonly spec?: PersistentVolumeClaimSpec
    }[]
    readonly template?: { readonly metadata?: ObjectMeta; readonly spec?: PodSpec }
  } & PodSpec
}

interface CronJob {
  readonly spec?: { readonly jobTemplate?: Workload }
}

/** The pod of a schema-valid workload document, or undefined when it has none. */
export function podSourceOf(document: SourceDocument): PodSource | undefined {
  const kind = document.value['kind']
  if (typeof kind !== 'string' || !WORKLOAD_KINDS.has(kind)) return undefined
  const object = document.value as Workload
  const name = object.metadata?.name ?? ''
  const namePointer = joinPointer(document.base, 'metadata', 'name')
  const annotations = object.metadata?.annotations ?? {}
  if (kind === 'Pod') {
    return {
      document,
      kind,
      podName: name,
      namePointer,
      metadata: object.metadata ?? {},
      metadataPointer: joinPointer(document.base, 'metadata'),
      annotations,
      spec: object.spec ?? { containers: [] },
      specPointer: joinPointer(document.base, 'spec'),
      claimTemplates: [],
    }
  }
  // A CronJob's pod is the template of its job template.
  const workload = kind === 'CronJob' ? (object as CronJob).spec?.jobTemplate : object
  const base =
    kind === 'CronJob' ? joinPointer(document.base, 'spec', 'jobTemplate') : document.base
  const template = workload?.spec?.template
  const replicas = object.spec?.replicas
  return {
    document,
    kind: kind as WorkloadKind,
    podName: name === '' ? '' : `${name}-pod`,
    namePointer,
    metadata: template?.metadata ?? {},
    metadataPointer: joinPointer(base, 'spec', 'template', 'metadata'),
    annotations,
    spec: template?.spec ?? { containers: [] },
    specPointer: joinPointer(base, 'spec', 'template', 'spec'),
    ...(replicas === undefined ? {} : { replicas }),
    claimTemplates:
      kind === 'StatefulSet'
        ? (object.spec?.volumeClaimTemplates ?? []).map((t, i) => ({
            name: t.metadata?.name ?? '',
            volumeName: `${t.metadata?.name ?? ''}-${name}-0`,
            spec: t.spec ?? {},
            pointer: joinPointer(document.base, 'spec', 'volumeClaimTemplates', i),
          }))
        : [],
  }
}

/** The ConfigMap or Secret of the input named `name`. */
export function objectOf(
  inventory: Inventory,
  kind: 'ConfigMap' | 'Secret',
  name: string,
): SourceDocument | undefined {
  return (kind === 'ConfigMap' ? inventory.configMaps : inventory.secrets).get(name)
}

export function inventoryOf(documents: readonly SourceDocument[]): Inventory {
  const configMaps = new Map<string, SourceDocument>()
  const secrets = new Map<string, SourceDocument>()
  const claims = new Map<string, SourceDocument>()
  const byKind: Record<string, Map<string, SourceDocument>> = {
    ConfigMap: configMaps,
    Secret: secrets,
    PersistentVolumeClaim: claims,
  }
  for (const document of documents) {
    const kind = document.value['kind']
    const metadata = document.value['metadata'] as ObjectMeta | undefined
    const target = typeof kind === 'string' ? byKind[kind] : undefined
    if (target !== undefined && typeof metadata?.name === 'string')
      target.set(metadata.name, document)
  }
  return { configMaps, secrets, claims }
}
