/**
 * An upper bound on the nesting depth of a YAML text, found without parsing it: the parsers
 * recurse once per level and run out of stack some hundreds of levels down, so a text nested
 * deeper than the limit must be refused before they see it. Counts the open indentation levels,
 * the `- ` entries that open on one line, and the flow brackets open outside quotes; the lines of
 * a block scalar (`|`, `>`) are text and do not count. One pass over the characters.
 */
export interface DepthProbe {
  readonly depth: number
  /** 0-based offset where the depth was reached. */
  readonly offset: number
}

const SPACE = 0x20
const NEWLINE = 0x0a

export function maxNestingDepth(text: string): DepthProbe {
  const indents: number[] = []
  let flow = 0
  let best: DepthProbe = { depth: 0, offset: 0 }
  let block: number | undefined // the indentation of the line that opened a block scalar
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    let content = start
    while (content < end && text.charCodeAt(content) === SPACE) content++
    const indent = content - start
    const blank = content === end || text.charCodeAt(content) === NEWLINE
    if (block !== undefined && (indent > block || blank)) {
      start = end + 1
      continue
    }
    block = undefined
    if (flow === 0 && !blank && text[content] !== '#') {
      while (indents.length > 0 && (indents.at(-1) ?? 0) >= indent) indents.pop()
      indents.push(indent)
    }
    let dashes = 0
    let at = content
    while (text[at] === '-' && text.charCodeAt(at + 1) === SPACE) {
      dashes++
      at += 2
      while (text.charCodeAt(at) === SPACE) at++
    }
    const line = scanLine(text, content, end)
    const depth = indents.length + dashes + flow + line.peak
    if (depth > best.depth) best = { depth, offset: content }
    flow = Math.max(0, flow + line.balance)
    if (flow === 0 && line.opensBlock) block = indent
    start = end + 1
  }
  return best
}

/**
 * On one line, outside quotes and comments: brackets opened minus closed, the most open at any
 * point, and whether the line ends with a block scalar indicator (`key: |`, `- >-`).
 */
function scanLine(
  text: string,
  from: number,
  to: number,
): { balance: number; peak: number; opensBlock: boolean } {
  let balance = 0
  let peak = 0
  let quote: string | undefined
  let last = -1 // the last character that is not white space
  for (let i = from; i < to; i++) {
    const ch = text[i]
    if (quote !== undefined) {
      if (ch === '\\' && quote === '"') i++
      else if (ch === quote) quote = undefined
      continue
    }
    if (ch === '"' || ch === "'") quote = ch
    else if (ch === '#' && (i === from || /\s/.test(text[i - 1] ?? ''))) break
    else if (ch === '[' || ch === '{') peak = Math.max(peak, ++balance)
    else if (ch === ']' || ch === '}') balance--
    if (ch !== ' ' && ch !== '\t' && ch !== '\r') last = i
  }
  return { balance, peak, opensBlock: last !== -1 && isBlockIndicator(text, from, last) }
}

/** `|` or `>`, with chomping and indentation indicators, after `:`, `-` or white space. */
function isBlockIndicator(text: string, from: number, last: number): boolean {
  let i = last
  while (i > from && /[-+0-9]/.test(text[i] ?? '') && text[i - 1] !== ' ') i--
  const ch = text[i]
  if (ch !== '|' && ch !== '>') return false
  return i === from || /[\s:-]/.test(text[i - 1] ?? '')
}
