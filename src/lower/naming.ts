/** Unit names, computed here because the dependency lines of other units need them. */

export interface NamingOptions {
  /** @default 'pod' */
  readonly podPrefix: string
  /** @default 'container' */
  readonly containerPrefix: string
  /** @default '-' */
  readonly separator: string
}

export const DEFAULT_NAMING: NamingOptions = {
  podPrefix: 'pod',
  containerPrefix: 'container',
  separator: '-',
}

/** Podman's `getServiceName`: `prefix + separator + name`, or `name` when the prefix is empty. */
export function serviceName(prefix: string, separator: string, name: string): string {
  return prefix === '' ? name : `${prefix}${separator}${name}`
}
