/**
 * What the pod unit of a Job's or CronJob's pod adds to Podman's: the pod runs its containers to
 * completion and stops (`--exit-policy=stop`), and then the pod unit must say how the run went.
 * Podman's pod unit follows the infra container, which exits 0 whatever the job did, so the unit
 * ends `inactive` even when the job failed. Here, after Podman's own `ExecStopPost=`, a check
 * fails the pod unit when one of its container units has failed (waiting, at most 10 s, for a
 * container unit that is still stopping). `Restart=no` (see the pod unit) keeps systemd from
 * running a failed job again. The job's `activeDeadlineSeconds` becomes `RuntimeMaxSec=`: systemd
 * stops the pod when the run takes longer, and the unit ends failed (result `timeout`).
 */
import type { ContainerModel, PodModel } from '../../model/pod-model.js'
import type { Line } from '../../unit/unit-file.js'
import { entry, exec, raw } from '../../unit/unit-file.js'
import type { GenerateOptions } from './generate-options.js'

/** The comment that opens the job lines; the replay test finds them by it. */
export const JOB_LINES_COMMENT = 'A job: the pod unit fails when a container unit has failed'

export function jobLines(
  pod: PodModel,
  containers: readonly ContainerModel[],
  options: GenerateOptions,
): Line[] {
  if (pod.job === undefined) return []
  const systemctl = options.rootless ? 'systemctl --user' : 'systemctl'
  const state = `${systemctl} show --value -p ActiveState "$u"`
  const script =
    'for u do i=0; ' +
    `while [ $i -lt 50 ] && case $(${state}) in active|activating|deactivating) true;; *) false;; esac; ` +
    'do sleep 0.2; i=$((i + 1)); done; ' +
    `if ${systemctl} is-failed --quiet "$u"; then echo "$u failed" >&2; exit 1; fi; done`
  const deadline = pod.job.activeDeadlineSeconds
  return [
    { comment: JOB_LINES_COMMENT },
    ...(deadline === undefined ? [] : [entry('RuntimeMaxSec', raw(String(deadline)))]),
    entry(
      'ExecStopPost',
      exec([
        '/bin/sh',
        '-c',
        script,
        'podunit-job-check',
        ...containers.map((c) => `${c.serviceName}.service`),
      ]),
    ),
  ]
}
