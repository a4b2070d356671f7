/**
 * The kube play parity suite, for any ParityTarget: every case of test/parity/ played both ways
 * (parity-run.ts), and every difference must be in the target's allow-list, exactly.
 * PODUNIT_PARITY_DUMP=1 prints the unexplained ones in the allow-list's syntax;
 * PODUNIT_PARITY_SHOW=<case> prints both projections of that case.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { AllowedDifference } from '../parity/allow-list.js'
import { sameValue, type Difference, type PodSnapshot } from './inspect.js'
import { CASES } from './parity-input.js'
import { runParityCase, type ParityTarget } from './parity-run.js'

function showValue(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value)
}

function dumpEntry(name: string, d: Difference): string {
  return [
    '  {',
    `    case: ${JSON.stringify(name)},`,
    `    object: ${JSON.stringify(d.object)},`,
    `    field: ${JSON.stringify(d.field)},`,
    `    kubePlay: ${showValue(d.kubePlay)},`,
    `    podunit: ${showValue(d.podunit)},`,
    '    reason: WHY.TODO,',
    '  },',
  ].join('\n')
}

/** The differences that the allow-list does not explain exactly, as messages. */
function unexplainedBy(
  allowed: readonly AllowedDifference[],
  differences: readonly Difference[],
): { problems: string[]; unexplained: Difference[] } {
  const problems: string[] = []
  const unexplained: Difference[] = []
  const matched = new Set<AllowedDifference>()
  for (const d of differences) {
    const entry = allowed.find((e) => e.object === d.object && e.field === d.field)
    if (entry === undefined) {
      unexplained.push(d)
      problems.push(
        `${d.object} ${d.field}: kube play ${showValue(d.kubePlay)}, podunit ${showValue(d.podunit)}`,
      )
      continue
    }
    matched.add(entry)
    if (!sameValue(entry.kubePlay, d.kubePlay) || !sameValue(entry.podunit, d.podunit)) {
      problems.push(
        `${d.object} ${d.field}: allowed kube play ${showValue(entry.kubePlay)} / podunit ${showValue(entry.podunit)}, got ${showValue(d.kubePlay)} / ${showValue(d.podunit)}`,
      )
    }
  }
  for (const e of allowed) {
    if (!matched.has(e)) problems.push(`${e.object} ${e.field}: allowed, but no longer differs`)
  }
  return { problems, unexplained }
}

export interface ParitySuiteOptions {
  /** Makes the target in beforeAll (with the suite's scratch directory); returns its teardown. */
  readonly start: (scratch: string) => Promise<{ target: ParityTarget; stop: () => void }>
  readonly allowed: readonly AllowedDifference[]
}

/** The body of a parity suite (call it inside `suite(...)`). */
export function parityCases(options: ParitySuiteOptions): void {
  // made in beforeAll: a skipped suite runs this body but never its hooks
  let scratch = ''
  let target: ParityTarget | undefined
  let stop: (() => void) | undefined
  const summary: string[] = []
  const dump: string[] = []
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'podunit-parity-'))
    ;({ target, stop } = await options.start(scratch))
  })
  afterAll(() => {
    stop?.()
    if (scratch !== '') rmSync(scratch, { recursive: true, force: true })
    if (summary.length > 0) process.stdout.write(`${summary.join('\n')}\n`)
    if (dump.length > 0) process.stdout.write(`unexplained differences:\n${dump.join('\n')}\n`)
  })

  it('has at least 12 cases, and every allow-list entry names one, once', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(12)
    for (const e of options.allowed) {
      expect(CASES, `allow-list: ${e.object} ${e.field}`).toContain(e.case)
    }
    const keys = options.allowed.map((e) => `${e.case} ${e.object} ${e.field}`)
    expect(
      keys.filter((k, i) => keys.indexOf(k) !== i),
      'duplicate allow-list entries',
    ).toEqual([])
  })

  it.each(CASES)('%s', (name) => {
    const started = Date.now()
    const { differences, kubePlay, ours, notes } = runParityCase(target!, name, scratch)
    if (process.env.PODUNIT_PARITY_SHOW === name) {
      const show = (s: PodSnapshot | undefined) => Object.fromEntries(s?.objects ?? [])
      const both = { kubePlay: show(kubePlay), podunit: show(ours) }
      process.stdout.write(`${name}: ${JSON.stringify(both, null, 1)}\n`)
    }
    const allowed = options.allowed.filter((e) => e.case === name)
    const { problems, unexplained } = unexplainedBy(allowed, differences)
    if (process.env.PODUNIT_PARITY_DUMP === '1') {
      dump.push(...unexplained.map((d) => dumpEntry(name, d)))
    }

    const snapshot = ours ?? kubePlay
    const fields = [...(snapshot?.objects.values() ?? [])].reduce(
      (n, p) => n + Object.keys(p).length,
      0,
    )
    const kinds = [...new Set(allowed.map((e) => e.field.split(/[.:]/)[0]))].join(', ')
    const given = notes.length > 0 ? `; kube play given ${notes.join('; ')}` : ''
    summary.push(
      `parity ${target!.release} ${name}: ${snapshot?.objects.size ?? 0} objects, ${fields} fields, ` +
        `${differences.length} differences${kinds === '' ? '' : ` (${kinds})`}, ` +
        `${problems.length} not allowed${given}; ${Date.now() - started} ms`,
    )
    expect(
      problems,
      `${name}: differences from kube play that the allow-list does not explain`,
    ).toEqual([])
  })
}
