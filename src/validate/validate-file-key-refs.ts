/**
 * `env[].valueFrom.fileKeyRef` (Kubernetes 1.34, alpha): the kubelet reads the value from a file
 * in a volume (an emptyDir that an init container writes) when the container starts. Podman has
 * no such option, and the file does not exist when podunit converts, so the variable cannot be
 * set: an error, where dropping it would change what the container sees.
 */
import type { EnvVar } from 'kubernetes-types/core/v1.js'
import { joinPointer } from '../diagnostics/pointer.js'
import type { PodContext } from './context.js'

export function checkFileKeyRefs(ctx: PodContext): void {
  const { pod } = ctx
  const lists = [
    ['initContainers', pod.spec.initContainers ?? []],
    ['containers', pod.spec.containers],
  ] as const
  for (const [list, containers] of lists) {
    containers.forEach((container, index) => {
      ;(container.env ?? []).forEach((env: EnvVar, i) => {
        if ((env.valueFrom as Record<string, unknown> | undefined)?.['fileKeyRef'] === undefined)
          return
        const at = joinPointer(pod.specPointer, list, index, 'env', i, 'valueFrom', 'fileKeyRef')
        ctx.reporter.report('ENV_FILE_KEY_REF', at, {}, { atKey: true })
      })
    })
  }
}
