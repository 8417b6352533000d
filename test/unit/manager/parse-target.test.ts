import { OrcError } from '../../../src/errors.js';
import { parseTarget } from '../../../src/manager/parse-target.js';

describe('parseTarget', () => {
  test.each([
    ['work', { session: 'work' }],
    ['work:', { session: 'work' }],
    ['work:dev', { session: 'work', window: 'dev' }],
    ['work:2', { session: 'work', window: '2' }],
    ['work:dev.1', { session: 'work', window: 'dev', pane: '1' }],
    ['work:0.0', { session: 'work', window: '0', pane: '0' }],
    ['s:win.x', { session: 's', window: 'win.x' }],
    ['s:v1.2.3', { session: 's', window: 'v1.2', pane: '3' }],
    ['s:w.%3', { session: 's', window: 'w', pane: '%3' }],
    ['my session:my window', { session: 'my session', window: 'my window' }],
    ['日本:🚀', { session: '日本', window: '🚀' }],
    ['$1', { id: '$1' }],
    ['@2', { id: '@2' }],
    ['%3', { id: '%3' }],
  ])('%j is valid', (raw, expected) => {
    expect(parseTarget(raw)).toEqual({ raw, ...expected });
  });

  test.each([
    ['', 'empty'],
    [':w', 'empty session'],
    [':', 'only a colon'],
    ['s:w:x', 'two colons'],
    ['s::w', 'two colons in a row'],
    ['bad::target', 'two colons in a row'],
    ['s\x00', 'NUL'],
    ['s:w\n', 'newline'],
    ['s\tx', 'tab'],
    ['s:\x1b[31m', 'escape'],
    ['s\x7f', 'DEL'],
    ['s.x', 'dot in the session'],
    ['s.x:w', 'dot in the session before a window'],
    ['s:w.', 'empty pane'],
    ['s:.1', 'empty window before a pane'],
    [' s', 'leading space in the session'],
    ['s :w', 'trailing space in the session'],
    ['x'.repeat(300), '300 characters'],
  ])('%j is target.invalid (%s)', (raw) => {
    let caught: unknown;
    try {
      parseTarget(raw);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OrcError);
    expect((caught as OrcError).code).toBe('target.invalid');
    expect((caught as OrcError).exitCode).toBe(2);
  });

  test('a non-string is target.invalid, not a TypeError', () => {
    expect(() => parseTarget(undefined as unknown as string)).toThrow(
      expect.objectContaining({ code: 'target.invalid' }),
    );
  });
});
