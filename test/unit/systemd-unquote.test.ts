/**
 * The strict systemd reader used as the test oracle, against the examples of systemd.syntax(7),
 * systemd.service(5) "Command lines", systemd.unit(5) "Specifiers" and systemd.exec(5).
 */
import { describe, expect, it } from 'vitest'
import {
  NO_SPECIFIERS,
  UnitSyntaxError,
  entriesOf,
  parseUnitFile,
  specifierTable,
  splitEnvironment,
  splitExecLine,
} from '../support/systemd-unquote.js'

const SPECIFIERS = specifierTable({ t: '/run', n: 'foo.service', i: 'inst' })

describe('parseUnitFile (systemd.syntax(7))', () => {
  it('reads the man page example: comments, sections, continuation, comments inside one', () => {
    const text = [
      '[Section A]',
      'KeyOne=value 1',
      'KeyTwo=value 2',
      '',
      '# a comment',
      '',
      '[Section B]',
      'Setting="something" "some thing" "…"',
      'KeyTwo=value 2 \\',
      '       value 2 continued',
      '',
      '[Section C]',
      'KeyThree=value 3\\',
      '# this line is ignored',
      '; this line is ignored too',
      '       value 3 continued',
      '',
    ].join('\n')
    const file = parseUnitFile(text)
    expect(file.sections.map((s) => s.name)).toEqual(['Section A', 'Section B', 'Section C'])
    expect(file.sections.map((s) => s.entries.map((e) => [e.key, e.value, e.line]))).toEqual([
      [
        ['KeyOne', 'value 1', 2],
        ['KeyTwo', 'value 2', 3],
      ],
      [
        ['Setting', '"something" "some thing" "…"', 8],
        ['KeyTwo', 'value 2         value 2 continued', 9],
      ],
      [['KeyThree', 'value 3        value 3 continued', 13]],
    ])
  })

  it('keeps repeated keys in order and strips whitespace around "="', () => {
    const file = parseUnitFile(
      '[Service]\nEnvironment = A=1 \nEnvironment=B=2\n\tExecStart=/bin/true\n',
    )
    expect(entriesOf(file, 'Service', 'Environment').map((e) => e.value)).toEqual(['A=1', 'B=2'])
    expect(entriesOf(file, 'Service', 'ExecStart').map((e) => e.value)).toEqual(['/bin/true'])
  })

  it('pairs backslashes: an escaped backslash at the end does not continue the line', () => {
    const file = parseUnitFile('[S]\nA=x\\\\\nB=y \\\\ \\\n z\n')
    expect(file.sections[0]?.entries.map((e) => [e.key, e.value])).toEqual([
      ['A', 'x\\\\'],
      ['B', 'y \\\\   z'],
    ])
  })

  it('joins a trailing continuation at the end of the file', () => {
    expect(parseUnitFile('[S]\nA=x \\').sections[0]?.entries[0]?.value).toBe('x')
  })

  it.each([
    { name: 'assignment outside a section', text: 'A=1\n' },
    { name: 'missing "="', text: '[S]\nnot an assignment\n' },
    { name: 'missing key', text: '[S]\n=x\n' },
    { name: 'bad section header', text: '[S\n' },
    { name: 'carriage return', text: '[S]\r\nA=1\r\n' },
    { name: 'raw control character', text: '[S]\nA=a\u0001b\n' },
    { name: 'noncharacter (systemd: not UTF-8 clean)', text: '[S]\nA=\uFDD0\n' },
    { name: 'byte order mark', text: '\uFEFF[S]\n' },
  ])('rejects $name', ({ text }) => {
    expect(() => parseUnitFile(text)).toThrow(UnitSyntaxError)
  })
})

