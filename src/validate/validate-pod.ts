/**
 * Semantic rules for one schema-valid pod: what the Kubernetes API server or `podman kube play`
 * would refuse, and the fields Podman ignores. Each rule has its own diagnostic code.
 */
import type { Container, PodSpec } from 'kubernetes-types/core/v1.js'
import { joinPointer } from '../diagnostics/pointer.js'
import type { PodContext } from './context.js'
import { checkEnum } from './context.js'
import { ignoredFieldsIn } from './ignored-fields.js'
import { checkDns1123Label, checkDns1123Subdomain } from './names.js'
import { validateClaimTemplates } from './validate-claim-templates.js'
import { validateContainer } from './validate-container.js'
import { isSidecar } from './validate-sidecars.js'
import { validatePodResources } from './validate-pod-resources.js'
import { validateMetadata } from './validate-metadata.js'
import { validateNetwork } from './validate-network.js'
import { isIP } from './ip.js'
import { validateJob } from './validate-job.js'
import { validateVolumes } from './validate-volumes.js'
import { validatePodIntegers } from './validate-integers.js'
import { checkFileKeyRefs } from './validate-file-key-refs.js'
import { validateWorkload, workloadSpecOf } from './validate-workload.js'
import { validateAppArmor } from './apparmor.js'

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never']

export function validatePod(ctx: PodContext): void {
  const { pod, reporter } = ctx
  const spec = pod.spec
  const name = pod.document.value['metadata'] as { name?: string } | undefined
  if (!name?.name) {
    reporter.report('NAME_REQUIRED', joinPointer(pod.document.base, 'metadata'), {})
  } else {
    const problem = checkDns1123Subdomain(name.name)
    if (problem !== undefined)
      reporter.report('NAME_INVALID', pod.namePointer, { value: name.name, rule: problem })
  }
  if (pod.replicas !== undefined && pod.replicas > 1) {
    reporter.report('REPLICAS_LIMITED', joinPointer(pod.document.base, 'spec', 'replicas'), {
      replicas: pod.replicas,
    })
  }
  checkRestartPolicy(ctx)
  checkContainerNames(ctx, spec)
  validateMetadata(ctx)
  validateNetwork(ctx)
  validateVolumes(ctx, spec.volumes ?? [])
  validateClaimTemplates(ctx)
  validatePodResources(ctx)
  const volumeNames = [...(spec.volumes ?? []), ...pod.claimTemplates].map((v) => v.name)
  const containerCtx = { ...ctx, volumes: new Set(volumeNames) }
  // Plain init containers; sidecars have warnings of their own (validate-sidecars.ts).
  if ((spec.initContainers ?? []).some((c) => !isSidecar(c))) {
    reporter.report(
      'INIT_CONTAINERS_CONCURRENT',
      joinPointer(pod.specPointer, 'initContainers'),
      {},
      { atKey: true },
    )
  }
  ;(spec.initContainers ?? []).forEach((c, i) =>
    validateContainer(containerCtx, c, joinPointer(pod.specPointer, 'initContainers', i), true),
  )
  spec.containers.forEach((c, i) =>
    validateContainer(containerCtx, c, joinPointer(pod.specPointer, 'containers', i), false),
  )
  checkPorts(ctx, spec)
  validateWorkload(ctx)
  validateAppArmor(ctx)
  warnIgnored(ctx)
  validatePodIntegers(ctx)
  checkFileKeyRefs(ctx)
  validateJob(ctx)
}

/**
 * The API server's rules: a Job's (and a CronJob's) pods must say OnFailure or Never (the
 * default, Always, is refused); the pods of Deployments, DaemonSets, StatefulSets and ReplicaSets must be Always.
 */
function checkRestartPolicy(ctx: PodContext): void {
  const { pod } = ctx
  const policy = pod.spec.restartPolicy
  const at = joinPointer(pod.specPointer, 'restartPolicy')
  if (pod.kind === 'Job' || pod.kind === 'CronJob') {
    if (policy === undefined)
      ctx.reporter.report('SCHEMA_REQUIRED', pod.specPointer, { field: 'restartPolicy' })
    else checkEnum(ctx, policy, at, ['OnFailure', 'Never'])
  } else {
    checkEnum(ctx, policy, at, pod.kind === 'Pod' ? RESTART_POLICIES : ['Always'])
  }
}

