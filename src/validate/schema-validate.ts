/**
 * Schema-level validation of Kubernetes objects against the vendored standalone-strict JSON
 * schemas (`schemas/`), with the validators that `scripts/build-validators.mjs` compiled ahead of
 * time into `generated/validators/`. A validator module is loaded on first use, synchronously;
 * importing this module does nothing.
 */
import type { ErrorObject } from 'ajv'
import { requireWithCodeCache } from '../code-cache.js'
import { PACKAGE_ROOT } from '../paths.js'
import { fileURLToPath } from 'node:url'
import { toFindings, type SchemaFinding } from './schema-findings.js'

export type { SchemaFinding, SchemaFindingKind } from './schema-findings.js'

export type KubernetesVersion = '1.30' | '1.32' | '1.34'

export const KUBERNETES_VERSIONS: readonly KubernetesVersion[] = ['1.30', '1.32', '1.34']

/** The version whose schemas are used when none is given: the newest one vendored. */
export const DEFAULT_KUBERNETES_VERSION: KubernetesVersion = '1.34'

export type SchemaKind =
  | 'Pod'
  | 'ConfigMap'
  | 'Secret'
  | 'PersistentVolumeClaim'
  | 'Deployment'
  | 'DaemonSet'
  | 'StatefulSet'
  | 'ReplicaSet'
  | 'Job'
  | 'CronJob'

const KINDS_BY_API_VERSION: Readonly<Record<string, readonly SchemaKind[]>> = {
  v1: ['Pod', 'ConfigMap', 'Secret', 'PersistentVolumeClaim'],
  'apps/v1': ['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet'],
  'batch/v1': ['Job', 'CronJob'],
}

/** The schema kind for a document's apiVersion + kind ('v1'/'Pod', 'apps/v1'/'Deployment', 'batch/v1'/'Job', ...), or undefined when we have no schema for it. */
export function schemaKindOf(apiVersion: unknown, kind: unknown): SchemaKind | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined
  if (!Object.hasOwn(KINDS_BY_API_VERSION, apiVersion)) return undefined
  return KINDS_BY_API_VERSION[apiVersion]?.find((k) => k === kind)
}

/**
 * Checks `value` against the JSON schema of `kind`: types, required fields, unknown fields
 * (strict, as `kubeconform -strict`), formats and the few enums and lengths the schemas have.
 * Returns the findings sorted by pointer; none when the value is valid.
 *
 * @param version Kubernetes API version of the schema. @default '1.34'
 */
export function validateSchema(
  kind: SchemaKind,
  value: unknown,
  version: KubernetesVersion = DEFAULT_KUBERNETES_VERSION,
): readonly SchemaFinding[] {
  const validate = loadValidator(kind, version)
  if (validate(value)) return []
  return toFindings(validate.errors ?? [], value)
}

/** The shape of an ajv standalone validator. */
interface CompiledValidator {
  (data: unknown): boolean
  errors?: ErrorObject[] | null
}

const validators = new Map<string, CompiledValidator>()

function loadValidator(kind: SchemaKind, version: KubernetesVersion): CompiledValidator {
  const cacheKey = `${version}/${kind}`
  const cached = validators.get(cacheKey)
  if (cached) return cached
  const url = new URL(`generated/validators/${cacheKey.toLowerCase()}.cjs`, PACKAGE_ROOT)
  const file = fileURLToPath(url)
  let loaded: unknown
  try {
    loaded = requireWithCodeCache(file)
  } catch (cause) {
    throw new Error(`cannot load ${file}: run "npm run build" to generate it`, { cause })
  }
  if (typeof loaded !== 'function') throw new Error(`not a validator: ${file}`)
  const validate = loaded as CompiledValidator
  validators.set(cacheKey, validate)
  return validate
}

/** The apiVersion podunit reads `kind` as (`Pod` → `v1`), or undefined for a kind it has no schema of. */
export function apiVersionOfKind(kind: string): string | undefined {
  return Object.keys(KINDS_BY_API_VERSION).find((apiVersion) =>
    KINDS_BY_API_VERSION[apiVersion]?.some((k) => k === kind),
  )
}
