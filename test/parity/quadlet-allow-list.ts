/**
 * The differences between a pod made from podunit's Quadlet files (through the Quadlet generator
 * of Podman 5.4.2) and the same pod made from podunit's units, both on Podman 5.4.2, that
 * test/quadlet-parity.test.ts accepts: object (`pod`, `infra`, a container by its Kubernetes
 * name), field of the projection in test/support/inspect.ts, the values on both sides, and why.
 * An entry without `case` holds for every case. Keyed by format and version: these are Quadlet
 * 5.4.2's differences from the units format on the same Podman.
 */

export interface QuadletAllowedDifference {
  /** Only in this golden case; every case when absent. */
  readonly case?: string
  readonly object: (object: string) => boolean
  readonly field: string
  /** Whether the units' value and the Quadlet value are the ones this entry allows. */
  readonly values: (
    units: unknown,
    quadlet: unknown,
    same: (a: unknown, b: unknown) => boolean,
  ) => boolean
  readonly reason: string
}

const exactly =
  (units: unknown, quadlet: unknown): QuadletAllowedDifference['values'] =>
  (u, q, same) =>
    same(u, units) && same(q, quadlet)

const STOP_TIMEOUT =
  "--stop-timeout N: the units keep the container's own stop timeout and pass N to `podman stop -t` in ExecStop=; Quadlet's ExecStop= is `podman rm -f`, which honours only the container's, so the Quadlet file sets StopTimeout=N"
const ANNOTATION_CSV =
  'annotation with "," or a double quote: the units quote it as one CSV field, which Podman 4.3 needs (its --annotation is a string slice); Podman 5 reads --annotation as it is, so the units value is wrong on 5.4 (a --podman-version 5.4 matter), while Quadlet\'s Annotation= gets it right'

/** The units' CSV-quoted annotation `key=value` as Podman 5.4.2 stores it: split at the `=`. */
function csvAnnotation(
  name: string,
  object: string,
  key: string,
  value: string,
): QuadletAllowedDifference[] {
  const quoted = `"${key}=${value.replaceAll('"', '""')}"`
  const at = quoted.indexOf('=')
  return [
    {
      case: name,
      object: (o) => o === object,
      field: `annotation.${quoted.slice(0, at)}`,
      values: exactly(quoted.slice(at + 1), undefined),
      reason: ANNOTATION_CSV,
    },
    {
      case: name,
      object: (o) => o === object,
      field: `annotation.${key}`,
      values: exactly(undefined, value),
      reason: ANNOTATION_CSV,
    },
  ]
}

export const QUADLET_ALLOWED: readonly QuadletAllowedDifference[] = [
  {
    case: 'generate-options',
    object: (o) => o === 'nginx' || o === 'sidecar',
    field: 'stopTimeout',
    values: exactly(10, 20),
    reason: STOP_TIMEOUT,
  },
  ...csvAnnotation('quoting', 'c', 'example.com/list', 'first, second'),
  ...csvAnnotation('quoting', 'c', 'example.com/quoted', 'say "hi", twice'),
  ...csvAnnotation('parity-annotation-values', 'app', 'description', 'first, second'),
  ...csvAnnotation('parity-annotation-values', 'app', 'quoted', 'say "hi"'),
]
