/** The unit-file model: sections of ordered entries, values typed by how they must be escaped. */

/** One argument of a command line: escaped, or `raw` for Podman's own `%t/…` placeholders. */
export type ExecToken = string | { readonly raw: string }

export type UnitValue =
  /** Free text such as `Description=`: only `%` is escaped. */
  | { readonly kind: 'text'; readonly text: string }
  /** Written as it is: intended specifiers (`%n`, `%t/%N.pid`) and Podman's fixed lines. */
  | { readonly kind: 'raw'; readonly text: string }
  /** `ExecStart=`-style command line, each token escaped, with Podman's line continuation. */
  | { readonly kind: 'exec'; readonly argv: readonly ExecToken[] }
  /** One `NAME=value` assignment of `Environment=`. */
  | { readonly kind: 'env'; readonly assignment: string }
  /** Space-separated unit names: `Wants=a.service b.service`. */
  | { readonly kind: 'list'; readonly items: readonly string[] }

export type Line =
  | { readonly key: string; readonly value: UnitValue }
  | { readonly comment: string }
  | { readonly blank: true }

export interface Section {
  readonly name: 'Unit' | 'Service' | 'Timer' | 'Install'
  readonly lines: readonly Line[]
}

export interface UnitFile {
  /** `<service name>.service`, or `.timer` */
  readonly fileName: string
  /** Comment lines at the top, without the `# `. */
  readonly header: readonly string[]
  readonly sections: readonly Section[]
}

export const text = (value: string): UnitValue => ({ kind: 'text', text: value })
export const raw = (value: string): UnitValue => ({ kind: 'raw', text: value })
export const exec = (argv: readonly ExecToken[]): UnitValue => ({ kind: 'exec', argv })
export const env = (assignment: string): UnitValue => ({ kind: 'env', assignment })
export const list = (items: readonly string[]): UnitValue => ({ kind: 'list', items })
export const entry = (key: string, value: UnitValue): Line => ({ key, value })
