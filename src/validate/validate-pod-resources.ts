/**
 * Pod-level `spec.resources` (Kubernetes 1.32+, PodLevelResources): limits.cpu and limits.memory
 * become the pod's `--cpus` and `--memory`; `podman pod create` has no reservation or shares, so
 * requests are warned about, as are resources other than cpu and memory (hugepages).
 */
import type { ResourceRequirements } from 'kubernetes-types/core/v1.js'
import { joinPointer } from '../diagnostics/pointer.js'
import type { PodContext } from './context.js'
import { parseQuantity } from './quantity.js'

export function validatePodResources(ctx: PodContext): void {
  const resources = (ctx.pod.spec as { resources?: ResourceRequirements }).resources
  if (resources === undefined) return
  const base = joinPointer(ctx.pod.specPointer, 'resources')
  for (const section of ['limits', 'requests'] as const) {
    for (const [name, value] of Object.entries(resources[section] ?? {})) {
      const at = joinPointer(base, section, name)
      const quantity = parseQuantity(String(value))
      if (quantity === undefined || quantity.numerator < 0n) {
        ctx.reporter.report('QUANTITY_INVALID', at, { value: String(value) })
      } else if (name !== 'cpu' && name !== 'memory') {
        ctx.reporter.report('IGNORED_FIELD', at, {}, { atKey: true })
      } else if (section === 'requests') {
        ctx.reporter.report('POD_REQUESTS_NOT_ENFORCED', at, {}, { atKey: true })
      }
    }
  }
  if (resources.claims !== undefined) {
    ctx.reporter.report('IGNORED_FIELD', joinPointer(base, 'claims'), {}, { atKey: true })
  }
}
