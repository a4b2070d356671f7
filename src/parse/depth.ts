/**
 * An upper bound on the nesting depth of a YAML text, found without parsing it: the parsers
 * recurse once per level and run out of stack some hundreds of levels down, so a text nested
 * deeper than the limit must be refused before they see it. Counts the open indentation levels,
 * the `- ` entries that open on one line, and the flow brackets open outside quotes; the lines of
 * a block scalar (`|`, `>`) are text and do not count.
 */
export interface DepthProbe {
  readonly depth: number
  /** 0-based offset where the depth was reached. */
  readonly offset: number
}

export function maxNestingDepth(text: string): DepthProbe {
  const indents: number[] = []
  let flow = 0
  let best: DepthProbe = { depth: 0, offset: 0 }
  let lineStart = 0
  let block: number | undefined // the indentation of the line that opened a block scalar
  while (lineStart <= text.length) {
    const end = text.indexOf('\n', lineStart)
    const line = text.slice(lineStart, end === -1 ? text.length : end)
    const content = /^[ ]*/.exec(line)?.[0].length ?? 0
    const next = end === -1 ? text.length + 1 : end + 1
    if (block !== undefined && (content > block || line.trim() === '')) {
      lineStart = next
      continue
    }
    block = flow === 0 && BLOCK_SCALAR.test(line) ? content : undefined
    if (flow === 0 && content < line.length && !/^\s*#/.test(line)) {
      while (indents.length > 0 && (indents.at(-1) ?? 0) >= content) indents.pop()
      indents.push(content)
    }
    const dashes = /^[ ]*((?:-[ ]+)*)/.exec(line)?.[1]?.split('-').length ?? 1
    const brackets = flowBrackets(line)
    const depth = indents.length + dashes - 1 + flow + brackets.peak
    flow = Math.max(0, flow + brackets.balance)
    if (depth > best.depth) best = { depth, offset: lineStart + content }
    lineStart = next
  }
  return best
}

const BLOCK_SCALAR = /(?:^|[\s:-])[|>][-+0-9]*\s*(?:#.*)?$/

/**
 * Brackets opened minus closed on a line, outside quotes and comments, and the most open at
 * any point of it.
 */
function flowBrackets(line: string): { balance: number; peak: number } {
  let balance = 0
  let peak = 0
  let quote: string | undefined
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quote !== undefined) {
      if (ch === '\\' && quote === '"') i++
      else if (ch === quote) quote = undefined
    } else if (ch === '"' || ch === "'") quote = ch
    else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) break
    else if (ch === '[' || ch === '{') peak = Math.max(peak, ++balance)
    else if (ch === ']' || ch === '}') balance--
  }
  return { balance, peak }
}
