/**
 * Quadlet's encoder, value by value (podman5.md §4.2, §5): what each kind of key gets written,
 * and which values no key can carry. test/quadlet-roundtrip.test.ts proves the rules through the
 * real generator.
 */
import { describe, expect, it } from 'vitest'
import { encodeRaw, encodeWord, rawProblem, wordProblem } from '../../src/emit/quadlet/encode.js'

describe('encodeWord: every word quoted, C escapes, $ and % doubled', () => {
  it.each([
    { input: 'plain', expected: '"plain"' },
    { input: '', expected: '""' },
    { input: 'a b', expected: '"a b"' },
    { input: `it's`, expected: `"it's"` },
    { input: 'say "hi"', expected: '"say \\"hi\\""' },
    { input: 'a\\b', expected: '"a\\\\b"' },
    { input: 'a\nb\tc', expected: '"a\\nb\\tc"' },
    { input: '\u0001\u007f', expected: '"\\x01\\x7f"' },
    { input: '$HOME ${HOME}', expected: '"$$HOME $${HOME}"' },
    { input: '100% %n', expected: '"100%% %%n"' },
    { input: 'ü☃', expected: '"ü☃"' },
  ])('$input', ({ input, expected }) => {
    expect(encodeWord(input)).toBe(expected)
  })
})

describe('encodeRaw: bare, $ and % doubled', () => {
  it.each([
    { input: '/srv/a b', expected: '/srv/a b' },
    { input: 'a\\b', expected: 'a\\b' },
    { input: '$x%y', expected: '$$x%%y' },
  ])('$input', ({ input, expected }) => {
    expect(encodeRaw(input)).toBe(expected)
  })
})

describe('what Quadlet 5.4 cannot carry', () => {
  it.each([
    { input: '', word: true, single: true, lines: true },
    { input: ';', word: true, single: true, lines: true },
    { input: 'a;b', word: false, single: false, lines: false },
    { input: '"quoted"', word: false, single: true, lines: false },
    { input: ' lead', word: false, single: true, lines: true },
    { input: 'trail ', word: false, single: true, lines: true },
    { input: 'a\nb', word: false, single: true, lines: true },
    { input: 'tab\there', word: false, single: true, lines: true },
    { input: 'end\\', word: false, single: true, lines: true },
    { input: 'in "middle"x', word: false, single: false, lines: false },
    { input: '/data/a b:/d', word: false, single: false, lines: false },
  ])('$input', ({ input, word, single, lines }) => {
    expect(wordProblem(input) !== undefined, 'word').toBe(word)
    expect(rawProblem(input, 'single') !== undefined, 'single').toBe(single)
    expect(rawProblem(input, 'lines') !== undefined, 'lines').toBe(lines)
  })
})
