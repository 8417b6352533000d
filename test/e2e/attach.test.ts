import { execFile } from 'node:child_process';
import { requireBuiltCli } from '../helpers/built-cli.js';
import { eventually } from '../helpers/fake-agent-support.js';
import { testServers } from '../helpers/test-servers.js';

// attach hands the terminal to tmux. A pane of a second private server is the terminal: the CLI runs in it (with
// TMUX unset, as in a plain terminal) and becomes a client of the target server; then, from inside that server, a
// second run switches the client instead of nesting.
const servers = testServers('orc-door18-attach');

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; doc: Record<string, any> }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [requireBuiltCli(), '--json', ...args],
      { env: { ...process.env, ...env }, timeout: 15_000 },
      (error, stdout) => {
        resolve({ code: error ? Number(error.code ?? -1) : 0, doc: JSON.parse(stdout) as Record<string, any> });
      },
    );
  });
}

test('outside tmux it attaches the terminal to the target; inside the same server it switches the client', async () => {
  const target = servers.server();
  target.tmux('new-session', '-d', '-s', 'shop', '-n', 'main', 'sleep', '600');
  target.tmux('new-window', '-d', '-t', 'shop:', '-n', 'logs', 'sleep', '600');
  target.tmux('new-session', '-d', '-s', 'other', 'sleep', '600');
  const terminal = servers.server();
  terminal.tmux(
    'new-session',
    '-d',
    '-s',
    'term',
    '-x',
    '120',
    '-y',
    '40',
    '--',
    'env',
    '-u',
    'TMUX',
    process.execPath,
    requireBuiltCli(),
    '-L',
    target.socketName,
    'attach',
    'shop:logs',
  );
  const clients = () => target.tmux('list-clients', '-F', '#{client_session} #{window_name}').trim();
  await eventually('a client on shop:logs', () => clients() === 'shop logs');
  // From a pane of the session the client shows, as a person would type it there.
  target.tmux(
    'new-window',
    '-d',
    '-t',
    'shop:',
    '-n',
    'cmd',
    '--',
    process.execPath,
    requireBuiltCli(),
    '-L',
    target.socketName,
    'attach',
    'other',
  );
  await eventually('the client switched to other', () => clients().startsWith('other '));
  expect(target.tmux('list-clients', '-F', '#{client_session}').trim().split('\n')).toEqual(['other']);
});

test('a target that does not exist fails as everywhere (tmux.sessionNotFound / tmux.windowNotFound)', async () => {
  const target = servers.server();
  expect((await run(['-L', target.socketName, 'attach', 'nope'], { TMUX: '' })).doc.error.code).toBe(
    'tmux.sessionNotFound',
  );
  expect((await run(['-L', target.socketName, 'attach', 'keeper:nope'], { TMUX: '' })).doc.error.code).toBe(
    'tmux.windowNotFound',
  );
});

test('without a terminal, or inside another tmux server: usage.invalid, nothing attached', async () => {
  const target = servers.server();
  const noTty = await run(['-L', target.socketName, 'attach', 'keeper'], { TMUX: '' });
  expect({ code: noTty.code, error: noTty.doc.error.code }).toEqual({ code: 2, error: 'usage.invalid' });
  const nested = await run(['-L', target.socketName, 'attach', 'keeper'], { TMUX: '/tmp/no-such-tmux-socket,1,0' });
  expect({ code: nested.code, error: nested.doc.error.code }).toEqual({ code: 2, error: 'usage.invalid' });
  expect(target.tmux('list-clients').trim()).toBe('');
});
