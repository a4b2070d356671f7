/**
 * The only place that wires the stages: parse → validate (schema, then semantic rules) → lower →
 * emit. Never throws on user input; everything the user should know is a diagnostic.
 */
import { compareDiagnostics, hasErrors } from './diagnostics/diagnostic.js'
import type { Diagnostic } from './diagnostics/diagnostic.js'
import { makeDiagnostic, Reporter } from './diagnostics/reporter.js'
import type { GenerateOptions } from './emit/systemd/generate-options.js'
import { emitUnits } from './emit/systemd/emit-units.js'
import { emitQuadlet } from './emit/quadlet/emit-quadlet.js'
import { printQuadletFile } from './emit/quadlet/quadlet-file.js'
import { emitTimer } from './emit/timer/emit-timer.js'
import { lowerPod } from './lower/lower-pod.js'
import type { NamingOptions } from './lower/naming.js'
import { unitNamesOf } from './lower/naming.js'
import type { DataFile, PodModel } from './model/pod-model.js'
import { DEFAULT_LIMITS, parseYaml } from './parse/parse-yaml.js'
import type { Limits, SourceDocument, SourceFile } from './parse/parse-yaml.js'
import { inventoryOf, podSourceOf, WORKLOAD_KINDS } from './parse/pod-sources.js'
import type { Inventory, PodSource } from './parse/pod-sources.js'
import { printUnitFile } from './unit/print-unit.js'
import type { UnitFile } from './unit/unit-file.js'
import { schemaKindOf, validateSchema } from './validate/schema-validate.js'
import { withQuotingHints } from './validate/yaml-hints.js'
import { checkIntegers, withExactQuantities } from './validate/integers.js'
import type { KubernetesVersion, SchemaFinding } from './validate/schema-validate.js'
import { findUnrepresentable } from './validate/representable.js'
import { looksLikeManifest, reportMistake, reportOther, scopeOf } from './validate/scope.js'
import { validateObject } from './validate/validate-objects.js'
import { validatePod } from './validate/validate-pod.js'
import { validateRootless } from './validate/validate-rootless.js'

export interface CompileOptions {
  /** `convert` also requires something to convert, and lowers and emits. */
  readonly mode: 'convert' | 'validate'
  readonly naming: NamingOptions
  readonly generate: GenerateOptions
  /** @default '1.34' */
  readonly kubernetesVersion?: KubernetesVersion
  readonly limits?: Limits
  /** Where data files (ConfigMap and Secret data) are on the host at run time. @default '/etc/podunit' */
  readonly dataDir?: string
  /** With rootless units: the user's subordinate ids. @default 65536 */
  readonly subordinateIds?: number
  /**
   * Skip without a word what is not a Kubernetes manifest podunit reads (src/validate/scope.ts),
   * and do not require anything to be left. @default false
   */
  readonly ignoreUnknown?: boolean
  /** Write Quadlet `.pod`/`.container` files instead of units. @default false */
  readonly quadlet?: boolean
}

export const DEFAULT_DATA_DIR = '/etc/podunit'

export interface UnitOutput {
  /** `pod-web.service`; with Quadlet `web.pod`, `web-nginx.container` */
  readonly fileName: string
  readonly content: string
}

export interface CompileResult {
  readonly pods: readonly PodModel[]
  readonly units: readonly UnitOutput[]
  /** ConfigMap and Secret data the units read at run time, relative to the data directory. */
  readonly dataFiles: readonly DataFile[]
  readonly diagnostics: readonly Diagnostic[]
}

