import { OrcError } from '../../../src/errors.js';
import { TMUXManager } from '../../../src/manager/tmux-manager.js';
import { AutoTransport } from '../../../src/tmux/auto-transport.js';
import { ControlTransport } from '../../../src/tmux/control-transport.js';
import { killAllPrivateTmux, privateTmux, type PrivateTmux } from '../../helpers/private-tmux.js';

// A closed transport must stay closed: a command from a call still running after close() (an MCP server stopping)
// used to open a new control client, which kept the process alive for ever.

let server: PrivateTmux;
const opened: { close(): Promise<void> }[] = [];

beforeEach(() => {
  server = privateTmux('orc-mcplife-ct');
  server.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '600');
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((t) => t.close().catch(() => undefined)));
  await killAllPrivateTmux();
});

/** The control-mode clients attached to the server (ours are the only ones). */
const controlClients = () =>
  server
    .tmux('list-clients', '-F', '#{client_control_mode}')
    .split('\n')
    .filter((l) => l === '1').length;

/** The OrcError a promise rejects with, within 3 s; fails the test when it resolves or hangs. */
async function rejection(promise: Promise<unknown>): Promise<OrcError> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('did not settle within 3 s')), 3000);
  });
  try {
    const value = await Promise.race([promise, hang]);
    throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
  } catch (error) {
    if (!(error instanceof OrcError)) throw error;
    return error;
  } finally {
    clearTimeout(timer);
  }
}

test.each([
  ['ControlTransport', () => new ControlTransport({ socketName: server.socketName })],
  ['AutoTransport', () => new AutoTransport({ socketName: server.socketName })],
])('a closed %s rejects every later command with tmux.connectionLost and never reconnects', async (_, make) => {
  const transport = make();
  opened.push(transport);
  expect(await transport.run(['display-message', '-p', 'up'])).toEqual(['up']);
  expect(controlClients()).toBe(1);
  await transport.close();

  expect((await rejection(transport.run(['display-message', '-p', 'again']))).code).toBe('tmux.connectionLost');
  const batch = transport.runMany([['display-message', '-p', 'a'], ['list-sessions']]);
  expect((await rejection(batch)).code).toBe('tmux.connectionLost');
  expect((await rejection(transport.run(['new-session', '-d', '-s', 'late']))).code).toBe('tmux.connectionLost');
  expect(controlClients()).toBe(0);
  expect(server.tmux('list-sessions', '-F', '#{session_name}').trim()).toBe('keeper');
});

test('a transport closed before its first command never opens a connection', async () => {
  const transport = new ControlTransport({ socketName: server.socketName });
  opened.push(transport);
  await transport.close();
  expect((await rejection(transport.run(['list-sessions']))).code).toBe('tmux.connectionLost');
  expect((await rejection(transport.connect())).code).toBe('tmux.connectionLost');
  expect(controlClients()).toBe(0);
});

test('closing while the first connection is being opened closes that connection', async () => {
  const transport = new ControlTransport({ socketName: server.socketName });
  opened.push(transport);
  const first = transport.run(['display-message', '-p', 'first']).catch((error: unknown) => error);
  await transport.close();
  const outcome = await first;
  // The command may have run before the close or failed with it; either way nothing stays attached.
  if (outcome instanceof Error) expect(outcome).toMatchObject({ code: 'tmux.connectionLost' });
  else expect(outcome).toEqual(['first']);
  expect(controlClients()).toBe(0);
});

test('a closed TMUXManager reads nothing more and attaches nothing', async () => {
  const manager = new TMUXManager({ socketName: server.socketName, prefetch: true });
  opened.push(manager);
  expect((await manager.snapshot()).sessions.map((s) => s.name)).toEqual(['keeper']);
  await manager.close();
  // A topology change after close would have made a prefetching manager read (and reconnect) again.
  server.tmux('new-session', '-d', '-s', 'later', 'sleep', '600');
  await new Promise((r) => setTimeout(r, 100));
  expect((await rejection(manager.snapshot({ fresh: true }))).code).toBe('tmux.connectionLost');
  expect(controlClients()).toBe(0);
});
