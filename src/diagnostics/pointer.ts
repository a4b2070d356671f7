/** JSON Pointers (RFC 6901) and their display form. */

export function joinPointer(base: string, ...segments: readonly (string | number)[]): string {
  let out = base
  for (const segment of segments) {
    const text = String(segment)
    out += `/${/[~/]/.test(text) ? text.replaceAll('~', '~0').replaceAll('/', '~1') : text}`
  }
  return out
}

export function splitPointer(pointer: string): string[] {
  if (pointer === '') return []
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/

/** `/spec/containers/0/ports/0/hostPort` → `spec.containers[0].ports[0].hostPort`. */
export function pointerToPath(pointer: string): string {
  let out = ''
  for (const segment of splitPointer(pointer)) {
    if (/^(0|[1-9][0-9]*)$/.test(segment)) out += `[${segment}]`
    else if (IDENTIFIER.test(segment)) out += out === '' ? segment : `.${segment}`
    else out += `[${JSON.stringify(segment)}]`
  }
  return out
}
