import { runProgram } from '../../../cli/build-program.js';
import type { TMUXManager } from '../../../src/manager/tmux-manager.js';
import { testServers } from '../../helpers/test-servers.js';
import type { PrivateTmux } from '../../helpers/private-tmux.js';

// `window new ... -- tail -f /no/such/file` used to print "created" while the window vanished with the program.
const servers = testServers('orc-door18-exits');

async function cli(manager: TMUXManager, argv: string[]) {
  let stdout = '';
  const state = await runProgram(['--json', ...argv], {
    manager,
    stdout: (t) => void (stdout += t),
    stderr: () => undefined,
  });
  return { exitCode: state.exitCode, doc: JSON.parse(stdout) as Record<string, any> };
}

const windows = (server: PrivateTmux, session: string) =>
  server.tmux('list-windows', '-t', session, '-F', '#{window_name}').trim().split('\n');

describe.each(['control', 'spawn'] as const)('over %s', (transport) => {
  test('window new with a program that exits at once: window.exited with its status and output, no window left', async () => {
    const server = servers.server();
    const { exitCode, doc } = await cli(server.manager({ transport }), [
      'window',
      'new',
      'keeper',
      '--',
      'tail',
      '-f',
      '/no/such/file',
    ]);
    expect({ exitCode, code: doc.error?.code }).toEqual({ exitCode: 1, code: 'window.exited' });
    expect(doc.error.message).toContain('status 1');
    // Its output is best effort: tmux 3.3 sometimes drops what a program printed just before it exited.
    expect(doc.error.message).toMatch(/^tail exited with status 1 at once(; its last lines:\ntail: .*)?$/s);
    expect(doc.error.message).not.toContain('Pane is dead');
    expect(windows(server, 'keeper')).toHaveLength(1);
  });

  test('session new with a program that exits at once: window.exited, and no session left', async () => {
    const server = servers.server();
    const { exitCode, doc } = await cli(server.manager({ transport }), [
      'session',
      'new',
      'gone',
      '--',
      'sh',
      '-c',
      'echo bye; sleep 0.1; exit 3',
    ]);
    expect({ exitCode, code: doc.error?.code }).toEqual({ exitCode: 1, code: 'window.exited' });
    expect(doc.error.message).toContain('status 3');
    expect(doc.error.message).toContain('bye');
    expect(server.tmux('list-sessions', '-F', '#{session_name}').trim()).toBe('keeper');
  });

  test('a missing program: window.exited, status 127 and a PATH hint', async () => {
    const server = servers.server();
    const { doc } = await cli(server.manager({ transport }), [
      'window',
      'new',
      'keeper',
      '-n',
      'x',
      '--',
      'no-such-program-door18',
    ]);
    expect(doc.error?.code).toBe('window.exited');
    expect(doc.error.message).toContain('status 127');
    expect(doc.error.hint).toContain('PATH');
  });

  test('a program that keeps running: created, and the window behaves as tmux makes it (no remain-on-exit, renamed)', async () => {
    const server = servers.server();
    const { exitCode, doc } = await cli(server.manager({ transport }), [
      'window',
      'new',
      'keeper',
      '--',
      'sleep',
      '600',
    ]);
    expect({ exitCode, ok: doc.ok }).toEqual({ exitCode: 0, ok: true });
    const id = doc.data.windowId as string;
    expect(server.tmux('show-options', '-w', '-t', id).trim()).toBe('');
    expect(server.tmux('display-message', '-p', '-t', id, '#{window_name}').trim()).toBe('sleep');
  });

  test('-n name: the name stays; a default shell window is made as before', async () => {
    const server = servers.server();
    const manager = server.manager({ transport });
    expect((await cli(manager, ['window', 'new', 'keeper', '-n', 'logs', '--', 'sleep', '600'])).doc.ok).toBe(true);
    expect((await cli(manager, ['window', 'new', 'keeper', '-n', 'sh'])).doc.ok).toBe(true);
    // (The keeper's own window is named by tmux's automatic-rename, tmux then sleep: not ours to check.)
    expect(windows(server, 'keeper').slice(1)).toEqual(['logs', 'sh']);
    // What tmux itself leaves on a window made with -n.
    expect(server.tmux('show-options', '-w', '-t', 'keeper:logs').trim()).toBe('automatic-rename off');
    // No program given: the window is made as before, never watched (no remain-on-exit at any moment).
    expect(server.tmux('show-options', '-w', '-t', 'keeper:sh').trim()).toBe('automatic-rename off');
  });
});
