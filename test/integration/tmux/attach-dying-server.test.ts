import { spawn, type ChildProcess } from 'node:child_process';
import { OrcError } from '../../../src/errors.js';
import { ControlTransport } from '../../../src/tmux/control-transport.js';
import { killServer, privateTmux } from '../../helpers/private-tmux.js';

// A server told to exit stays until its clients are gone; one that connects meanwhile reads only
// `%exit server exited unexpectedly` on stdout (nothing on stderr). That is no server, as tmux's own words say,
// whatever the moment: it was tmux.commandFailed. (A stopped client holds the dying server for as long as needed.)
const server = privateTmux('orc-h15-dying');
let holder: ChildProcess | undefined;
let transport: ControlTransport | undefined;

afterAll(async () => {
  await transport?.close();
  if (holder?.pid) {
    process.kill(holder.pid, 'SIGCONT');
    holder.kill('SIGKILL');
  }
  await server.kill();
  killServer(server.socketName);
});

test('an attach to a server that is exiting is tmux.noServer', async () => {
  server.tmux('new-session', '-d', '-s', 'k', 'sleep', '600');
  holder = spawn('tmux', ['-L', server.socketName, '-C', 'attach'], { stdio: ['pipe', 'ignore', 'ignore'] });
  for (let i = 0; i < 100 && !server.tmux('list-clients', '-F', '#{client_control_mode}').includes('1'); i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  process.kill(holder.pid!, 'SIGSTOP');
  server.tmux('kill-server');
  transport = new ControlTransport({ socketName: server.socketName });
  const error = await transport.run(['display-message', '-p', 'x']).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OrcError);
  expect((error as OrcError).code).toBe('tmux.noServer');
});
