/**
 * A StatefulSet's `volumeClaimTemplates`: what the API server requires of each (a name, access
 * modes, a positive storage request), and what a Podman named volume cannot honour (a size, a
 * storage class, a selector, a data source, a block device).
 */
import { joinPointer } from '../diagnostics/pointer.js'
import type { ClaimTemplate } from '../parse/pod-sources.js'
import type { PodContext } from './context.js'
import { checkEnum } from './context.js'
import { checkDns1123Subdomain } from './names.js'
import { parseQuantity } from './quantity.js'

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']
const VOLUME_MODES = ['Filesystem', 'Block']
/** Claim fields that choose or fill the storage Kubernetes provides: no meaning for a volume. */
const IGNORED_CLAIM_FIELDS = [
  'storageClassName',
  'selector',
  'dataSource',
  'dataSourceRef',
  'volumeAttributesClassName',
  'volumeName',
]

export function validateClaimTemplates(ctx: PodContext): void {
  const seen = new Set<string>()
  for (const template of ctx.pod.claimTemplates) {
    const at = (...segments: (string | number)[]) => joinPointer(template.pointer, ...segments)
    if (template.name === '') {
      ctx.reporter.report('SCHEMA_REQUIRED', at('metadata'), { field: 'name' })
    } else {
      const rule = checkDns1123Subdomain(template.volumeName)
      if (rule !== undefined)
        ctx.reporter.report('NAME_INVALID', at('metadata', 'name'), {
          value: template.volumeName,
          rule,
        })
      if (seen.has(template.name))
        ctx.reporter.report('NAME_DUPLICATE_VOLUME', at('metadata', 'name'), {
          name: template.name,
        })
      seen.add(template.name)
    }
    checkSpec(ctx, template, at)
  }
  // The StatefulSet controller replaces a pod volume of the same name with the claim.
  ;(ctx.pod.spec.volumes ?? []).forEach((volume, index) => {
    if (ctx.pod.claimTemplates.some((t) => t.name === volume.name)) {
      const at = joinPointer(ctx.pod.specPointer, 'volumes', index, 'name')
      ctx.reporter.report('CLAIM_TEMPLATE_REPLACES_VOLUME', at, { name: volume.name })
    }
  })
}

function checkSpec(
  ctx: PodContext,
  template: ClaimTemplate,
  at: (...segments: (string | number)[]) => string,
): void {
  const { spec } = template
  const modes = spec.accessModes ?? []
  if (modes.length === 0) {
    ctx.reporter.report(
      'CLAIM_ACCESS_MODES',
      spec.accessModes === undefined ? at('spec') : at('spec', 'accessModes'),
      {},
    )
  }
  modes.forEach((mode, i) => checkEnum(ctx, mode, at('spec', 'accessModes', i), ACCESS_MODES))
  checkEnum(ctx, spec.volumeMode, at('spec', 'volumeMode'), VOLUME_MODES)
  if (spec.volumeMode === 'Block')
    ctx.reporter.report('CLAIM_BLOCK_MODE', at('spec', 'volumeMode'), {})
  const storage = spec.resources?.requests?.['storage']
  const quantity = storage === undefined ? undefined : parseQuantity(String(storage))
  if (storage === undefined || quantity === undefined || quantity.numerator <= 0n) {
    const where =
      storage === undefined ? at('spec') : at('spec', 'resources', 'requests', 'storage')
    ctx.reporter.report('CLAIM_STORAGE_REQUIRED', where, {})
  } else {
    ctx.reporter.report(
      'CLAIM_SIZE_NOT_ENFORCED',
      at('spec', 'resources', 'requests', 'storage'),
      { value: String(storage) },
      { atKey: true },
    )
  }
  if (spec.resources?.limits !== undefined) {
    ctx.reporter.report('IGNORED_FIELD', at('spec', 'resources', 'limits'), {}, { atKey: true })
  }
  const fields = spec as Record<string, unknown>
  for (const field of IGNORED_CLAIM_FIELDS) {
    if (fields[field] !== undefined) {
      ctx.reporter.report('IGNORED_FIELD', at('spec', field), {}, { atKey: true })
    }
  }
}
