/**
 * What a Job's or CronJob's pod adds to the pod model: the run-to-completion settings of the job,
 * and for a CronJob the schedule its timer fires on, parsed as the Kubernetes CronJob controller
 * parses it (robfig/cron's standard parser). Plain readonly data.
 */
import type { Source } from './source.js'

/**
 * A five-field cron expression (or a descriptor such as `@daily`, already expanded), each field
 * as the sorted set of values it matches. Becomes `OnCalendar=` lines.
 */
export interface CronFields {
  readonly kind: 'fields'
  /** 0–59. */
  readonly minutes: readonly number[]
  /** 0–23. */
  readonly hours: readonly number[]
  /** 1–31. */
  readonly daysOfMonth: readonly number[]
  /** 1–12. */
  readonly months: readonly number[]
  /** 0–6, 0 is Sunday. */
  readonly daysOfWeek: readonly number[]
  /**
   * Cron's rule when both day fields are restricted (neither starts with `*` or `?`): a day that
   * matches either runs the job. Becomes two `OnCalendar=` lines, one per day field.
   */
  readonly dayOr: boolean
}

/** `@every <duration>`: a fixed interval, whole seconds (at least 1). Becomes `OnActiveSec=` and `OnUnitActiveSec=`. */
export interface CronEvery {
  readonly kind: 'every'
  readonly seconds: number
}

export type CronSpec = CronFields | CronEvery

export type ConcurrencyPolicy = 'Allow' | 'Forbid' | 'Replace'

export interface ScheduleModel {
  /** `spec.schedule` as written. Becomes part of the timer's `Description=`. */
  readonly expression: string
  readonly cron: CronSpec
  /** IANA name (`spec.timeZone`). Becomes the zone suffix of every `OnCalendar=`; none: host local time. */
  readonly timeZone?: string
  /** Catch up a run missed while the host was off. Becomes `Persistent=`. */
  readonly persistent: boolean
  /** `spec.suspend`: the timer is written but `install` does not enable it. */
  readonly suspend: boolean
  /** `spec.concurrencyPolicy` as written (default Allow); a timer always behaves as `Forbid`. */
  readonly concurrencyPolicy: ConcurrencyPolicy
  /** The CronJob's name, for the timer's `Description=`. */
  readonly cronJobName: string
  readonly source: Source
}

/** The job's settings for the pod of a Job or CronJob. */
export interface JobModel {
  /** `activeDeadlineSeconds`. Becomes `RuntimeMaxSec=` of the pod unit. */
  readonly activeDeadlineSeconds?: number
  readonly source: Source
}
