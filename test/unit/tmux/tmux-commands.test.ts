import { OrcError } from '../../../src/errors.js';
import { firstFailure, requireAllOk } from '../../../src/tmux/batch-outcomes.js';
import {
  capturePane,
  commandArgs,
  deleteBuffer,
  displayFormat,
  killSession,
  killWindow,
  listAllPanes,
  listClients,
  listSessionPanes,
  newSession,
  newWindow,
  pasteBuffer,
  reapChildren,
  renameWindow,
  respawnPane,
  selectPane,
  selectWindow,
  sendKeys,
  sendLiteral,
  setBuffer,
  setOption,
  setPaneTitle,
  setWindowHook,
  showOption,
  subscribeFormat,
  unlessArgv,
  unsetEnvironment,
  unsetOption,
} from '../../../src/tmux/tmux-commands.js';
import { SKIPPED_MARK, type CommandOutcome } from '../../../src/tmux/transport.js';

const HOSTILE = 'p#{pid}#(id)##';
const ESCAPED = 'p##{pid}##(id)####';

describe('tmux command builders', () => {
  test.each<[string, string[], string[]]>([
    ['the visible screen', capturePane('%1'), ['capture-pane', '-p', '-t', '%1']],
    ['the last lines', capturePane('%1', { lines: 5 }), ['capture-pane', '-p', '-t', '%1', '-S', '-5']],
    ['negative lines count as none', capturePane('%1', { lines: -3 }), ['capture-pane', '-p', '-t', '%1', '-S', '0']],
    ['lines win over start', capturePane('%1', { lines: 2, start: 7 }), ['capture-pane', '-p', '-t', '%1', '-S', '-2']],
    ['a range', capturePane('%1', { start: -10, end: 3 }), ['capture-pane', '-p', '-t', '%1', '-S', '-10', '-E', '3']],
    [
      'the whole history, joined',
      capturePane('%1', { join: true, start: '-' }),
      ['capture-pane', '-p', '-J', '-t', '%1', '-S', '-'],
    ],
    ['with colours', capturePane('%1', { escapes: true }), ['capture-pane', '-p', '-e', '-t', '%1']],
  ])('capturePane: %s', (_what, argv, expected) => {
    expect(argv).toEqual(expected);
  });

  test('reads: display, listings, clients', () => {
    expect(displayFormat('%2', '#{pane_id}')).toEqual(['display-message', '-p', '-t', '%2', '#{pane_id}']);
    expect(listAllPanes('#{pane_id}')).toEqual(['list-panes', '-a', '-F', '#{pane_id}']);
    expect(listSessionPanes('@3', '#{pane_id}')).toEqual(['list-panes', '-s', '-t', '@3', '-F', '#{pane_id}']);
    expect(listClients('#{client_name}')).toEqual(['list-clients', '-F', '#{client_name}']);
  });

  test('keys and text end their options with --, so a key or text that starts with - is not a flag', () => {
    expect(sendKeys('%1', ['-X', 'Enter'])).toEqual(['send-keys', '-t', '%1', '--', '-X', 'Enter']);
    expect(sendLiteral('%1', '-n #{x}')).toEqual(['send-keys', '-t', '%1', '-l', '--', '-n #{x}']);
    expect(setBuffer('b', '-x')).toEqual(['set-buffer', '-b', 'b', '--', '-x']);
  });

  test('options by scope; a value is data (not escaped) unless asked to be a format', () => {
    expect(setOption('pane', '%1', '@o', HOSTILE)).toEqual(['set-option', '-p', '-t', '%1', '@o', HOSTILE]);
    expect(setOption('window', '@1', '@o', 'v')).toEqual(['set-option', '-w', '-t', '@1', '@o', 'v']);
    expect(setOption('pane', '%1', '@o', '#{?x,y,z}', { format: true })).toEqual([
      'set-option',
      '-p',
      '-F',
      '-t',
      '%1',
      '@o',
      '#{?x,y,z}',
    ]);
    expect(unsetOption('window', '@1', 'remain-on-exit')).toEqual([
      'set-option',
      '-w',
      '-u',
      '-t',
      '@1',
      'remain-on-exit',
    ]);
    expect(showOption('pane', '%1', '@o')).toEqual(['show-options', '-pqv', '-t', '%1', '@o']);
    expect(showOption('window', '@1', '@o')).toEqual(['show-options', '-wqv', '-t', '@1', '@o']);
    expect(setWindowHook('@1', 'pane-died', 'wait-for -S x')).toEqual([
      'set-hook',
      '-w',
      '-t',
      '@1',
      'pane-died',
      'wait-for -S x',
    ]);
  });

  test('names and titles tmux expands are format-escaped', () => {
    expect(renameWindow('@1', HOSTILE)).toEqual(['rename-window', '-t', '@1', ESCAPED]);
    expect(setPaneTitle('%1', HOSTILE)).toEqual(['select-pane', '-t', '%1', '-T', ESCAPED]);
    expect(setPaneTitle('%1', '')).toEqual(['select-pane', '-t', '%1', '-T', '']);
  });

  test('selection, kills, environment, buffers, the reaper and subscriptions', () => {
    expect(selectWindow('@1')).toEqual(['select-window', '-t', '@1']);
    expect(selectPane('%1')).toEqual(['select-pane', '-t', '%1']);
    expect(killWindow('@1')).toEqual(['kill-window', '-t', '@1']);
    expect(killSession('$1')).toEqual(['kill-session', '-t', '$1']);
    expect(unsetEnvironment('=s', 'KEY')).toEqual(['set-environment', '-t', '=s', '-u', 'KEY']);
    expect(pasteBuffer('b', '%1')).toEqual(['paste-buffer', '-d', '-p', '-b', 'b', '-t', '%1']);
    expect(pasteBuffer('b', '%1', { bracketed: false })).toEqual(['paste-buffer', '-d', '-b', 'b', '-t', '%1']);
    expect(deleteBuffer('b')).toEqual(['delete-buffer', '-b', 'b']);
    expect(reapChildren()).toEqual(['run-shell', '-b', 'true']);
    expect(subscribeFormat('n', '%1:#{pane_title}')).toEqual(['refresh-client', '-B', 'n:%1:#{pane_title}']);
    expect(subscribeFormat('n')).toEqual(['refresh-client', '-B', 'n']);
    expect(unlessArgv('#{pane_in_mode}', '%1', 'send-keys -t %1 y')).toEqual([
      'if-shell',
      '-F',
      '-t',
      '%1',
      '#{pane_in_mode}',
      `display-message -p ${SKIPPED_MARK}`,
      'send-keys -t %1 y',
    ]);
  });

  test('a program always starts through env, so no argument is shell-parsed', () => {
    expect(commandArgs(undefined)).toEqual([]);
    expect(commandArgs([])).toEqual([]);
    expect(commandArgs(['sh', '-c', 'x; y'])).toEqual(['--', 'env', '--', 'sh', '-c', 'x; y']);
  });

  test('new-session: the name, window name and directory escaped; size before the program', () => {
    const start = { name: HOSTILE, cwd: `/tmp/${HOSTILE}`, env: { A: '#{x}' }, command: ['cat', HOSTILE] };
    const argv = newSession(HOSTILE, start, 'F', { width: 80, height: 24 });
    expect(argv).toEqual([
      'new-session',
      '-d',
      '-P',
      '-F',
      'F',
      '-s',
      ESCAPED,
      '-n',
      ESCAPED,
      '-c',
      `/tmp/${ESCAPED}`,
      '-e',
      'A=#{x}',
      '-x',
      '80',
      '-y',
      '24',
      '--',
      'env',
      '--',
      'cat',
      HOSTILE,
    ]);
  });

  test('new-window: a temporary name of ours wins over the name, and is not escaped', () => {
    expect(newWindow('$2', { name: 'agent', tempName: 'tmux-orc-new-ab12' }, 'F')).toEqual([
      'new-window',
      '-d',
      '-P',
      '-F',
      'F',
      '-t',
      '$2:',
      '-n',
      'tmux-orc-new-ab12',
    ]);
    expect(newWindow('$2', {}, 'F')).toEqual(['new-window', '-d', '-P', '-F', 'F', '-t', '$2:']);
  });

  test('respawn-pane: directory, environment and program', () => {
    expect(respawnPane('%4', { cwd: '/w#x', env: { K: 'v' }, command: ['claude'] })).toEqual([
      'respawn-pane',
      '-k',
      '-t',
      '%4',
      '-c',
      '/w##x',
      '-e',
      'K=v',
      '--',
      'env',
      '--',
      'claude',
    ]);
    expect(respawnPane('%4', {})).toEqual(['respawn-pane', '-k', '-t', '%4']);
  });
});

describe('batch outcomes', () => {
  const ok = (...lines: string[]): CommandOutcome => ({ ok: true, lines });
  const failed = (code: 'tmux.paneNotFound' | 'tmux.commandFailed'): CommandOutcome => ({
    ok: false,
    error: new OrcError(code, code),
  });

  test("requireAllOk gives every command's lines when all ran", () => {
    expect(requireAllOk([ok('a'), ok(), ok('b', 'c')])).toEqual([['a'], [], ['b', 'c']]);
    expect(requireAllOk([])).toEqual([]);
  });

  test("requireAllOk throws the first failure's own error", () => {
    const outcomes = [ok('a'), failed('tmux.paneNotFound'), failed('tmux.commandFailed')];
    expect(() => requireAllOk(outcomes)).toThrow(expect.objectContaining({ code: 'tmux.paneNotFound' }));
    expect(firstFailure(outcomes)).toBe(!outcomes[1]!.ok && outcomes[1]!.error);
    expect(firstFailure([ok()])).toBeUndefined();
  });
});
