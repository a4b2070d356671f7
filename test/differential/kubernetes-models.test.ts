/**
 * Differential test: every manifest in `corpus/` goes through our `validateSchema` and through the
 * independent, separately generated validators of the npm package `kubernetes-models` (ajv code
 * compiled from a newer Kubernetes OpenAPI spec, non-strict), and both must give the same
 * accept/reject verdict, except for the deliberate differences listed below.
 *
 * A file's name says our verdict: `ok-*.yaml` is accepted and `bad-*.yaml` rejected, with every
 * schema version unless VERSION_SPECIFIC says otherwise.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-models/apps/v1'
import { CronJob, Job } from 'kubernetes-models/batch/v1'
import { ConfigMap, PersistentVolumeClaim, Pod, Secret } from 'kubernetes-models/v1'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import {
  KUBERNETES_VERSIONS,
  validateSchema,
  type KubernetesVersion,
  type SchemaKind,
} from '../../src/validate/schema-validate.js'

const CORPUS = new URL('./corpus/', import.meta.url)

type Verdict = 'accept' | 'reject'

/** Files where kubernetes-models gives the other verdict than ours, and why. */
const DIFFERENCES: readonly { file: string; reason: string }[] = [
  ...[
    'bad-pod-unknown-container-field.yaml',
    'bad-pod-unknown-top-field.yaml',
    'bad-pod-unknown-volume-field.yaml',
    'bad-configmap-unknown-field.yaml',
    'bad-deployment-template-unknown-field.yaml',
    'bad-cronjob-unknown-field.yaml',
  ].map((file) => ({
    file,
    reason:
      'kubernetes-models allows unknown fields (no additionalProperties: false); we are strict',
  })),
  {
    file: 'bad-pod-long-container-name.yaml',
    reason: 'our schemas have maxLength 63 on container names; kubernetes-models has no maxLength',
  },
  {
    file: 'ok-pod-null-label-value.yaml',
    reason:
      'our schemas make every optional value nullable, kubernetes-models only nullable fields',
  },
  {
    file: 'ok-pod-null-arg.yaml',
    reason: 'our schemas make list items nullable, kubernetes-models does not',
  },
  {
    file: 'ok-pod-null-quantity.yaml',
    reason: 'we read null in an int-or-string/quantity field as unset, as the API server does',
  },
  {
    file: 'ok-pod-restart-policy-unknown.yaml',
    reason:
      'kubernetes-models has the enums of the newer OpenAPI v3 spec; ours has none (semantic rules)',
  },
  {
    file: 'ok-pod-quantity-garbage.yaml',
    reason: 'kubernetes-models checks a "quantity" format; our schema does not (semantic rules)',
  },
]

/** Files whose verdict with our schemas depends on the Kubernetes version. */
const VERSION_SPECIFIC: readonly {
  file: string
  version: KubernetesVersion
  ours: Verdict
  reason: string
}[] = [
  {
    file: 'ok-pod-image-volume.yaml',
    version: '1.30',
    ours: 'reject',
    reason: 'image volumes are new in Kubernetes 1.31; kubernetes-models follows a newer API',
  },
]

type ModelClass = new (data: never) => { validate(): void }

const MODELS: Readonly<Record<SchemaKind, ModelClass>> = {
  Pod,
  ConfigMap,
  Secret,
  PersistentVolumeClaim,
  Deployment,
  DaemonSet,
  StatefulSet,
  ReplicaSet,
  Job,
  CronJob,
}

interface CorpusDocument {
  readonly file: string
  readonly kind: SchemaKind
  readonly value: unknown
}

function readCorpus(): CorpusDocument[] {
  const files = readdirSync(CORPUS).filter((file) => file.endsWith('.yaml'))
  return files.sort().map((file) => {
    const value: unknown = parse(readFileSync(new URL(file, CORPUS), 'utf8'), { version: '1.1' })
    const kindField = (value as { kind?: unknown } | null)?.kind
    const kind = Object.keys(MODELS).find((k): k is SchemaKind => k === kindField)
    if (!kind) throw new Error(`${file}: no schema for kind ${String(kindField)}`)
    return { file, kind, value }
  })
}

function kubernetesModelsVerdict(doc: CorpusDocument): { verdict: Verdict; message?: string } {
  try {
    new MODELS[doc.kind](doc.value as never).validate()
    return { verdict: 'accept' }
  } catch (error) {
    return { verdict: 'reject', message: error instanceof Error ? error.message : String(error) }
  }
}

const opposite = (verdict: Verdict): Verdict => (verdict === 'accept' ? 'reject' : 'accept')

const corpus = readCorpus()
const rows = corpus.flatMap((doc) => KUBERNETES_VERSIONS.map((version) => ({ ...doc, version })))

describe('corpus', () => {
  it('has at least 40 documents, valid and invalid, of every kind', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40)
    expect(corpus.filter((doc) => doc.file.startsWith('ok-')).length).toBeGreaterThanOrEqual(10)
    expect(corpus.filter((doc) => doc.file.startsWith('bad-')).length).toBeGreaterThanOrEqual(20)
    expect(new Set(corpus.map((doc) => doc.kind))).toEqual(new Set(Object.keys(MODELS)))
  })

  it('names every table entry after an existing file', () => {
    const files = new Set(corpus.map((doc) => doc.file))
    for (const { file } of [...DIFFERENCES, ...VERSION_SPECIFIC]) expect(files).toContain(file)
  })
})

describe('validateSchema agrees with kubernetes-models', () => {
  it.each(rows)('$file (Kubernetes $version)', (doc) => {
    const named: Verdict = doc.file.startsWith('ok-') ? 'accept' : 'reject'
    const special = VERSION_SPECIFIC.find((v) => v.file === doc.file && v.version === doc.version)
    const difference = DIFFERENCES.find((d) => d.file === doc.file)
    const findings = validateSchema(doc.kind, doc.value, doc.version)
    const theirs = kubernetesModelsVerdict(doc)
    const result = {
      ours: findings.length === 0 ? 'accept' : 'reject',
      theirs: theirs.verdict,
      findings,
      theirMessage: theirs.message,
    }
    expect(result).toMatchObject({
      ours: special?.ours ?? named,
      theirs: difference ? opposite(named) : named,
    })
  })
})
