/**
 * AppArmor: the `appArmorProfile` field (Kubernetes 1.30+; container, else pod) and the older
 * annotation `container.apparmor.security.beta.kubernetes.io/<container>`, which the field
 * replaces. Both become Podman's `--security-opt apparmor=<profile>`: RuntimeDefault is Podman's
 * default profile (nothing to say), Unconfined `apparmor=unconfined`, a Localhost profile its name.
 */
import type { Container, PodSpec } from 'kubernetes-types/core/v1.js'
import { joinPointer } from '../diagnostics/pointer.js'
import type { PodSource } from '../parse/pod-sources.js'
import type { PodContext } from './context.js'

export const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/'

interface AppArmorProfile {
  readonly type?: string
  readonly localhostProfile?: string
}

/** The annotation of a container: the pod's (a template's) own, else the workload's. */
function annotationOf(pod: PodSource, container: string): string | undefined {
  const key = `${APPARMOR_ANNOTATION}${container}`
  return pod.metadata.annotations?.[key] ?? pod.annotations[key]
}

function profileOf(object: Container | PodSpec | undefined): AppArmorProfile | undefined {
  const security = object?.securityContext as { appArmorProfile?: AppArmorProfile } | undefined
  return security?.appArmorProfile
}

/** The `--security-opt` value for a container, if it needs one. */
export function appArmorOption(pod: PodSource, container: Container): string | undefined {
  const profile = profileOf(container)
  const annotation = annotationOf(pod, container.name)
  if (profile === undefined && annotation !== undefined) {
    if (annotation === 'unconfined') return 'apparmor=unconfined'
    if (annotation.startsWith('localhost/')) {
      return `apparmor=${annotation.slice('localhost/'.length)}`
    }
    return undefined // runtime/default
  }
  const chosen = profile ?? profileOf(pod.spec)
  if (chosen?.type === 'Unconfined') return 'apparmor=unconfined'
  if (chosen?.type === 'Localhost' && chosen.localhostProfile) {
    return `apparmor=${chosen.localhostProfile}`
  }
  return undefined
}

/** The values Kubernetes accepts: a known type with its profile, a known annotation value. */
export function validateAppArmor(ctx: PodContext): void {
  const { pod, reporter } = ctx
  const check = (object: Container | PodSpec, pointer: string) => {
    const profile = profileOf(object)
    if (profile === undefined) return
    const at = joinPointer(pointer, 'securityContext', 'appArmorProfile')
    const types = ['RuntimeDefault', 'Unconfined', 'Localhost']
    if (!types.includes(profile.type ?? '')) {
      reporter.report('ENUM_INVALID', joinPointer(at, 'type'), {
        value: profile.type ?? '',
        allowed: types,
      })
    } else if (profile.type === 'Localhost' && !profile.localhostProfile) {
      reporter.report('SCHEMA_REQUIRED', at, { field: 'localhostProfile' })
    }
  }
  check(pod.spec, pod.specPointer)
  const lists = ['initContainers', 'containers'] as const
  for (const list of lists) {
    ;(pod.spec[list] ?? []).forEach((c, i) => check(c, joinPointer(pod.specPointer, list, i)))
  }
  const annotated: [Readonly<Record<string, string>>, string][] = [
    [pod.metadata.annotations ?? {}, joinPointer(pod.metadataPointer, 'annotations')],
  ]
  if (pod.kind !== 'Pod') {
    annotated.push([pod.annotations, joinPointer(pod.document.base, 'metadata', 'annotations')])
  }
  for (const [annotations, base] of annotated) {
    for (const [key, value] of Object.entries(annotations)) {
      if (!key.startsWith(APPARMOR_ANNOTATION)) continue
      if (value === 'runtime/default' || value === 'unconfined') continue
      if (value.startsWith('localhost/') && value.length > 'localhost/'.length) continue
      reporter.report('ANNOTATION_INVALID', joinPointer(base, key), {
        detail: `invalid AppArmor profile ${JSON.stringify(value)} (runtime/default, unconfined or localhost/<profile>)`,
      })
    }
  }
}
