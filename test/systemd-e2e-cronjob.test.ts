/**
 * CronJobs under a real systemd 252 (test/podman/systemd-e2e.sh --no-start): the units of two
 * CronJobs are installed; inside the sandbox the check
 *
 * - enables the timer with `systemctl enable --now` and finds it in `systemctl list-timers` with
 *   its next elapse (1 January, 03:00 in Europe/Berlin: 02:00 UTC);
 * - starts the pod unit as the timer would: the job's container runs to completion (it appends a
 *   line to a hostPath file) and the pod unit ends `inactive`, not failed and not restarted;
 * - starts it again: a second run, and `inactive` again;
 * - starts the pod unit of a CronJob whose container fails (restartPolicy Never): it ends `failed`;
 * - starts one whose job outlives its activeDeadlineSeconds (RuntimeMaxSec=): systemd stops the
 *   pod, and the unit ends `failed` with result `timeout`.
 */
import { writeFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { convert } from '../src/index.js'
import {
  NEEDS_PODMAN,
  NEEDS_ROOT,
  NEEDS_SYSTEMD,
  NEEDS_UNSHARE,
  PODMAN_TEST_DIR,
  run,
  suiteRequiring,
} from './support/podman.js'
import { scratchDir } from './support/scratch.js'

const cronJob = (name: string, command: string, deadline = 120) => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}
spec:
  schedule: '0 3 1 jan *'
  timeZone: Europe/Berlin
  jobTemplate:
    spec:
      activeDeadlineSeconds: ${deadline}
      template:
        spec:
          restartPolicy: Never
          volumes:
            - name: runs
              hostPath:
                path: /run/cron-e2e
                type: Directory
          containers:
            - name: task
              image: localhost/busybox:latest
              command: [sh, -c, ${JSON.stringify(command)}]
              volumeMounts:
                - name: runs
                  mountPath: /runs
`

const YAML = [
  cronJob('nightly', 'echo run >> /runs/nightly; sleep 1'),
  cronJob('broken', 'echo run >> /runs/broken; exit 3'),
  cronJob('slow', 'echo run >> /runs/slow; trap "exit 143" TERM; sleep 100 & wait', 3),
].join('---\n')

/** Waits until the unit is neither active nor activating/deactivating, then prints its state. */
const settle = (unit: string) =>
  `for i in $(seq 240); do s=$(systemctl show --value -p ActiveState ${unit}); case $s in inactive|failed) break;; esac; sleep 0.25; done; ` +
  `echo "${unit} $(systemctl show --value -p ActiveState ${unit}) $(systemctl show --value -p Result ${unit}) restarts=$(systemctl show --value -p NRestarts ${unit})"`

const CHECK = [
  'mkdir -p /run/cron-e2e',
  'systemctl enable --now pod-nightly-pod.timer >/dev/null 2>&1',
  'echo "timer $(systemctl is-enabled pod-nightly-pod.timer) $(systemctl is-active pod-nightly-pod.timer)"',
  'systemctl list-timers --all --no-pager --no-legend pod-nightly-pod.timer | sed "s/^/list /"',
  'systemctl start pod-nightly-pod.service',
  settle('pod-nightly-pod.service'),
  'echo "runs $(wc -l < /run/cron-e2e/nightly)"',
  'systemctl start pod-nightly-pod.service',
  settle('pod-nightly-pod.service'),
  'echo "runs $(wc -l < /run/cron-e2e/nightly)"',
  'systemctl start pod-broken-pod.service',
  settle('pod-broken-pod.service'),
  'echo "runs $(wc -l < /run/cron-e2e/broken)"',
  'systemctl start pod-slow-pod.service',
  settle('pod-slow-pod.service'),
  'echo "pods $(podman pod ps -q | wc -l) containers $(podman ps -aq | wc -l)"',
].join('; ')

const suite = suiteRequiring('systemd e2e cronjob', [
  NEEDS_ROOT,
  NEEDS_PODMAN,
  NEEDS_UNSHARE,
  NEEDS_SYSTEMD,
])

suite('systemd e2e: a CronJob timer and its job pod under systemd 252', () => {
  const scratch = scratchDir('podunit-e2e-cron-')

  it('lists the timer, runs the job twice to inactive, and a failing job ends failed', () => {
    const result = convert({ path: 'cron.yaml', text: YAML }, { noHeader: true })
    expect(result.ok, JSON.stringify(result.diagnostics)).toBe(true)
    const units = join(scratch(), 'units')
    run('mkdir', ['-p', units])
    for (const unit of result.units) writeFileSync(join(units, unit.fileName), unit.content)
    const output = join(scratch(), 'check.out')
    const e2e = run(
      'bash',
      [
        join(PODMAN_TEST_DIR, 'systemd-e2e.sh'),
        ...['--units', units, '--pod-unit', 'pod-nightly-pod.service'],
        ...['--pod-name', 'nightly-pod', '--no-start'],
        ...['--check', CHECK, '--check-output', output],
      ],
      { allowFailure: true, timeoutMs: 170_000 },
    )
    const log = `${e2e.stdout}${e2e.stderr}`
    expect(e2e.status, log).toBe(0)
    const lines = readFileSync(output, 'utf8').trim().split('\n')
    expect(lines[0]).toBe('timer enabled active')
    // NEXT (a date), LEFT, LAST, PASSED, UNIT, ACTIVATES
    expect(lines[1]).toMatch(
      /^list \w{3} \d{4}-01-01 02:00:00 UTC .* pod-nightly-pod\.timer +pod-nightly-pod\.service$/,
    )
    expect(lines.slice(2)).toEqual([
      'pod-nightly-pod.service inactive success restarts=0',
      'runs 1',
      'pod-nightly-pod.service inactive success restarts=0',
      'runs 2',
      'pod-broken-pod.service failed exit-code restarts=0',
      'runs 1',
      // activeDeadlineSeconds: 3 → RuntimeMaxSec=3: systemd stops the pod, the unit fails
      'pod-slow-pod.service failed timeout restarts=0',
      'pods 0 containers 0',
    ])
    process.stdout.write(`systemd e2e cronjob: ${log.match(/^== PASS in \d+ ms/m)?.[0] ?? ''}\n`)
  }, 180_000)
})