function checkContainerNames(ctx: PodContext, spec: PodSpec): void {
  const seen = new Set<string>()
  const check = (container: Container, pointer: string) => {
    const at = joinPointer(pointer, 'name')
    const problem = checkDns1123Label(container.name)
    if (problem !== undefined)
      ctx.reporter.report('NAME_INVALID', at, { value: container.name, rule: problem })
    if (seen.has(container.name))
      ctx.reporter.report('NAME_DUPLICATE_CONTAINER', at, { name: container.name })
    seen.add(container.name)
  }
  ;(spec.initContainers ?? []).forEach((c, i) =>
    check(c, joinPointer(ctx.pod.specPointer, 'initContainers', i)),
  )
  spec.containers.forEach((c, i) => check(c, joinPointer(ctx.pod.specPointer, 'containers', i)))
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP']
function checkPorts(ctx: PodContext, spec: PodSpec): void {
  const published = new Map<string, string>()
  spec.containers.forEach((container, c) => {
    ;(container.ports ?? []).forEach((port, p) => {
      const at = (field: string) =>
        joinPointer(ctx.pod.specPointer, 'containers', c, 'ports', p, field)
      if (port.containerPort < 1 || port.containerPort > 65535) {
        ctx.reporter.report('PORT_RANGE', at('containerPort'), {
          value: String(port.containerPort),
        })
      }
      checkEnum(ctx, port.protocol, at('protocol'), PROTOCOLS)
      const hostPort = port.hostPort ?? 0
      if (hostPort < 0 || hostPort > 65535) {
        ctx.reporter.report('PORT_RANGE', at('hostPort'), { value: String(hostPort) })
        return
      }
      if (port.hostIP !== undefined && port.hostIP !== '' && !isIP(port.hostIP)) {
        ctx.reporter.report('PORT_HOST_IP', at('hostIP'), { value: port.hostIP })
      }
      if (hostPort === 0) return
      if (spec.hostNetwork === true) {
        ctx.reporter.report('PORT_HOST_NETWORK', at('hostPort'), {})
        return
      }
      const protocol = (port.protocol ?? 'TCP').toLowerCase()
      const key = `${hostPort}/${protocol}`
      if (published.has(key)) {
        ctx.reporter.report('PORT_DUPLICATE_HOST', at('hostPort'), { port: hostPort, protocol })
      }
      published.set(key, port.hostIP ?? '')
    })
  })
}

/** One warning for each field set that Podman cannot honour, in every position of the pod. */
function warnIgnored(ctx: PodContext): void {
  const { pod, reporter } = ctx
  const base = pod.document.base
  const value = pod.document.value
  const warn = (pointers: readonly string[]) => {
    for (const pointer of pointers) reporter.report('IGNORED_FIELD', pointer, {}, { atKey: true })
  }
  warn(ignoredFieldsIn('Object', value, base))
  warn(ignoredFieldsIn('ObjectMeta', value['metadata'], joinPointer(base, 'metadata')))
  if (pod.kind === 'CronJob') {
    warn(ignoredFieldsIn('CronJobSpec', value['spec'], joinPointer(base, 'spec')))
  }
  if (pod.kind !== 'Pod') {
    const workload = workloadSpecOf(pod)
    warn(ignoredFieldsIn(workload.anchor, workload.value, workload.pointer))
    const template = workload.value['template'] as Record<string, unknown> | undefined
    warn(ignoredFieldsIn('TemplateMeta', template?.['metadata'], pod.metadataPointer))
  }
  warn(ignoredFieldsIn('PodSpec', pod.spec, pod.specPointer))
  ;(pod.spec.volumes ?? []).forEach((volume, index) =>
    warn(ignoredFieldsIn('Volume', volume, joinPointer(pod.specPointer, 'volumes', index))),
  )
}
