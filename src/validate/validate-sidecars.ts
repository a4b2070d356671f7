/**
 * Native sidecars (Kubernetes 1.29+): init containers with `restartPolicy: Always`. Podman's
 * units give them `Restart=always`, the app containers' stop timeout, namespaces and liveness
 * probe; what they cannot give is warned about here, at the sidecar's position:
 * - ordering: the kubelet starts a sidecar (and waits for its startup probe) before the app
 *   containers; Podman's generated units order every container only after the pod (PU4404);
 * - in a Job, the kubelet stops the sidecars once the main containers have finished; a pod made
 *   with `--exit-policy=stop` stops only when all of its containers have exited, and a sidecar
 *   that is restarted whenever it exits never lets it (PU4405);
 * - lifecycle hooks and readiness probes, which Podman ignores on any container (PU3001, from
 *   the field lists of ignored-fields.ts, as for every container).
 */
import type { Container } from 'kubernetes-types/core/v1.js'
import { joinPointer } from '../diagnostics/pointer.js'
import type { PodContext } from './context.js'
import { checkEnum } from './context.js'

/** An init container that Kubernetes restarts whenever it exits: a native sidecar. */
export function isSidecar(container: Container): boolean {
  return container.restartPolicy === 'Always'
}

/** An init container's `restartPolicy`: only `Always` (a sidecar) may be written. */
export function validateInitRestartPolicy(
  ctx: PodContext,
  container: Container,
  pointer: string,
): void {
  checkEnum(ctx, container.restartPolicy, joinPointer(pointer, 'restartPolicy'), ['Always'])
}

export function validateSidecar(ctx: PodContext, pointer: string): void {
  const at = joinPointer(pointer, 'restartPolicy')
  ctx.reporter.report('SIDECAR_STARTS_WITH_APPS', at, {}, { atKey: true })
  if (ctx.pod.kind === 'Job') ctx.reporter.report('SIDECAR_IN_JOB', at, {}, { atKey: true })
}