export function compile(sources: readonly SourceFile[], options: CompileOptions): CompileResult {
  const checked = checkSources(sources, options)
  const diagnostics = [...checked.diagnostics, ...checkUniqueUnits(checked.pods, options.naming)]
  // Lowering has rules of its own (a Secret's value in $(VAR), subPath on a named volume):
  // validate lowers the pods that could break them, convert every pod.
  const lowered = checked.pods.filter((pod) => options.mode === 'convert' || mayFailLowering(pod))
  const models = lowered.map((pod) => {
    const reporter = new Reporter(pod.document)
    const model = lowerPod(pod, checked.inventory, reporter, {
      naming: options.naming,
      dataDir: options.dataDir ?? DEFAULT_DATA_DIR,
    })
    diagnostics.push(...reporter.diagnostics)
    return { model, document: pod.document }
  })
  if (options.mode === 'validate' || hasErrors(diagnostics)) {
    diagnostics.sort(compareDiagnostics)
    return { pods: [], units: [], dataFiles: [], diagnostics }
  }
  const units = models.flatMap(({ model, document }) => {
    // A CronJob's timer is a systemd unit in either format: it starts the pod's service.
    const timer = optionalUnit(emitTimer(model, options.generate)).map(printed)
    if (options.quadlet !== true)
      return [...emitUnits(model, options.generate).map(printed), ...timer]
    if (model.job !== undefined) {
      diagnostics.push(
        makeDiagnostic(document, 'JOB_QUADLET_UNCHECKED', model.job.source.pointer, {}),
      )
    }
    const { files, problems } = emitQuadlet(model, options.generate)
    for (const { pointer, detail, note } of problems) {
      const notes = note === undefined ? {} : { notes: [note] }
      diagnostics.push(makeDiagnostic(document, 'QUADLET_NOT_CARRIED', pointer, { detail }, notes))
    }
    return [
      ...files.map((file) => ({ fileName: file.fileName, content: printQuadletFile(file) })),
      ...timer,
    ]
  })
  diagnostics.sort(compareDiagnostics)
  if (hasErrors(diagnostics)) return { pods: [], units: [], dataFiles: [], diagnostics }
  const pods = models.map((m) => m.model)
  return { pods, units, dataFiles: pods.flatMap((model) => model.dataFiles), diagnostics }
}

function printed(unit: UnitFile): UnitOutput {
  return { fileName: unit.fileName, content: printUnitFile(unit) }
}

function optionalUnit(unit: UnitFile | undefined): UnitFile[] {
  return unit === undefined ? [] : [unit]
}

/** A pod that takes values from Secrets or mounts a subPath: lowering may refuse it. */
function mayFailLowering(pod: PodSource): boolean {
  return [...(pod.spec.initContainers ?? []), ...pod.spec.containers].some(
    (c) =>
      (c.envFrom ?? []).some((e) => e.secretRef !== undefined) ||
      (c.env ?? []).some((e) => e.valueFrom?.secretKeyRef !== undefined) ||
      (c.volumeMounts ?? []).some((m) => Boolean(m.subPath) || Boolean(m.subPathExpr)),
  )
}

interface Checked {
  /** The pods that passed every check so far, ready to lower. */
  readonly pods: readonly PodSource[]
  readonly inventory: Inventory
  readonly diagnostics: readonly Diagnostic[]
}

/** Parse, the schemas and the semantic rules, for every document of every source. */
function checkSources(sources: readonly SourceFile[], options: CompileOptions): Checked {
  const diagnostics: Diagnostic[] = []
  const valid: SourceDocument[] = []
  let workloads = 0
  let known = 0
  let first: SourceDocument | undefined
  for (const source of sources) {
    const parsed = parseYaml(source, options.limits ?? DEFAULT_LIMITS)
    const broken = parsed.diagnostics.length > 0
    const ignore = options.ignoreUnknown === true
    if (ignore && broken && !looksLikeManifest(source.text, broken)) continue
    diagnostics.push(...parsed.diagnostics)
    first ??= parsed.documents[0]
    for (const found of parsed.documents) {
      const value = withExactQuantities(found.value, found.exactIntegers)
      const document = value === found.value ? found : { ...found, value }
      const reporter = new Reporter(document)
      const checked = checkDocument(document, reporter, options.kubernetesVersion, ignore)
      if (checked === 'valid') valid.push(document)
      const secret = document.value['kind'] === 'Secret'
      diagnostics.push(...withQuotingHints(reporter.diagnostics, source.text, document, secret))
      if (checked === 'other') continue
      known++
      if (WORKLOAD_KINDS.has(String(document.value['kind']))) workloads++
    }
  }
  const inventory = inventoryOf(valid)
  const pods: PodSource[] = []
  const podNames = new Set<string>()
  for (const document of valid) {
    const pod = podSourceOf(document)
    if (pod === undefined) continue
    const reporter = new Reporter(document)
    validatePod({ pod, inventory, reporter })
    if (options.generate.rootless)
      validateRootless({ pod, inventory, reporter }, options.subordinateIds)
    diagnostics.push(...reporter.diagnostics)
    if (hasErrors(reporter.diagnostics)) continue
    if (!podNames.has(pod.podName)) {
      podNames.add(pod.podName)
      pods.push(pod)
    } else
      diagnostics.push(
        makeDiagnostic(document, 'NAME_DUPLICATE_POD', pod.namePointer, { name: pod.podName }),
      )
  }
  // Nothing left once unknown kinds are skipped: for convert, no pod; for validate, no object.
  const nothing = options.mode === 'convert' ? workloads === 0 : known === 0
  if (nothing && !hasErrors(diagnostics) && first && options.ignoreUnknown !== true) {
    diagnostics.push(makeDiagnostic(first, 'KIND_NOTHING_TO_CONVERT', '', {}))
  }
  return { pods, inventory, diagnostics }
}

