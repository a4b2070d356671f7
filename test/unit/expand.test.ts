/**
 * `$(VAR)` expansion as Kubernetes does it (third_party/forked/golang/expansion): the rows follow
 * the cases of its expand_test.go.
 */
import { describe, expect, it } from 'vitest'
import { expandReferences } from '../../src/lower/expand.js'

const VARS: Readonly<Record<string, string>> = {
  A: 'a',
  BC: 'bc',
  EMPTY: '',
  DOLLAR: '$',
  REF: '$(A)',
  'A$(B': 'odd',
}

const lookup = (name: string): string | undefined => VARS[name]

const ROWS: readonly { name: string; input: string; expected: string }[] = [
  { name: 'a reference', input: '$(A)', expected: 'a' },
  { name: 'text around a reference', input: 'x$(A)y', expected: 'xay' },
  { name: 'two references', input: '$(A)$(BC)', expected: 'abc' },
  { name: 'a reference to an empty value', input: '<$(EMPTY)>', expected: '<>' },
  { name: 'an escaped reference', input: '$$(A)', expected: '$(A)' },
  { name: 'an escaped reference, then a reference', input: '$$(A)$(A)', expected: '$(A)a' },
  { name: 'an escape before an escaped reference', input: '$$$$(A)', expected: '$$(A)' },
  { name: 'an escape before a reference', input: '$$$(A)', expected: '$a' },
  { name: 'an unknown name stays', input: '$(UNKNOWN)', expected: '$(UNKNOWN)' },
  { name: 'an unclosed reference', input: '$(', expected: '$(' },
  { name: 'an unclosed reference with a name', input: '$(A', expected: '$(A' },
  { name: 'an unclosed reference after text', input: 'x$(A$(BC', expected: 'x$(A$(BC' },
  { name: 'a lone $', input: '$', expected: '$' },
  { name: 'a trailing $', input: 'abc$', expected: 'abc$' },
  { name: 'a $ before another character', input: '$A', expected: '$A' },
  { name: 'two $', input: '$$', expected: '$' },
  { name: 'three $', input: '$$$', expected: '$$' },
  { name: 'four $', input: '$$$$', expected: '$$' },
  { name: 'an empty name', input: '$()', expected: '$()' },
  { name: 'nested: the name runs to the first )', input: '$(A$(B))', expected: 'odd)' },
  { name: 'nested and unknown', input: '$(X$(A))', expected: '$(X$(A))' },
  { name: 'a value is not expanded again', input: '$(REF)', expected: '$(A)' },
  { name: 'a value that is a $', input: '$(DOLLAR)(A)', expected: '$(A)' },
  { name: 'no $ at all', input: 'plain (text)', expected: 'plain (text)' },
  { name: 'the empty string', input: '', expected: '' },
  { name: 'a non-ASCII character after $', input: '$é$(A)', expected: '$éa' },
  { name: 'an astral character after $', input: '$😀$(A)', expected: '$😀a' },
]

describe('expandReferences', () => {
  it.each(ROWS)('$name: $input → $expected', ({ input, expected }) => {
    expect(expandReferences(input, lookup)).toBe(expected)
  })

  it('asks for each name in order', () => {
    const asked: string[] = []
    expandReferences('$(B)$$(C)$(A)$(', (name) => {
      asked.push(name)
      return undefined
    })
    expect(asked).toEqual(['B', 'A'])
  })
})
