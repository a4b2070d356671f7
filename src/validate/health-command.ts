/**
 * Which exec probes Podman can run without a shell. `--health-cmd` takes an argv in two forms
 * (src/emit/health-cmd.ts): a JSON array of two or more words whose first is not one of Podman's
 * keywords, or `CMD w1 w2 …` split at whitespace. An argv that fits neither (one word with
 * whitespace in it, or a first word `CMD`/`NONE`/`CMD-SHELL` with an empty word or whitespace
 * in another) can only go through `/bin/sh -c`, quoted.
 */

const KEYWORDS: ReadonlySet<string> = new Set(['CMD', 'CMD-SHELL', 'NONE'])

/** Whether Podman takes this first word of `--health-cmd` as a keyword (any case). */
export function isHealthKeyword(word: string): boolean {
  return KEYWORDS.has(word.toUpperCase())
}

/** Go's `unicode.IsSpace`, which `strings.Fields` splits at (and a little more: U+FEFF). */
const WHITESPACE = /[\s\u0085]/u

export function execFormFits(argv: readonly string[]): boolean {
  const [first, ...rest] = argv
  if (first === undefined) return false
  if (rest.length > 0 && !isHealthKeyword(first)) return true
  return argv.every((word) => word !== '' && !WHITESPACE.test(word))
}
