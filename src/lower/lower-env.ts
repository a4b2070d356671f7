/**
 * Environment variables in Kubernetes order: envFrom sources, then env entries, a later
 * definition winning. `env` values get `$(VAR)` expansion against the variables defined before
 * them. Values from Secrets are kept apart: they go to an env file, never into the unit.
 */
import type { Container, EnvVar } from 'kubernetes-types/core/v1.js'
import { joinPointer } from '../diagnostics/pointer.js'
import type { Reporter } from '../diagnostics/reporter.js'
import type { KeyValue } from '../model/pod-model.js'
import type { Inventory, PodSource } from '../parse/pod-sources.js'
import { objectOf } from '../parse/pod-sources.js'
import { unrepresentableCharacter } from '../validate/representable.js'
import { workloadSpecOf } from '../validate/validate-workload.js'
import { expandReferences } from './expand.js'
import { objectData } from './lower-data.js'
import { fieldValue, namedContainer, resourceValue } from './lower-downward.js'

export interface EnvContext {
  readonly pod: PodSource
  readonly inventory: Inventory
  readonly reporter: Reporter
}

export interface LoweredEnv {
  /** Plain values: `--env NAME=value`. */
  readonly env: readonly KeyValue[]
  /** Values from Secrets: written to the container's env file. */
  readonly secretEnv: readonly KeyValue[]
  /** `$(VAR)` expansion for command and args; a Secret's value is never expanded. */
  readonly expand: (text: string, pointer: string) => string
}

interface Definition {
  readonly value: string
  readonly secret: boolean
}

export function lowerEnv(container: Container, pointer: string, ctx: EnvContext): LoweredEnv {
  const defined = new Map<string, Definition>()
  const define = (name: string, definition: Definition) => {
    defined.delete(name) // keep the order of the last definition
    defined.set(name, definition)
  }
  ;(container.envFrom ?? []).forEach((source, index) => {
    const ref = source.configMapRef ?? source.secretRef
    const kind = source.configMapRef === undefined ? 'Secret' : 'ConfigMap'
    const document = ref === undefined ? undefined : objectOf(ctx.inventory, kind, ref.name ?? '')
    if (document === undefined) return // reported by validation, or optional
    const at = joinPointer(pointer, 'envFrom', index)
    for (const [key, bytes] of objectData(kind, document)) {
      const value = envText(bytes, kind, at, ctx)
      if (value !== undefined)
        define((source.prefix ?? '') + key, { value, secret: kind === 'Secret' })
    }
  })
  const expand = (text: string, at: string): string =>
    expandReferences(text, (name) => {
      const definition = defined.get(name)
      if (definition?.secret === true) {
        ctx.reporter.report('SECRET_EXPANSION', at, { name })
        return undefined
      }
      return definition?.value
    })
  ;(container.env ?? []).forEach((env, index) => {
    const at = joinPointer(pointer, 'env', index)
    const definition = envValue(env, container, at, ctx, expand)
    if (definition !== undefined) define(env.name, definition)
  })
  // An Indexed Job's pods get their index; Podman runs the one pod, index 0.
  if (isIndexedJob(ctx.pod) && !defined.has('JOB_COMPLETION_INDEX')) {
    define('JOB_COMPLETION_INDEX', { value: '0', secret: false })
  }
  const all = [...defined].map(([key, d]) => ({ key, ...d }))
  return {
    env: all.filter((d) => !d.secret).map(({ key, value }) => ({ key, value })),
    secretEnv: all.filter((d) => d.secret).map(({ key, value }) => ({ key, value })),
    expand,
  }
}

function envValue(
  env: EnvVar,
  container: Container,
  pointer: string,
  ctx: EnvContext,
  expand: (text: string, at: string) => string,
): Definition | undefined {
  const from = env.valueFrom
  if (from === undefined)
    return { value: expand(env.value ?? '', joinPointer(pointer, 'value')), secret: false }
  const keyRef = from.configMapKeyRef ?? from.secretKeyRef
  if (keyRef !== undefined) {
    const kind = from.configMapKeyRef === undefined ? 'Secret' : 'ConfigMap'
    const document = objectOf(ctx.inventory, kind, keyRef.name ?? '')
    const bytes = document === undefined ? undefined : objectData(kind, document).get(keyRef.key)
    if (bytes === undefined) return undefined // optional and absent; otherwise reported by validation
    const value = envText(bytes, kind, pointer, ctx)
    return value === undefined ? undefined : { value, secret: kind === 'Secret' }
  }
  if (from.fieldRef !== undefined) {
    const value = fieldValue(from.fieldRef.fieldPath, ctx.pod)
    return value === undefined ? undefined : { value, secret: false }
  }
  const ref = from.resourceFieldRef
  if (ref !== undefined) {
    const named = ref.containerName ? namedContainer(ctx.pod, ref.containerName) : container
    const value = named === undefined ? undefined : resourceValue(named, ref)
    return value === undefined ? undefined : { value, secret: false }
  }
  return undefined
}

/**
 * The text of a value used as an environment variable. A Secret's goes into an env file, which
 * Podman reads a line at a time, so it cannot hold a line break or NUL.
 */
function envText(
  bytes: Uint8Array,
  kind: 'ConfigMap' | 'Secret',
  pointer: string,
  ctx: EnvContext,
): string | undefined {
  const value = Buffer.from(bytes).toString('utf8')
  if (kind === 'Secret' && /[\n\r\0]/.test(value)) {
    ctx.reporter.report('VALUE_NOT_REPRESENTABLE', pointer, {
      detail:
        'a Secret value with a line break cannot be an environment variable (Podman reads --env-file a line at a time); mount the Secret as a volume instead',
    })
    return undefined
  }
  const character = unrepresentableCharacter(value)
  if (kind === 'ConfigMap' && character !== undefined) {
    ctx.reporter.report('VALUE_NOT_REPRESENTABLE', pointer, {
      detail: `the value holds ${character}, a character that systemd cannot read from a unit file`,
    })
    return undefined
  }
  return value
}

/** A Job's (or a CronJob's job template's) completionMode is Indexed. */
function isIndexedJob(pod: PodSource): boolean {
  const { anchor, value } = workloadSpecOf(pod)
  return anchor === 'JobSpec' && value['completionMode'] === 'Indexed'
}
