import {
  boundText,
  compileScreenPattern,
  MAX_MATCHED_TEXT,
  MAX_PATTERN_LENGTH,
} from '../../../src/agents/screen-pattern.js';

const compile = (pattern: string) => compileScreenPattern(pattern, '--until text:');

test.each([
  ['a backreference', '(a)\\1'],
  ['a named backreference', '(?<x>a)\\k<x>'],
  ['a lookahead', 'a(?=b)'],
  ['a negative lookahead', 'a(?!b)'],
  ['a lookbehind', '(?<=a)b'],
  ['a negative lookbehind', '(?<!a)b'],
  ['an unclosed group', '(unclosed'],
  ['a pattern past the length limit', 'a'.repeat(MAX_PATTERN_LENGTH + 1)],
  ['a program past the size limit', '(?:a?){600}a{600}'],
  ['a repeat past RE2 limits', '(a{1000}){1000}'],
])('%s is usage.invalid', async (_name, pattern) => {
  await expect(compile(pattern)).rejects.toMatchObject({ code: 'usage.invalid' });
});

test('^ and $ match at line ends, as the multiline JS RegExp did', async () => {
  const m = await compile('^got: \\d+$');
  expect(m.test('before\ngot: 4711\nafter')).toBe(true);
  expect(m.test('before got: 4711 after')).toBe(false);
  expect((await compile('(?i)READY')).test('ready')).toBe(true);
  expect((await compile('(?<word>\\w+) done')).test('build done')).toBe(true);
  expect(String(m)).toBe('/^got: \\d+$/m');
});

test('the pathological pattern of a backtracking engine answers at once on RE2', async () => {
  const m = await compile('^(a+)+b$');
  const screen = Array.from({ length: 50 }, () => 'a'.repeat(200)).join('\n');
  const started = performance.now();
  expect(m.test(screen)).toBe(false);
  // Not a benchmark: JS RegExp would take longer than the universe has existed.
  expect(performance.now() - started).toBeLessThan(2000);
});

test('a pattern sees only the last MAX_MATCHED_TEXT of the text, from a line start', async () => {
  const filler = `${'x'.repeat(99)}\n`.repeat(Math.ceil((2 * MAX_MATCHED_TEXT) / 100));
  const top = await compile('^TOP$');
  const bottom = await compile('^BOTTOM$');
  expect(top.test(`TOP\n${filler}BOTTOM`)).toBe(false);
  expect(bottom.test(`TOP\n${filler}BOTTOM`)).toBe(true);
  const bounded = boundText(`TOP\n${filler}BOTTOM`);
  expect(bounded.length).toBeLessThanOrEqual(MAX_MATCHED_TEXT);
  // Cut at a line start: the first line is whole, so ^ means what it says.
  expect(bounded.startsWith('x'.repeat(99))).toBe(true);
  expect(boundText('short\ntext')).toBe('short\ntext');
  expect(boundText('y'.repeat(MAX_MATCHED_TEXT * 2))).toHaveLength(MAX_MATCHED_TEXT);
});
