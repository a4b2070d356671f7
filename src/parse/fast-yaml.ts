/**
 * The fast path of the YAML stage. The `yaml` package gives every node a source position, which
 * diagnostics need, but it builds a full document tree and reads about 4,000 small manifests a
 * second; js-yaml builds plain values about seven times faster. So the values come from js-yaml,
 * and a file is read again with `yaml`, for positions, only when a diagnostic must point into it.
 *
 * Both must read the same text as the same values. js-yaml is given the exact YAML 1.1 scalar
 * rules of `yaml`'s `yaml-1.1` schema as podunit configures it (no timestamps, no sexagesimal
 * numbers; see parse-yaml.ts), and anything where the two could differ goes to the slow path:
 * anchors and aliases (whose expansion `yaml` bounds), directives, explicit tags, `\U`, `\/` and
 * surrogate `\u` escapes,
 * collections as keys, and whatever js-yaml refuses. test/unit/fast-yaml.test.ts holds the two to the same values.
 *
 * js-yaml, like libyaml and so go-yaml, which Kubernetes reads manifests with, does not check the
 * indentation of flow collections and multi-line quoted scalars, which `yaml` refuses. podunit
 * reads those as Kubernetes does; the test lists these classes exactly.
 */
import jsyaml from 'js-yaml'

/** A YAML 1.1 scalar type: the first of `rules` whose pattern matches decides the value. */
function scalar(tag: string, rules: readonly [RegExp, (text: string) => unknown][]) {
  const rule = (text: unknown) =>
    typeof text === 'string' ? rules.find(([pattern]) => pattern.test(text)) : undefined
  // js-yaml keeps one implicit type per tag, so each tag's rules live in one type.
  return new jsyaml.Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (text: unknown) => rule(text) !== undefined,
    construct: (text: string) => rule(text)?.[1](text),
  })
}

const integer = (offset: number, radix: number) => (text: string) => {
  const sign = text[0]
  const digits = text.slice(sign === '-' || sign === '+' ? offset + 1 : offset).replaceAll('_', '')
  const value = parseInt(digits, radix)
  return sign === '-' ? -1 * value : value
}
const float = (text: string) => parseFloat(text.replaceAll('_', ''))

/** The regular expressions of `yaml`'s yaml-1.1 schema, in its order. */
const TYPES = [
  scalar('null', [[/^(?:~|[Nn]ull|NULL)?$/, () => null]]),
  scalar('bool', [
    [/^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/, () => true],
    [/^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/, () => false],
  ]),
  scalar('int', [
    [/^[-+]?0b[0-1_]+$/, integer(2, 2)],
    [/^[-+]?0[0-7_]+$/, integer(1, 8)],
    [/^[-+]?[0-9][0-9_]*$/, integer(0, 10)],
    [/^[-+]?0x[0-9a-fA-F_]+$/, integer(2, 16)],
  ]),
  scalar('float', [
    [
      /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      (text) =>
        text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? -Infinity : Infinity,
    ],
    [/^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/, float],
    [/^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/, float],
  ]),
]

/** `<<: *base`; js-yaml merges the keys of any scalar typed with this tag. */
const MERGE = scalar('merge', [[/^<<$/, (text) => text]])

const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [...TYPES, MERGE] })

/**
 * Text that only the slow path reads the same way as `yaml`, or as go-yaml where the two differ:
 * the escapes `\/` and `\uD800`-`\uDFFF` that js-yaml accepts and go-yaml refuses, and an escaped
 * line break followed by an empty line, which go-yaml keeps as a line feed and js-yaml drops (see
 * go-yaml-quoted.ts; js-yaml refuses `\'`, so that goes the slow path anyway); and digits enough
 * for an integer beyond 2^53, whose exact value the slow path keeps (exact-integers.ts).
 */
const SLOW_ONLY =
  /(?:^|[\s[{,])[&*!][^\s[\]{},]|^%|\\U|\\\/|\\u[dD][89a-fA-F]|\\\r?\n[ \t]*\r?\n|[0-9][0-9_]{15}|0x[0-9a-fA-F_]{13}|^[ -]*\? |[\]}][ \t]*:(?:\s|$)/m

/**
 * The values of the documents in `text`, one per document (`null` for an empty one), or
 * undefined when the text must go the slow path.
 */
export function parseFast(text: string): unknown[] | undefined {
  if (SLOW_ONLY.test(text)) return undefined
  let values: unknown[]
  try {
    values = jsyaml.loadAll(text, undefined, { schema: SCHEMA, json: false })
  } catch {
    return undefined
  }
  return values.some(hasNullKey) ? undefined : values
}

/**
 * A null key (`~:`, `null:`, or a missing one, `{: x}`) is `"null"` to js-yaml and `""` to `yaml`;
 * no manifest needs one, so such a text takes the slow path.
 */
function hasNullKey(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false
  if (Array.isArray(value)) return value.some(hasNullKey)
  return Object.entries(value).some(
    ([key, child]) => key === 'null' || key === '' || hasNullKey(child),
  )
}
