/**
 * Builds the `[Pod]` or `[Container]` group of a Quadlet file: Quadlet's own key wherever one
 * exists (podman-systemd.unit(5) of Podman 5.4), `PodmanArgs=` for the options that have none and
 * for the values that the key cannot carry (encode.ts), and a problem for a value that nothing
 * carries, so that it is reported instead of written broken.
 */
import type { QuadletEntry } from './quadlet-file.js'
import { fixed, raw, words } from './quadlet-file.js'
import type { RawKind } from './encode.js'
import { rawProblem, wordProblem } from './encode.js'

/** A value Quadlet cannot carry, at the JSON Pointer of the YAML it came from. */
export interface QuadletProblem {
  readonly pointer: string
  /** What the value holds, e.g. `an empty argument (…)`. */
  readonly detail: string
  /** How to get it through anyway. */
  readonly note?: string
}

export class QuadletKeys {
  readonly entries: QuadletEntry[] = []
  /** Arguments for `PodmanArgs=`, written last. */
  private readonly podmanArgs: string[] = []
  private readonly problems: QuadletProblem[] = []

  /** `pointer`: where problems with the group's values are reported. */
  constructor(private readonly pointer: string) {}

  /** A key whose value podunit made and that needs no encoding (names, numbers, booleans). */
  fixed(key: string, value: string | number | boolean | undefined): this {
    if (value !== undefined) this.entries.push({ key, value: fixed(String(value)) })
    return this
  }

  /**
   * A raw key, one line per value; a value it cannot carry goes to `PodmanArgs=` as `flag value`
   * instead (a value neither can carry is a problem).
   */
  raw(key: string, values: readonly string[], kind: RawKind, flag: string): this {
    for (const value of values) {
      if (rawProblem(value, kind) === undefined) this.entries.push({ key, value: raw(value) })
      else this.args(flag, value)
    }
    return this
  }

  /** An exec-word or key=value key, one line per value. */
  words(key: string, values: readonly string[], pointer = this.pointer): this {
    for (const value of values) {
      if (this.check(value, pointer)) this.entries.push({ key, value: words([value]) })
    }
    return this
  }

  /** Arguments of `PodmanArgs=`, for options that have no key of their own. */
  args(...values: string[]): this {
    this.podmanArgs.push(...values)
    return this
  }

  argsIf(condition: boolean, ...values: string[]): this {
    return condition ? this.args(...values) : this
  }

  /** Records a problem when the argument cannot go through Quadlet; true when it can. */
  check(word: string, pointer = this.pointer, note?: string): boolean {
    const detail = wordProblem(word)
    if (detail !== undefined) this.problems.push({ pointer, detail, ...(note ? { note } : {}) })
    return detail === undefined
  }

  /** The group's entries with `PodmanArgs=` last, and the problems found. */
  finish(): { entries: QuadletEntry[]; problems: QuadletProblem[] } {
    const args = this.podmanArgs.filter((word) => this.check(word))
    const entries =
      args.length === 0
        ? this.entries
        : [...this.entries, { key: 'PodmanArgs', value: words(args) }]
    return { entries, problems: this.problems }
  }
}
