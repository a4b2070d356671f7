/**
 * Rules for a workload's own spec and for pod fields whose values Podman honours only in part:
 * the selector (the API server refuses one that does not select the template's labels), a Job's
 * completions and parallelism (Podman runs the pod once), os.name, and supplementalGroupsPolicy.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1.js'
import { joinPointer } from '../diagnostics/pointer.js'
import type { PodSource } from '../parse/pod-sources.js'
import type { PodContext } from './context.js'
import type { Anchor } from './ignored-fields.js'
import { checkEnum } from './context.js'

/**
 * The spec of the workload whose template is the pod: the object's own `spec`, or a CronJob's
 * `spec.jobTemplate.spec` (a Job's spec); its anchor in the field lists (ignored-fields.ts).
 */
export function workloadSpecOf(pod: PodSource): {
  readonly anchor: Anchor
  readonly value: Record<string, unknown>
  readonly pointer: string
} {
  const spec = (pod.document.value['spec'] ?? {}) as Record<string, unknown>
  const specAt = joinPointer(pod.document.base, 'spec')
  if ((pod.kind as string) !== 'CronJob') {
    return { anchor: `${pod.kind}Spec` as Anchor, value: spec, pointer: specAt }
  }
  const job = (spec['jobTemplate'] ?? {}) as Record<string, unknown>
  const value = (job['spec'] ?? {}) as Record<string, unknown>
  return { anchor: 'JobSpec', value, pointer: joinPointer(specAt, 'jobTemplate', 'spec') }
}

export function validateWorkload(ctx: PodContext): void {
  const { pod, reporter } = ctx
  const { anchor, value: spec, pointer: specAt } = workloadSpecOf(pod)
  if (pod.kind !== 'Pod' && anchor === 'JobSpec') {
    const mode = spec['completionMode']
    if (typeof mode === 'string') {
      checkEnum(ctx, mode, joinPointer(specAt, 'completionMode'), ['NonIndexed', 'Indexed'])
    }
  } else if (pod.kind !== 'Pod') {
    const selector = spec['selector'] as LabelSelector | undefined
    if (selector !== undefined && !selects(selector, pod.metadata.labels ?? {})) {
      reporter.report('SELECTOR_MISMATCH', joinPointer(specAt, 'selector'), {}, { atKey: true })
    }
  }
  // Podman runs Linux containers: a pod for Windows nodes cannot run here.
  checkEnum(ctx, pod.spec.os?.name, joinPointer(pod.specPointer, 'os', 'name'), ['linux'])
  checkGroupsPolicy(ctx)
}

/**
 * supplementalGroupsPolicy: Podman adds the groups of the image's /etc/group for `--user <uid>`
 * (Merge), and none for `--user <uid>:<gid>` (Strict), so a container honours the policy when its
 * runAsGroup matches it. Merge is the default; only a policy that is set is checked.
 */
function checkGroupsPolicy(ctx: PodContext): void {
  const { pod } = ctx
  // Kubernetes 1.31+, newer than kubernetes-types.
  const security = pod.spec.securityContext as { supplementalGroupsPolicy?: string } | undefined
  const policy = security?.supplementalGroupsPolicy
  if (policy !== 'Strict' && policy !== 'Merge') return
  const groups = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map(
    (c) => (c.securityContext?.runAsGroup ?? pod.spec.securityContext?.runAsGroup) !== undefined,
  )
  const at = joinPointer(pod.specPointer, 'securityContext', 'supplementalGroupsPolicy')
  if (policy === 'Strict' && groups.includes(false)) {
    ctx.reporter.report('SUPPLEMENTAL_GROUPS_STRICT', at, {})
  } else if (policy === 'Merge' && groups.includes(true)) {
    ctx.reporter.report('SUPPLEMENTAL_GROUPS_MERGE', at, {})
  }
}

/** Kubernetes' label selector: every matchLabels pair and every matchExpressions requirement. */
function selects(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  const pairs = Object.entries(selector.matchLabels ?? {})
  const expressions = selector.matchExpressions ?? []
  if (pairs.length === 0 && expressions.length === 0) return false // selects nothing: refused
  return (
    pairs.every(([key, value]) => labels[key] === value) &&
    expressions.every(({ key, operator, values = [] }) => {
      const value = labels[key]
      switch (operator) {
        case 'In':
          return value !== undefined && values.includes(value)
        case 'NotIn':
          return value === undefined || !values.includes(value)
        case 'Exists':
          return value !== undefined
        case 'DoesNotExist':
          return value === undefined
        default:
          return false
      }
    })
  )
}
