/**
 * The rules of a Job's and a CronJob's own fields (not their pod template's): the schedule and
 * time zone as the API server checks them, each at its YAML position, and a warning for every
 * field set that systemd has no meaning for (never silently dropped).
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js'
import { joinPointer } from '../diagnostics/pointer.js'
import type { CronFields } from '../model/schedule-model.js'
import type { PodContext } from './context.js'
import { parseSchedule } from './cron/parse-schedule.js'
import { isKnownTimeZone, timeZoneSyntaxProblem } from './cron/time-zone.js'

/**
 * A Job's spec fields and why systemd has no meaning for them (activeDeadlineSeconds is mapped,
 * and completionMode: Indexed gives the one pod JOB_COMPLETION_INDEX=0, lower-env.ts).
 */
const UNMAPPED_JOB_FIELDS: Readonly<Record<string, string>> = {
  backoffLimit: 'a failed run is not retried; the next run is the next scheduled one',
  backoffLimitPerIndex: 'a run is one pod',
  completions: 'a run is one pod that runs once',
  managedBy: 'no controller manages the units',
  manualSelector: 'there are no labels to select pods by',
  maxFailedIndexes: 'a run is one pod',
  parallelism: 'a run is one pod',
  podFailurePolicy: 'the pod unit fails when a container fails',
  podReplacementPolicy: 'a failed pod is not replaced',
  selector: 'there are no labels to select pods by',
  successPolicy: 'a run succeeds when every container succeeds',
  suspend: 'the units run when started',
  ttlSecondsAfterFinished: 'the pod is removed when it stops',
}

const UNMAPPED_CRONJOB_FIELDS: Readonly<Record<string, string>> = {
  successfulJobsHistoryLimit: 'systemd keeps no finished jobs; the journal keeps their logs',
  failedJobsHistoryLimit: 'systemd keeps no finished jobs; the journal keeps their logs',
}

interface CronJobSpec {
  readonly schedule?: string
  readonly timeZone?: string
  readonly concurrencyPolicy?: string
  readonly startingDeadlineSeconds?: number
  readonly jobTemplate?: { readonly spec?: Readonly<Record<string, unknown>> }
}

/** The job spec's pointer: `/spec` of a Job, `/spec/jobTemplate/spec` of a CronJob. */
export function jobSpecPointer(ctx: PodContext): string {
  const base = ctx.pod.document.base
  return ctx.pod.kind === 'CronJob'
    ? joinPointer(base, 'spec', 'jobTemplate', 'spec')
    : joinPointer(base, 'spec')
}

export function validateJob(ctx: PodContext): void {
  const { pod, reporter } = ctx
  if (pod.kind !== 'Job' && pod.kind !== 'CronJob') return
  const spec = (pod.document.value['spec'] ?? {}) as CronJobSpec & Record<string, unknown>
  const jobSpec = pod.kind === 'CronJob' ? (spec.jobTemplate?.spec ?? {}) : spec
  const jobAt = jobSpecPointer(ctx)
  for (const [field, why] of Object.entries(UNMAPPED_JOB_FIELDS)) {
    if (jobSpec[field] !== undefined) {
      reporter.report('JOB_FIELD_NOT_MAPPED', joinPointer(jobAt, field), { why }, { atKey: true })
    }
  }
  if (pod.spec.restartPolicy === 'OnFailure') {
    reporter.report('JOB_RESTART_ON_FAILURE', joinPointer(pod.specPointer, 'restartPolicy'), {})
  }
  if (pod.kind === 'CronJob') validateCronJob(ctx, spec)
}

function validateCronJob(ctx: PodContext, spec: CronJobSpec & Record<string, unknown>): void {
  const { reporter } = ctx
  const at = (field: string) => joinPointer(ctx.pod.document.base, 'spec', field)
  const schedule = spec.schedule ?? ''
  if (schedule.includes('TZ')) {
    reporter.report('CRON_TZ_IN_SCHEDULE', at('schedule'), { value: schedule })
  } else {
    const parsed = parseSchedule(schedule)
    if (!parsed.ok) {
      reporter.report('CRON_SCHEDULE_INVALID', at('schedule'), {
        value: schedule,
        detail: parsed.message,
      })
      pointInto(reporter.diagnostics, schedule, parsed.index)
    } else if (parsed.spec.kind === 'every') {
      reporter.report('CRON_EVERY_MONOTONIC', at('schedule'), { seconds: parsed.spec.seconds })
    } else if (neverFires(parsed.spec)) {
      reporter.report('CRON_NEVER_FIRES', at('schedule'), { value: schedule })
    }
  }
  if (spec.timeZone !== undefined) {
    const problem =
      timeZoneSyntaxProblem(spec.timeZone) ??
      (isKnownTimeZone(spec.timeZone) ? undefined : `unknown time zone ${spec.timeZone}`)
    if (problem !== undefined) {
      reporter.report('CRON_TIME_ZONE_INVALID', at('timeZone'), {
        value: spec.timeZone,
        detail: problem,
      })
    }
  }
  const policy = spec.concurrencyPolicy
  if (policy === 'Allow' || policy === 'Replace') {
    reporter.report('CRON_CONCURRENCY_POLICY', at('concurrencyPolicy'), { value: policy })
  }
  if (spec.startingDeadlineSeconds !== undefined) {
    reporter.report('CRON_STARTING_DEADLINE', at('startingDeadlineSeconds'), {})
  }
  for (const [field, why] of Object.entries(UNMAPPED_CRONJOB_FIELDS)) {
    if (spec[field] !== undefined) {
      reporter.report('JOB_FIELD_NOT_MAPPED', at(field), { why }, { atKey: true })
    }
  }
}

/**
 * Moves the last diagnostic from the start of the schedule's scalar to the field at `index` of
 * it, when the scalar is one line written as it reads (plain, or quoted without escapes).
 */
function pointInto(diagnostics: Diagnostic[], schedule: string, index: number): void {
  const last = diagnostics[diagnostics.length - 1]
  if (last === undefined || index === 0 || last.endLine !== last.line) return
  const width = (last.endColumn ?? last.column) - last.column
  const opening = width === schedule.length ? 0 : width === schedule.length + 2 ? 1 : undefined
  if (opening === undefined) return
  diagnostics[diagnostics.length - 1] = { ...last, column: last.column + opening + index }
}

/** Days in each month, February with the 29th of leap years. */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/**
 * Only days of month that the chosen months never have (`0 0 30 2 *`), with the weekday not
 * restricted: cron's Next finds no time, and the CronJob never runs.
 */
function neverFires(cron: CronFields): boolean {
  if (cron.dayOr || cron.daysOfWeek.length < 7) return false
  const longest = Math.max(...cron.months.map((m) => MONTH_DAYS[m - 1] ?? 0))
  return cron.daysOfMonth.every((d) => d > longest)
}
