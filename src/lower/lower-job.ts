/** The job settings and the CronJob schedule of a validated Job's or CronJob's pod. */
import { joinPointer } from '../diagnostics/pointer.js'
import type { ConcurrencyPolicy, JobModel, ScheduleModel } from '../model/schedule-model.js'
import type { PodSource } from '../parse/pod-sources.js'
import { parseSchedule } from '../validate/cron/parse-schedule.js'

interface JobSpec {
  readonly activeDeadlineSeconds?: number
}

interface CronJobSpec {
  readonly schedule?: string
  readonly timeZone?: string
  readonly suspend?: boolean
  readonly concurrencyPolicy?: ConcurrencyPolicy
  readonly startingDeadlineSeconds?: number
  readonly jobTemplate?: { readonly spec?: JobSpec }
}

export function lowerJob(pod: PodSource): { job?: JobModel; schedule?: ScheduleModel } {
  if (pod.kind !== 'Job' && pod.kind !== 'CronJob') return {}
  const file = pod.document.file
  const base = pod.document.base
  const spec = (pod.document.value['spec'] ?? {}) as CronJobSpec & JobSpec
  const jobSpec = pod.kind === 'CronJob' ? (spec.jobTemplate?.spec ?? {}) : spec
  const jobPointer =
    pod.kind === 'CronJob'
      ? joinPointer(base, 'spec', 'jobTemplate', 'spec')
      : joinPointer(base, 'spec')
  const job: JobModel = {
    ...(jobSpec.activeDeadlineSeconds === undefined
      ? {}
      : { activeDeadlineSeconds: jobSpec.activeDeadlineSeconds }),
    source: { file, pointer: jobPointer },
  }
  if (pod.kind === 'Job') return { job }
  const expression = spec.schedule ?? ''
  const parsed = parseSchedule(expression)
  // Validation has refused every schedule that does not parse.
  if (!parsed.ok) throw new Error(`unvalidated schedule ${JSON.stringify(expression)}`)
  const name = (pod.document.value['metadata'] as { name?: string } | undefined)?.name ?? ''
  const schedule: ScheduleModel = {
    expression,
    cron: parsed.spec,
    ...(spec.timeZone === undefined ? {} : { timeZone: spec.timeZone }),
    // Kubernetes starts a missed run late unless a deadline says it is too late: systemd has no
    // deadline, so only without one is a run missed while the host was off caught up.
    persistent: spec.startingDeadlineSeconds === undefined,
    suspend: spec.suspend === true,
    concurrencyPolicy: spec.concurrencyPolicy ?? 'Allow',
    cronJobName: name,
    source: { file, pointer: joinPointer(base, 'spec', 'schedule') },
  }
  return { job, schedule }
}
