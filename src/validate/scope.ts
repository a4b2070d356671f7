/**
 * Which documents are Kubernetes manifests that podunit reads. A repository holds YAML of every
 * sort (CI workflows, compose files, Helm values and templates, kustomizations, the pre-commit
 * configuration); with `ignoreUnknown` (the pre-commit hooks), everything that is not a manifest
 * podunit reads is skipped without a word, while a manifest with a mistake in its `apiVersion` or
 * `kind` is still an error.
 */
import { joinPointer } from '../diagnostics/pointer.js'
import type { Reporter } from '../diagnostics/reporter.js'
import type { SourceDocument } from '../parse/parse-yaml.js'
import { REFERENCED_KINDS, WORKLOAD_KINDS } from '../parse/pod-sources.js'
import { apiVersionOfKind } from './schema-validate.js'

/** What a document is to podunit. */
export type DocumentScope =
  /** A kind podunit reads, with its apiVersion. */
  | { readonly is: 'read' }
  /** Not a Kubernetes object podunit reads: another tool's YAML, or another kind or API. */
  | { readonly is: 'other' }
  /** Meant as a manifest podunit reads, but its `apiVersion` or `kind` is wrong or missing. */
  | { readonly is: 'mistake'; readonly mistake: Mistake }

export type Mistake =
  | { readonly code: 'KIND_MISSING' }
  | {
      readonly code: 'KIND_API_VERSION_WRONG'
      readonly value: string
      readonly kind: string
      readonly expected: string
    }
  | { readonly code: 'KIND_WRONG_CASE'; readonly value: string; readonly kind: string }

/** The kinds podunit reads: the pods and workloads, and what they refer to. */
const READ_KINDS: readonly string[] = [...WORKLOAD_KINDS, ...REFERENCED_KINDS]

/** The kind podunit reads that `kind` names, in any case. */
function readKindIgnoringCase(kind: string): string | undefined {
  const lower = kind.toLowerCase()
  return READ_KINDS.find((k) => k.toLowerCase() === lower)
}

/**
 * The API group of an apiVersion (`apps/v1` → `apps`, `v1` → the core group ``). The groups of
 * custom resources always have a dot (`batch.volcano.sh`); the groups of the kinds podunit reads
 * (core, apps, batch, and the old extensions) have none, so a dotless group is Kubernetes' own.
 */
function isBuiltInGroup(apiVersion: string): boolean {
  const slash = apiVersion.lastIndexOf('/')
  return !apiVersion.slice(0, Math.max(slash, 0)).includes('.')
}

export function scopeOf(value: Readonly<Record<string, unknown>>): DocumentScope {
  const { kind, apiVersion } = value
  if (typeof kind === 'string') {
    const known = READ_KINDS.includes(kind) ? kind : readKindIgnoringCase(kind)
    if (known === undefined) return { is: 'other' }
    if (typeof apiVersion !== 'string') return { is: 'mistake', mistake: { code: 'KIND_MISSING' } }
    if (!isBuiltInGroup(apiVersion)) return { is: 'other' } // a custom resource of that name
    if (known !== kind) {
      return { is: 'mistake', mistake: { code: 'KIND_WRONG_CASE', value: kind, kind: known } }
    }
    const expected = apiVersionOfKind(kind)
    if (expected === undefined || expected === apiVersion) return { is: 'read' }
    return {
      is: 'mistake',
      mistake: { code: 'KIND_API_VERSION_WRONG', value: apiVersion, kind, expected },
    }
  }
  // No kind: a manifest that forgot it has an apiVersion of ours and the shape of an object.
  if (
    kind === undefined &&
    typeof apiVersion === 'string' &&
    READ_KINDS.some((k) => apiVersionOfKind(k) === apiVersion) &&
    ('metadata' in value || 'spec' in value)
  ) {
    return { is: 'mistake', mistake: { code: 'KIND_MISSING' } }
  }
  return { is: 'other' }
}

/** PU0010's subject: which of `apiVersion` and `kind` is missing, or not a string. */
export function missingFields(
  value: Readonly<Record<string, unknown>>,
): { name: string; present: boolean }[] {
  return ['apiVersion', 'kind']
    .filter((name) => typeof value[name] !== 'string')
    .map((name) => ({ name, present: value[name] != null }))
}

/** Reports a mistake of a document. */
export function reportMistake(
  reporter: Reporter,
  document: SourceDocument,
  mistake: Mistake,
): void {
  const base = document.base
  switch (mistake.code) {
    case 'KIND_MISSING':
      return reporter.report('KIND_MISSING', base, { fields: missingFields(document.value) })
    case 'KIND_API_VERSION_WRONG': {
      const { value, kind, expected } = mistake
      return reporter.report(mistake.code, joinPointer(base, 'apiVersion'), {
        value,
        kind,
        expected,
      })
    }
    case 'KIND_WRONG_CASE': {
      const { value, kind } = mistake
      return reporter.report(mistake.code, joinPointer(base, 'kind'), { value, kind })
    }
  }
}

/** Reports a document that is not a manifest podunit reads, when it is named by hand. */
export function reportOther(reporter: Reporter, document: SourceDocument): void {
  const { kind, apiVersion } = document.value
  if (typeof kind !== 'string' || typeof apiVersion !== 'string') {
    reporter.report('KIND_MISSING', document.base, { fields: missingFields(document.value) })
  } else {
    reporter.report('KIND_UNKNOWN', joinPointer(document.base, 'kind'), {
      kind: `${apiVersion} ${kind}`,
    })
  }
}

/** A `kind:` line naming a kind podunit reads, in any case, at any indentation (List items). */
const READ_KIND_LINE = new RegExp(
  `^[ \\t]*(?:-[ \\t]+)?kind:[ \\t]*["']?(?:${READ_KINDS.join('|')})["']?[ \\t]*(?:#.*)?$`,
  'im',
)

/**
 * Whether the problems of a file that cannot be read (YAML errors, limits) are podunit's to
 * report when unknown files are ignored: a Go template (a Helm chart's `{{ … }}`) is not a
 * manifest until it is rendered; other files are, when their text names a kind podunit reads.
 */
export function looksLikeManifest(text: string, broken: boolean): boolean {
  if (broken && text.includes('{{')) return false
  return READ_KIND_LINE.test(text)
}
