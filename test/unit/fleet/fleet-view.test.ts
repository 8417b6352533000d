import { keepColours } from '../../../src/fleet/agent-screen.js';
import { lastWordsLine, matchesFilter, sortRows } from '../../../src/fleet/fleet-view.js';
import { row } from '../../helpers/fleet-rows.js';

test('agents that need a person come first: waiting, rate-limited, crashed, the longest waiting first', () => {
  const rows = [
    row('a:idle', 'idle'),
    row('a:busy', 'busy'),
    row('a:crash', 'crashed'),
    row('b:wait', 'waiting', { sinceMs: 20 }),
    row('a:wait', 'waiting', { sinceMs: 10 }),
    row('a:limit', 'rate_limited'),
    row('a:start', 'starting'),
  ];
  expect(sortRows(rows).map((r) => r.target)).toEqual([
    'a:wait',
    'b:wait',
    'a:limit',
    'a:crash',
    'a:start',
    'a:busy',
    'a:idle',
  ]);
});

test('a filter keeps the rows holding every word, in any of the shown fields, case-insensitive', () => {
  const r = row('shop:dev1', 'waiting', { role: 'QA', lastLine: 'Do you want to proceed?', host: 'box2' });
  for (const yes of ['', 'shop', 'SHOP dev1', 'qa wait', 'proceed', 'box2 claude'])
    expect(matchesFilter(r, yes)).toBe(true);
  for (const no of ['nope', 'shop nope', 'idle']) expect(matchesFilter(r, no)).toBe(false);
});

test('the last line holding words skips blank lines and box borders', () => {
  expect(lastWordsLine('one\n╭────╮\n│ Do you want to proceed? │\n╰────╯\n\n   ')).toBe('Do you want to proceed?');
  expect(lastWordsLine('\n\n')).toBe('');
  expect([...lastWordsLine('x'.repeat(500))]).toHaveLength(200);
});

describe('keepColours leaves SGR colours and drops everything else a terminal would act on', () => {
  test.each([
    ['SGR kept', '\x1b[1;31mred\x1b[0m \x1b[38;2;1;2;3mrgb\x1b[m', '\x1b[1;31mred\x1b[0m \x1b[38;2;1;2;3mrgb\x1b[m'],
    ['a title (OSC 2)', 'a\x1b]2;pwned\x07b', 'ab'],
    ['the clipboard (OSC 52, ST-terminated)', 'a\x1b]52;c;ZWNobyBoaQ==\x1b\\b', 'ab'],
    ['a hyperlink (OSC 8)', '\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\', 'link'],
    ['cursor moves and clears', 'a\x1b[2J\x1b[H\x1b[10;10Hb\x1b[?1049h', 'ab'],
    ['a CSI with intermediates', 'a\x1b[0 qb', 'ab'],
    ['a DCS', 'a\x1bPq#0;2;0;0;0\x1b\\b', 'ab'],
    ['C0 and C1 controls, 8-bit CSI', 'a\x07\x08\x9b2Jb\x85', 'a2Jb'],
    ['a lone ESC at the end', 'ab\x1b', 'ab'],
    ['tabs become spaces', 'a\tb', 'a b'],
    ['text with tmux syntax is only text', '#(touch x) ; #{pid} </script>', '#(touch x) ; #{pid} </script>'],
  ])('%s', (_what, input, expected) => {
    expect(keepColours(input)).toBe(expected);
  });
});