describe('splitExecLine (systemd.service(5) "Command lines")', () => {
  it.each([
    {
      name: 'man page: two commands separated by a lone ";"',
      value: 'echo one ; echo "two two"',
      expected: [
        ['echo', 'one'],
        ['echo', 'two two'],
      ],
    },
    {
      name: 'man page: shell command lines passed to a shell',
      value: "sh -c 'dmesg | tac'",
      expected: [['sh', '-c', 'dmesg | tac']],
    },
    {
      name: 'man page: "\\;" is a literal semicolon (after continuation)',
      value: 'echo / >/dev/null & \\;  ls',
      expected: [['echo', '/', '>/dev/null', '&', ';', 'ls']],
    },
    {
      name: 'a ";" inside a word is literal',
      value: '/bin/echo a;b ;; "x;"',
      expected: [['/bin/echo', 'a;b', ';;', 'x;']],
    },
    { name: 'empty value resets', value: '', expected: [] },
    { name: 'empty quoted words', value: `/bin/echo "" ''`, expected: [['/bin/echo', '', '']] },
    {
      name: '"$$" is a literal dollar',
      value: '/bin/echo $$HOME a$$b $$$$',
      expected: [['/bin/echo', '$HOME', 'a$b', '$$']],
    },
    {
      name: '"%%" is a literal percent',
      value: '/bin/echo 100%% "%%n"',
      expected: [['/bin/echo', '100%', '%n']],
    },
    {
      name: 'specifiers come from the table',
      value: '/bin/rm -f %t/%n.ctr-id',
      expected: [['/bin/rm', '-f', '/run/foo.service.ctr-id']],
    },
    {
      name: 'whitespace: spaces and tabs separate words',
      value: '/bin/echo\t a \t b',
      expected: [['/bin/echo', 'a', 'b']],
    },
    {
      name: 'single quotes keep double quotes',
      value: `/bin/echo '"x"'`,
      expected: [['/bin/echo', '"x"']],
    },
    {
      name: 'escapes work inside single quotes too',
      value: `/bin/echo 'a\\nb'`,
      expected: [['/bin/echo', 'a\nb']],
    },
    {
      name: 'backslash escapes in bare words',
      value: '/bin/echo a\\\\b a\\sb',
      expected: [['/bin/echo', 'a\\b', 'a b']],
    },
    {
      name: 'prefix characters stay on the first word',
      value: '-/bin/false',
      expected: [['-/bin/false']],
    },
  ])('$name', ({ value, expected }) => {
    expect(splitExecLine(value, SPECIFIERS)).toEqual(expected)
  })

  it.each([
    { escape: '\\a', char: '\u0007' },
    { escape: '\\b', char: '\b' },
    { escape: '\\f', char: '\f' },
    { escape: '\\n', char: '\n' },
    { escape: '\\r', char: '\r' },
    { escape: '\\t', char: '\t' },
    { escape: '\\v', char: '\v' },
    { escape: '\\\\', char: '\\' },
    { escape: '\\"', char: '"' },
    { escape: "\\'", char: "'" },
    { escape: '\\s', char: ' ' },
    { escape: '\\x41', char: 'A' },
    { escape: '\\101', char: 'A' },
    { escape: '\\u00fc', char: 'ü' },
    { escape: '\\U0001F600', char: '😀' },
    { escape: '\\xc3\\xbc', char: 'ü' },
    { escape: '\\303\\274', char: 'ü' },
  ])('systemd.syntax(7) escape $escape', ({ escape, char }) => {
    expect(splitExecLine(`/bin/echo "<${escape}>"`, NO_SPECIFIERS)).toEqual([
      ['/bin/echo', `<${char}>`],
    ])
  })

  it.each([
    { name: 'man page: $VAR as a word (variable expansion)', value: 'echo $ONE' },
    { name: 'man page: ${VAR} inside a word', value: 'echo a${TWO}' },
    { name: 'a single "$" at the end', value: 'echo a$' },
    { name: 'unbalanced quote', value: 'echo "abc' },
    {
      name: 'quote in the middle of a word (systemd: opens; man page: not allowed)',
      value: "echo it's",
    },
    { name: 'text glued to a closing quote', value: 'echo "a"b' },
    { name: 'unknown escape', value: 'echo "\\q"' },
    { name: 'backslash at the end', value: 'echo a\\' },
    { name: 'escaped NUL', value: 'echo "\\x00"' },
    { name: 'octal escape above 255', value: 'echo "\\400"' },
    { name: 'short hex escape', value: 'echo "\\x4"' },
    { name: '\\U beyond Unicode', value: 'echo "\\U00110000"' },
    { name: 'invalid UTF-8 from byte escapes', value: 'echo "\\xff"' },
    { name: 'escaped "%" (expanded after unquoting)', value: 'echo "\\x25n"' },
    { name: 'escaped "$" (expanded at execution)', value: 'echo "\\x24HOME"' },
    { name: 'unknown specifier', value: 'echo %q' },
    { name: 'lone "%" at the end of a word', value: 'echo 100%' },
    { name: 'empty command before ";"', value: '; echo' },
    { name: 'trailing ";"', value: 'echo a ;' },
    { name: 'raw control character', value: 'echo a\u001bb' },
  ])('rejects $name', ({ value }) => {
    expect(() => splitExecLine(value, SPECIFIERS)).toThrow(UnitSyntaxError)
  })
})

describe('splitEnvironment (systemd.exec(5) Environment=)', () => {
  it.each([
    {
      name: 'man page: quoted assignments',
      value: `"ONE=one" 'TWO=two two'`,
      expected: ['ONE=one', 'TWO=two two'],
    },
    { name: 'empty value', value: 'THREE=', expected: ['THREE='] },
    { name: '"$" is literal', value: 'D=$HOME "E=$$"', expected: ['D=$HOME', 'E=$$'] },
    { name: 'escaped "$" is fine too', value: '"D=\\x24HOME"', expected: ['D=$HOME'] },
    {
      name: 'specifiers are expanded',
      value: 'PODMAN_SYSTEMD_UNIT=%n P=100%%',
      expected: ['PODMAN_SYSTEMD_UNIT=foo.service', 'P=100%'],
    },
    { name: 'C escapes', value: '"NL=a\\nb" B=a\\\\b', expected: ['NL=a\nb', 'B=a\\b'] },
    { name: '";" has no meaning', value: 'A=; B=\\x3b', expected: ['A=;', 'B=;'] },
  ])('$name', ({ value, expected }) => {
    expect(splitEnvironment(value, SPECIFIERS)).toEqual(expected)
  })

  it.each([
    { name: 'man page: quote in the middle of a word', value: `ONE='one'` },
    { name: 'no "="', value: 'A' },
    { name: 'invalid name', value: 'a.b=c' },
    { name: 'name starting with a digit', value: '1A=b' },
    { name: 'unknown escape', value: '"A=\\;"' },
    { name: 'escaped noncharacter (not UTF-8 clean for systemd)', value: '"A=\\uFFFE"' },
    { name: 'unbalanced quote', value: 'A="b c' },
  ])('rejects $name', ({ value }) => {
    expect(() => splitEnvironment(value, SPECIFIERS)).toThrow(UnitSyntaxError)
  })
})
