import { decodeCursor, encodeCursor, locate, MAX_CURSOR_LENGTH } from '../../../src/agents/output-cursor.js';

const craft = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const hashes = (count: number) =>
  Array.from({ length: count }, (_, i) => `abcd${String(i).padStart(4, '0')}`.slice(-8));
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return 'no error';
};

test('a real cursor, even of a long history of long lines, is within the limit and decodes', () => {
  const lines = Array.from({ length: 100_000 }, (_, i) => `line ${i} ${'x'.repeat(300)}`);
  const cursor = encodeCursor(lines);
  expect(cursor.length).toBeLessThanOrEqual(MAX_CURSOR_LENGTH);
  expect(decodeCursor(cursor)).toEqual({ n: 100_000, t: expect.any(Array), w: lines.at(-1)!.length });
  expect(decodeCursor(encodeCursor(['one', 'two'])).t).toHaveLength(2);
  expect(decodeCursor(encodeCursor([]))).toEqual({ n: 0, t: [] });
  // Cursors of earlier versions have no last line length.
  expect(decodeCursor(craft({ n: 1, t: hashes(1) }))).toEqual({ n: 1, t: hashes(1) });
});

test.each([
  ['86 KB of hashes', craft({ n: 5000, t: hashes(7800) })],
  ['13 hashes', craft({ n: 13, t: hashes(13) })],
  ['more hashes than lines', craft({ n: 2, t: hashes(3) })],
  ['fewer hashes than the tail of 12', craft({ n: 100, t: hashes(5) })],
  ['a hash that is too long', craft({ n: 1, t: ['abcdefghi'] })],
  ['a hash of other characters', craft({ n: 1, t: ['abc+/=!?'] })],
  ['a hash that is not a string', craft({ n: 1, t: [12345678] })],
  ['a negative count', craft({ n: -1, t: [] })],
  ['a negative line length', craft({ n: 1, t: hashes(1), w: -1 })],
  ['a line length that is not a number', craft({ n: 1, t: hashes(1), w: '3' })],
  ['a count past the safe integers', craft({ n: 2 ** 60, t: hashes(12) })],
  ['no hashes at all', craft({ n: 3 })],
  ['not JSON', Buffer.from('{n: 1').toString('base64url')],
  ['JSON that is not an object', craft([1, 2])],
  ['characters outside base64url', `${craft({ n: 0, t: [] })}==`],
  ['padding past the length limit', `${craft({ n: 0, t: [] })}${'A'.repeat(MAX_CURSOR_LENGTH)}`],
  ['empty', ''],
])('a cursor with %s is usage.invalid', (_name, cursor) => {
  expect(codeOf(() => decodeCursor(cursor))).toBe('usage.invalid');
});

test('locate stays linear on a long history of one repeated line against a tail that almost matches it', () => {
  const lines = Array.from({ length: 200_000 }, (_, i) => (i < 20 ? 'w' : 'x'));
  const tail = decodeCursor(encodeCursor(['y', ...Array(10).fill('x'), 'z']));
  const started = performance.now();
  expect(locate(lines, { ...tail, n: lines.length })).toBeUndefined();
  // Generous: it takes ~50 ms; what matters is that it is not quadratic (minutes).
  expect(performance.now() - started).toBeLessThan(5000);
});
