import { TMUXManager } from '../../../src/manager/tmux-manager.js';
import type { RemoteHost } from '../../../src/tmux/transport.js';
import { startSshLab, type SshLab } from '../../helpers/ssh-lab.js';

// A host that is down, refuses the key, lacks tmux or loses its link gives its own code in bounded time, is tried again
// with a backoff, and comes back by itself; what went down the link is never sent again.
let lab: SshLab;
const managers: TMUXManager[] = [];

beforeAll(async () => {
  lab = await startSshLab(['alpha']);
}, 30_000);

beforeEach(() => {
  lab.hosts.alpha!.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '600');
});

afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
  lab.hosts.alpha!.link.resume();
  await lab.hosts.alpha!.startSshd();
  try {
    lab.hosts.alpha!.tmux('kill-server');
  } catch {
    // gone already
  }
});

afterAll(async () => {
  await lab?.close();
});

function manager(remote: Partial<RemoteHost> & { tmuxBin?: string } = {}, options: { commandTimeoutMs?: number } = {}): TMUXManager {
  const host = lab.hosts.alpha!;
  const { tmuxBin, ...rest } = remote;
  const m = new TMUXManager({ ...host.socket, remote: { ...host.remote, ...rest }, ...(tmuxBin ? { tmuxBin } : {}), transport: 'control', reconnectBackoffMs: 300, ...options });
  managers.push(m);
  return m;
}

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; ms: number }> {
  const started = Date.now();
  try {
    await promise;
    return { code: 'ok', ms: Date.now() - started };
  } catch (error) {
    return { code: (error as { code: string }).code, ms: Date.now() - started };
  }
}

test('a host that is down is host.unreachable at once; tried again after a backoff, it comes back with its sshd', async () => {
  await lab.hosts.alpha!.stopSshd();
  const m = manager();
  const first = await codeOf(m.snapshot({ fresh: true }));
  expect(first.code).toBe('host.unreachable');
  expect(first.ms).toBeLessThan(5000);
  // Within the backoff: the same error at once, no new ssh.
  const again = await codeOf(m.snapshot({ fresh: true }));
  expect(again).toMatchObject({ code: 'host.unreachable' });
  expect(again.ms).toBeLessThan(50);
  await lab.hosts.alpha!.startSshd();
  await new Promise((r) => setTimeout(r, 400));
  expect((await m.snapshot({ fresh: true })).sessions.map((s) => s.name)).toEqual(['keeper']);
});

test('a key the host refuses is host.authFailed; a host key ssh does not know too', async () => {
  expect((await codeOf(manager({ destination: 'alpha-stranger' }).snapshot({ fresh: true }))).code).toBe('host.authFailed');
  const sshArgs = [...lab.hosts.alpha!.remote.sshArgs, '-o', 'HostKeyAlias=not-known'];
  expect((await codeOf(manager({ sshArgs }).snapshot({ fresh: true }))).code).toBe('host.authFailed');
});

test('a host without tmux where the hosts file says is host.noTmux', async () => {
  expect((await codeOf(manager({ tmuxBin: '/nonexistent/tmux' }).snapshot({ fresh: true }))).code).toBe('host.noTmux');
});

test('the link dropped mid-command: host.connectionLost for what went down it, never sent again; the next command reconnects', async () => {
  const m = manager();
  await m.snapshot({ fresh: true });
  const connections = lab.hosts.alpha!.link.connections();
  // run-shell answers at once and holds the client's next commands for a second: those are under way when the link
  // drops (written, unanswered), a read and a window to create.
  await m.run(['run-shell', 'sleep 1']);
  const read = codeOf(m.run(['display-message', '-p', 'x']));
  const create = codeOf(m.run(['new-window', '-d', '-n', 'once', 'sleep', '600']));
  await new Promise((r) => setTimeout(r, 300));
  lab.hosts.alpha!.link.drop();
  expect((await read).code).toBe('host.connectionLost');
  expect((await create).code).toBe('host.connectionLost');
  const snap = await m.snapshot({ fresh: true });
  expect(lab.hosts.alpha!.link.connections()).toBe(connections + 1);
  await new Promise((r) => setTimeout(r, 1500));
  // It may have run on the host (it went down the link), but never twice.
  const windows = lab.hosts.alpha!.tmux('list-windows', '-a', '-F', '#{window_name}').split('\n').filter((w) => w === 'once');
  expect(windows.length).toBeLessThanOrEqual(1);
  expect(snap.serverRunning).toBe(true);
});

test('a stalled link: tmux.timeout within the command timeout, host.connectionLost once ssh gives up, then it reconnects', async () => {
  const m = manager({}, { commandTimeoutMs: 1500 });
  await m.snapshot({ fresh: true });
  lab.hosts.alpha!.link.stall();
  const first = await codeOf(m.run(['display-message', '-p', 'x']));
  expect(first.code).toBe('tmux.timeout');
  expect(first.ms).toBeLessThan(2500);
  // ssh's keep-alives (1 s, 2 missed in the lab's config) end the connection: the next command finds it gone.
  const pending = codeOf(m.run(['display-message', '-p', 'y']));
  expect((await pending).code).toMatch(/^(host\.connectionLost|tmux\.timeout)$/);
  lab.hosts.alpha!.link.resume();
  let lines: string[] = [];
  for (let i = 0; i < 20 && lines.length === 0; i++) {
    lines = await m.run(['display-message', '-p', 'back']).catch(() => []);
    if (lines.length === 0) await new Promise((r) => setTimeout(r, 250));
  }
  expect(lines).toEqual(['back']);
}, 30_000);

test('the remote tmux server killed mid-call: tmux.connectionLost, then tmux.noServer, then back once a server runs', async () => {
  const m = manager();
  await m.snapshot({ fresh: true });
  await m.run(['run-shell', 'sleep 2']);
  const slow = codeOf(m.run(['display-message', '-p', 'x']));
  await new Promise((r) => setTimeout(r, 300));
  lab.hosts.alpha!.tmux('kill-server');
  expect((await slow).code).toBe('tmux.connectionLost');
  expect((await m.snapshot({ fresh: true })).serverRunning).toBe(false);
  lab.hosts.alpha!.tmux('new-session', '-d', '-s', 'again', 'sleep', '600');
  expect((await m.snapshot({ fresh: true })).sessions.map((s) => s.name)).toEqual(['again']);
});

test('sshd killed mid-call: host.connectionLost, host.unreachable while it is down, back when it is up', async () => {
  const m = manager();
  await m.snapshot({ fresh: true });
  await m.run(['run-shell', 'sleep 2']);
  const slow = codeOf(m.run(['display-message', '-p', 'x']));
  await new Promise((r) => setTimeout(r, 300));
  await lab.hosts.alpha!.stopSshd();
  expect((await slow).code).toBe('host.connectionLost');
  expect((await codeOf(m.snapshot({ fresh: true }))).code).toBe('host.unreachable');
  await lab.hosts.alpha!.startSshd();
  await new Promise((r) => setTimeout(r, 400));
  expect((await m.snapshot({ fresh: true })).serverRunning).toBe(true);
});