/**
 * Kind and schema checks: `valid` when the document may go on to the semantic rules, `other`
 * when it is not a manifest podunit reads (reported unless unknown documents are ignored).
 */
function checkDocument(
  document: SourceDocument,
  reporter: Reporter,
  version: KubernetesVersion | undefined,
  ignoreUnknown: boolean,
): 'valid' | 'invalid' | 'other' {
  const { kind, apiVersion } = document.value
  const scope = scopeOf(document.value)
  if (scope.is === 'mistake') {
    reportMistake(reporter, document, scope.mistake)
    return 'invalid'
  }
  const schemaKind = schemaKindOf(apiVersion, kind)
  if (scope.is === 'other' || schemaKind === undefined || typeof kind !== 'string') {
    if (!ignoreUnknown) reportOther(reporter, document)
    return 'other'
  }
  const schema = validateSchema(schemaKind, document.value, version)
  const { findings, problems } = checkIntegers(document.value, document.exactIntegers, schema)
  for (const finding of findings) {
    reportFinding(reporter, document.base, kind === 'Secret' ? redact(finding) : finding)
  }
  for (const { pointer, message } of problems) {
    reporter.report('INTEGER_OUT_OF_RANGE', document.base + pointer, { detail: message })
  }
  // Secret data only ever goes into data files, which can hold any bytes.
  const unit = kind === 'Secret' ? [] : findUnrepresentable(document.value, document.base)
  for (const { pointer, character } of unit) {
    reporter.report('VALUE_NOT_REPRESENTABLE', pointer, {
      detail: `holds ${character}, a character that systemd cannot read from a unit file`,
    })
  }
  if (findings.length > 0 || unit.length > 0 || problems.length > 0) return 'invalid'
  validateObject(document, reporter)
  return 'valid'
}

/** A Secret's values never appear in a message: keep what is wrong, drop what was found. */
function redact(finding: SchemaFinding): SchemaFinding {
  const message = finding.message.replace(/,? got .*$/s, '')
  return { ...finding, message: `${message} (the value of a Secret is not shown)` }
}

function reportFinding(reporter: Reporter, base: string, finding: SchemaFinding): void {
  const pointer = base + finding.pointer
  switch (finding.kind) {
    case 'required':
      return reporter.report('SCHEMA_REQUIRED', pointer, { field: finding.key ?? '' })
    case 'unknown-field': // the pointer names the unknown key itself
      return reporter.report(
        'SCHEMA_UNKNOWN_FIELD',
        pointer,
        { field: finding.key ?? '' },
        { atKey: true },
      )
    case 'type':
      return reporter.report('SCHEMA_TYPE', pointer, { detail: finding.message })
    case 'enum':
      return reporter.report('SCHEMA_ENUM', pointer, { detail: finding.message })
    case 'format':
      return reporter.report('SCHEMA_FORMAT', pointer, { detail: finding.message })
    case 'other':
      return reporter.report('SCHEMA_OTHER', pointer, { detail: finding.message })
  }
}

/** Different pods can still collide in unit names: pod `a-b` container `c` and pod `a` container `b-c`. */
function checkUniqueUnits(pods: readonly PodSource[], naming: NamingOptions): Diagnostic[] {
  const seen = new Map<string, string>()
  const out: Diagnostic[] = []
  for (const pod of pods) {
    for (const [name, pointer] of unitNamesOf(pod, naming)) {
      const other = seen.get(name)
      if (other !== undefined) {
        const unit = `${name}.service`
        out.push(makeDiagnostic(pod.document, 'UNIT_NAME_COLLISION', pointer, { unit, other }))
      }
      seen.set(name, pod.podName)
    }
  }
  return out
}

/** The names of the pods the input makes, as far as its documents can be read. */
export function podNamesOf(sources: readonly SourceFile[]): string[] {
  return sources.flatMap((source) =>
    parseYaml(source).documents.flatMap((document) => {
      const pod = podSourceOf(document)
      return pod === undefined || pod.podName === '' ? [] : [pod.podName]
    }),
  )
}
