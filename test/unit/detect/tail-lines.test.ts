import { tailLines } from '../../../src/agents/detect/screen.js';

// tailLines walks up from the bottom; these are the edges of that walk.
test('the last non-empty lines, right-trimmed, in screen order', () => {
  expect(tailLines('a\n\nb  \n c\n\n\n', 2)).toEqual(['b', ' c']);
  expect(tailLines('a\n\nb  \n c\n\n\n')).toEqual(['a', 'b', ' c']);
});

test('blank screens, a leading newline, CRLF and escapes', () => {
  expect(tailLines('')).toEqual([]);
  expect(tailLines('\n\n  \n')).toEqual([]);
  expect(tailLines('\nfirst')).toEqual(['first']);
  expect(tailLines('x\r\ny\r\n')).toEqual(['x', 'y']);
  expect(tailLines('\x1b[1mbold\x1b[0m\n\x1b[2K\n')).toEqual(['bold']);
});

test('asking twice for the same screen gives equal answers that do not share an array', () => {
  const first = tailLines('p\nq');
  first.push('changed');
  expect(tailLines('p\nq')).toEqual(['p', 'q']);
  expect(tailLines('p\nq', 1)).toEqual(['q']);
});
