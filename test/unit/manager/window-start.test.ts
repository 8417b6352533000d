import { OrcError } from '../../../src/errors.js';
import { newSessionCommands, newWindowCommands, parseCreated } from '../../../src/manager/window-start.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof OrcError ? error.code : 'not an OrcError';
  }
  return undefined;
};

describe('window start command lists', () => {
  test("a plain session: one new-session, then the session forgets the program's environment", () => {
    const [create, ...rest] = newSessionCommands('s#1', { command: ['cat'], env: { K: 'v' } });
    expect(create!.slice(0, 7)).toEqual(['new-session', '-d', '-P', '-F', expect.any(String), '-s', 's##1']);
    expect(create!.slice(-6)).toEqual(['-e', 'K=v', '--', 'env', '--', 'cat']);
    expect(rest).toEqual([['set-environment', '-t', '=s#1', '-u', 'K']]);
  });

  test('window options: set on a temporary name in the same list, then the real name, escaped', () => {
    const hooks = { 'pane-died': 'wait-for -S c' };
    const options = { name: 'w#{x}', windowOptions: { '@tmux-orc-name': 'w' }, windowHooks: hooks };
    const commands = newWindowCommands('$3', options);
    const temp = commands[0]![commands[0]!.indexOf('-n') + 1]!;
    expect(temp).toMatch(/^tmux-orc-new-[0-9a-f]{12}$/);
    expect(commands.slice(1)).toEqual([
      ['set-option', '-w', '-t', `$3:=${temp}`, '@tmux-orc-name', 'w'],
      ['set-hook', '-w', '-t', `$3:=${temp}`, 'pane-died', 'wait-for -S c'],
      ['rename-window', '-t', `$3:=${temp}`, 'w##{x}'],
    ]);
  });

  test('bad names and directories are usage errors before anything is built', () => {
    expect(codeOf(() => newSessionCommands('a:b', {}))).toBe('usage.invalid');
    expect(codeOf(() => newSessionCommands('ok', { name: 'x\ny' }))).toBe('usage.invalid');
    expect(codeOf(() => newWindowCommands('$1', { cwd: '/a\x1bb' }))).toBe('usage.invalid');
    expect(codeOf(() => newWindowCommands('$1', { windowOptions: { a: 'b' } }))).toBe('internal.error');
  });

  test('parseCreated reads the printed line', () => {
    expect(parseCreated(['s\x1f$1\x1f@2\x1f3\x1f%4'])).toEqual({
      session: 's',
      sessionId: '$1',
      windowId: '@2',
      windowIndex: 3,
      paneId: '%4',
    });
  });
});
