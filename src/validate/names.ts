/** Kubernetes name rules (k8s.io/apimachinery/pkg/util/validation). */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/

/** Why `value` is not a DNS-1123 label, or undefined when it is one. */
export function checkDns1123Label(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters'
  if (!DNS1123_LABEL.test(value)) {
    return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
  }
  return undefined
}

export function checkDns1123Subdomain(value: string): string | undefined {
  if (value.length > 253) return 'must be no more than 253 characters'
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
  }
  return undefined
}

/** Label and annotation keys: `[prefix/]name`. */
export function checkQualifiedName(value: string): string | undefined {
  const parts = value.split('/')
  const name = parts.length === 2 ? (parts[1] ?? '') : value
  if (parts.length > 2) return "a qualified name must have at most one '/'"
  if (parts.length === 2 && checkDns1123Subdomain(parts[0] ?? '') !== undefined) {
    return 'the prefix must be a lowercase DNS-1123 subdomain'
  }
  if (name.length === 0 || name.length > 63) return 'the name part must be 1 to 63 characters'
  if (!QUALIFIED_NAME_PART.test(name)) {
    return "the name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
  }
  return undefined
}

export function checkLabelValue(value: string): string | undefined {
  if (value.length > 63) return 'a label value must be no more than 63 characters'
  if (!LABEL_VALUE.test(value)) {
    return "a label value must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
  }
  return undefined
}
