/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): `128Mi`, `500m`, `1e3`,
 * `0.5`, kept exact as a fraction of big integers.
 */

export interface Quantity {
  readonly numerator: bigint
  readonly denominator: bigint
}

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/

const BINARY: Readonly<Record<string, bigint>> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
}
const DECIMAL_EXPONENT: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
}

export function parseQuantity(text: string): Quantity | undefined {
  const match = QUANTITY.exec(text)
  if (match === null) return undefined
  const [, sign = '', number = '', suffix = ''] = match
  const [whole = '', fraction = ''] = number.split('.')
  let numerator = BigInt((whole || '0') + fraction) * (sign === '-' ? -1n : 1n)
  let denominator = 10n ** BigInt(fraction.length)
  const binary = BINARY[suffix]
  let exponent = DECIMAL_EXPONENT[suffix] ?? 0
  if (binary !== undefined) numerator *= binary
  else if (/^[eE][+-]?\d/.test(suffix)) exponent = Number(suffix.slice(1)) // `1E` alone is exa
  if (Math.abs(exponent) > 64) return undefined
  if (exponent > 0) numerator *= 10n ** BigInt(exponent)
  else denominator *= 10n ** BigInt(-exponent)
  return { numerator, denominator }
}

/** The quantity times `scale`, rounded up to an integer, as Quantity.Value()/MilliValue() do. */
export function ceilScaled(quantity: Quantity, scale = 1n): bigint {
  const n = quantity.numerator * scale
  const d = quantity.denominator
  const q = n / d
  return n % d !== 0n && n > 0n ? q + 1n : q
}

/** A CPU quantity as the decimal number of CPUs `podman run --cpus` takes: `500m` → `0.5`. */
export function cpusFromQuantity(quantity: Quantity): string {
  const milli = ceilScaled(quantity, 1000n)
  const whole = milli / 1000n
  const rest = (milli % 1000n).toString().padStart(3, '0').replace(/0+$/, '')
  return rest === '' ? whole.toString() : `${whole}.${rest}`
}
