import { decodeCursor, encodeCursor, locate } from '../../../src/agents/output-cursor.js';

/** What a read with the cursor of a read that saw `before` returns on `after`: the new lines, or 'gap'. */
function newLines(before: string[], after: string[], appendsOutput = false): string[] | 'gap' {
  const found = locate(after, decodeCursor(encodeCursor(before)), { appendsOutput });
  return found === undefined ? 'gap' : after.slice(found.start, found.end);
}

const range = (from: number, to: number, prefix = '') =>
  Array.from({ length: to - from }, (_, i) => `${prefix}${from + i}`);
const box = ['╭────────╮', '│ >      │', '╰────────╯', '  ? for shortcuts'];
const older = range(0, 30, 'output ');

// Each row: a name, the lines an earlier read saw, the lines now, and what --since must return on any pane.
const cases: [string, string[], string[], string[] | 'gap'][] = [
  ['nothing changed', [...older, '$'], [...older, '$'], []],
  ['a plain program appends', ['ready'], ['ready', 'alpha', 'line 1: alpha'], ['alpha', 'line 1: alpha']],
  [
    'a shell of one prompt line runs commands',
    ['$'],
    ['$ echo one', 'one', '$ echo two', 'two', '$'],
    ['$ echo one', 'one', '$ echo two', 'two', '$'],
  ],
  [
    'a shell with output above runs commands',
    [...older, '$'],
    [...older, '$ echo one', 'one', '$'],
    ['$ echo one', 'one', '$'],
  ],
  [
    'a shell repeats the command it ran last',
    ['$ ls', 'a.txt', '$ echo a', 'a', '$'],
    ['$ ls', 'a.txt', '$ echo a', 'a', '$ echo a', 'a', '$'],
    ['$ echo a', 'a', '$'],
  ],
  [
    'a shell repeats it with a long history',
    [...older, '$ echo a', 'a', '$ echo a', 'a', '$'],
    [...older, '$ echo a', 'a', '$ echo a', 'a', '$ echo a', 'a', '$'],
    ['$ echo a', 'a', '$'],
  ],
  ['the prompt line got text typed into it', [...older, '$'], [...older, '$ echo typed'], ['$ echo typed']],
  [
    'the typed line was submitted',
    [...older, '$ echo typed'],
    [...older, '$ echo typed', 'typed', '$'],
    ['typed', '$'],
  ],
  [
    'a progress line was rewritten in place',
    [...older, 'progress 10%'],
    [...older, 'progress 100%', 'done'],
    ['progress 100%', 'done'],
  ],
  ['the last line was erased', [...older, 'working...'], [...older], []],
  ['trailing blank lines then more output', [...older, 'x'], [...older, 'x', '', '', 'y'], ['', '', 'y']],
  ['clear pushed the screen into history', [...older, '$'], [...older, '$ clear', '$'], ['$ clear', '$']],
  ['clear dropped the history too', [...older, '$'], ['$'], 'gap'],
  [
    'history dropped old lines, a command ran',
    [...range(0, 100), '$'],
    [...range(10, 100), '$ echo x', 'x', '$'],
    ['$ echo x', 'x', '$'],
  ],
  ['history dropped old lines, output appended', range(0, 100), range(20, 120), range(100, 120)],
  ['history dropped past the earlier tail', [...range(0, 100), '$'], [...range(200, 300), '$'], 'gap'],
  [
    'history dropped the top of the earlier tail',
    [...range(0, 100), '$'],
    [...range(95, 100), '$ echo x', 'x', '$'],
    ['$ echo x', 'x', '$'],
  ],
  ['a cursor from another pane', ['unrelated', 'lines', 'here'], [...older, '$'], 'gap'],
  ['a cursor of one line from another pane', ['unrelated output'], [...older, '$'], 'gap'],
  ['a one-line pane now shows other text', ['loading'], ['ready'], 'gap'],
  ['blank lines above prove no place', ['', '', 'loading'], ['', '', 'ready'], 'gap'],
  ['a TUI drew nothing new', [...older, ...box], [...older, ...box], []],
  ['the earlier read saw nothing', [], ['$'], ['$']],
];

test.each(cases)('%s', (_name, before, after, expected) => {
  expect(newLines(before, after)).toEqual(expected);
  expect(newLines(before, after, true)).toEqual(expected);
});

// Only where the pane may be a TUI: new lines drawn above an input box and footer that stay at the bottom.
test.each([
  [
    'a TUI drew lines above its unchanged box',
    [...older, ...box],
    [...older, 'new 1', 'new 2', ...box],
    ['new 1', 'new 2'],
  ],
  [
    'a TUI redrew a full screen in place',
    [...range(0, 8, 't'), ...box],
    [...range(3, 8, 't'), 'new 1', 'new 2', 'new 3', ...box],
    ['new 1', 'new 2', 'new 3'],
  ],
])('%s', (_name, before, after, expected) => {
  expect(newLines(before, after)).toEqual(expected);
  expect(newLines(before, after, true)).toBe('gap');
});

test('a shell whose earlier tail was dropped is a gap, though its repeated output looks like a TUI redraw', () => {
  const run = ['PASS test/a', 'PASS test/b', 'done'];
  const before = [...range(0, 20), ...run, '$'];
  const after = [...range(50, 60), ...run, ...range(60, 70), ...run, '$'];
  expect(newLines(before, after, true)).toBe('gap');
});

/** A tiny seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// A shell printing a few repeated commands: the same prompt and output lines come back again and again.
test('on a simulated shell, --since never returns a line from before the cursor, nor nothing when lines are new', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const rnd = random(seed);
    const pick = () => ['a', 'b', 'c'][Math.floor(rnd() * 3)]!;
    const session: string[] = [];
    for (let i = Math.floor(rnd() * 40); i > 0; i--) {
      const word = pick();
      session.push(`$ echo ${word}`, word);
    }
    session.push('$');
    const n = session.length;
    // After the read: the prompt line is typed into and run, more commands follow, and history may drop lines.
    const later = [...session];
    const commands = Math.floor(rnd() * 4);
    for (let i = 0; i < commands; i++) {
      const word = pick();
      later[later.length - 1] = `$ echo ${word}`;
      later.push(word, '$');
    }
    const dropped = rnd() < 0.5 ? 0 : Math.floor(rnd() * n);
    const after = later.slice(dropped);
    // The line the cursor ended on is new if it changed; so is everything after it.
    const firstNew = (commands > 0 ? n - 1 : n) - dropped;
    const truth = after.slice(Math.max(0, firstNew));
    const got = newLines(session, after, true);
    if (got === 'gap') continue;
    const context = `seed ${seed}`;
    // What is returned is a tail of the new lines: nothing older.
    expect({ context, tail: truth.slice(truth.length - got.length) }).toEqual({ context, tail: got });
    // Nothing dropped: the place is certain, so the result is exact.
    if (dropped === 0) expect({ context, got }).toEqual({ context, got: truth });
  }
});
