import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers/built-cli.js';
import { sleep } from '../helpers/fake-agent-support.js';
import { testServers } from '../helpers/test-servers.js';
import { processAlive } from '../../src/monitor/pidfile.js';

const servers = testServers('orc-orphan');

/** The pids of the tmux control clients (`tmux ... -C attach-session`) of one server. */
function controlClients(socket: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', `tmux -u -L ${socket} -N -C`], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
}

// A tmux-orc process killed while its control client was still attaching (the server busy or stopped) left that
// client running for good, and the server then never finished a kill-server. The client now dies with its parent.
test('a control client whose process is killed dies with it, even while still attaching to a stopped server', async () => {
  const tmux = servers.server();
  const socket = tmux.socketName;
  const pid = Number(tmux.tmux('display-message', '-p', '#{pid}').trim());
  const script = `import(${JSON.stringify(join(ROOT, 'dist/src/tmux/control-connection.js'))}).then((m) => m.ControlConnection.open({ socketName: ${JSON.stringify(socket)}, commandTimeoutMs: 60000 }))`;
  process.kill(pid, 'SIGSTOP');
  try {
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    for (let i = 0; i < 50 && controlClients(socket).length === 0; i++) await sleep(20);
    expect(controlClients(socket)).toHaveLength(1);
    child.kill('SIGKILL');
    for (let i = 0; i < 50 && controlClients(socket).length > 0; i++) await sleep(20);
    expect(controlClients(socket)).toEqual([]);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
  // And the server still ends when asked.
  execFileSync('tmux', ['-L', socket, 'kill-server'], { timeout: 5000 });
  for (let i = 0; i < 50; i++, await sleep(20)) if (!processAlive(pid)) return;
  throw new Error(`tmux server ${pid} did not exit after kill-server`);
});
