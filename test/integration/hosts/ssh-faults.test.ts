import { TMUXManager } from '../../../src/manager/tmux-manager.js';
import type { RemoteHost } from '../../../src/tmux/transport.js';
import { startSshLab, type SshLab } from '../../helpers/ssh-lab.js';

// A host that is down, refuses the key, lacks tmux, stops answering or loses its link gives its own code in bounded
// time, is tried again after a backoff, and comes back by itself; what went down the link is never sent again, and a
// host in trouble holds up no other host. The lab's hosts give up on a silent link after ~3 s (ServerAliveInterval=1,
// ServerAliveCountMax=2) and on a connect after 2 s (ConnectTimeout=2); tmux-orc's defaults are 15 s and 5 s.
let lab: SshLab;
const managers: TMUXManager[] = [];

beforeAll(async () => {
  lab = await startSshLab(['alpha', 'beta'], { prefix: 'orc-h15-faults' });
}, 30_000);

beforeEach(() => {
  for (const host of Object.values(lab.hosts)) host.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '600');
});

afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
  for (const host of Object.values(lab.hosts)) {
    host.link.resume();
    host.link.delayMs = 0;
    await host.startSshd();
    await host.killTmux();
  }
});

afterAll(async () => {
  await lab?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function manager(
  remote: Partial<RemoteHost> & { tmuxBin?: string } = {},
  options: { commandTimeoutMs?: number; host?: string } = {},
): TMUXManager {
  const host = lab.hosts[options.host ?? 'alpha']!;
  const { tmuxBin, ...rest } = remote;
  const m = new TMUXManager({
    ...host.socket,
    remote: { ...host.remote, ...rest },
    ...(tmuxBin ? { tmuxBin } : {}),
    transport: 'control',
    reconnectBackoffMs: 300,
    ...(options.commandTimeoutMs ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
  });
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

const windowsNamed = (name: string) =>
  lab.hosts
    .alpha!.tmux('list-windows', '-a', '-F', '#{window_name}')
    .split('\n')
    .filter((w) => w === name).length;

test('a host that is down is host.unreachable at once; within the backoff no ssh is tried; it comes back with its sshd', async () => {
  const link = lab.hosts.alpha!.link;
  await lab.hosts.alpha!.stopSshd();
  const m = manager();
  const tries = link.connections();
  const first = await codeOf(m.snapshot({ fresh: true }));
  expect(first.code).toBe('host.unreachable');
  expect(first.ms).toBeLessThan(3000);
  expect(link.connections()).toBe(tries + 1);
  // Within the backoff: the same error at once, and no connection tried.
  const again = await codeOf(m.snapshot({ fresh: true }));
  expect(again).toMatchObject({ code: 'host.unreachable' });
  expect(again.ms).toBeLessThan(50);
  expect(link.connections()).toBe(tries + 1);
  // Past it, one more try (and the backoff doubles).
  await sleep(350);
  expect((await codeOf(m.snapshot({ fresh: true }))).code).toBe('host.unreachable');
  expect(link.connections()).toBe(tries + 2);
  await lab.hosts.alpha!.startSshd();
  await sleep(650);
  expect((await m.snapshot({ fresh: true })).sessions.map((s) => s.name)).toEqual(['keeper']);
  expect(link.connections()).toBe(tries + 3);
});

test('a key the host refuses is host.authFailed; a host key ssh does not know too', async () => {
  expect((await codeOf(manager({ destination: 'alpha-stranger' }).snapshot({ fresh: true }))).code).toBe(
    'host.authFailed',
  );
  const sshArgs = ['-o', 'HostKeyAlias=not-known', ...lab.hosts.alpha!.remote.sshArgs];
  expect((await codeOf(manager({ sshArgs }).snapshot({ fresh: true }))).code).toBe('host.authFailed');
});

test('a host without tmux where the hosts file says is host.noTmux', async () => {
  expect((await codeOf(manager({ tmuxBin: '/nonexistent/tmux' }).snapshot({ fresh: true }))).code).toBe('host.noTmux');
});

test("a host that takes the connection and never answers is host.unreachable after ssh's connect timeout", async () => {
  lab.hosts.alpha!.link.stall();
  const first = await codeOf(manager().snapshot({ fresh: true }));
  expect(first.code).toBe('host.unreachable');
  expect(first.ms).toBeGreaterThan(1500);
  expect(first.ms).toBeLessThan(4000);
});

test('the link dropped after a command ran and before its answer came back: host.connectionLost, and it is not sent again', async () => {
  const m = manager();
  await m.snapshot({ fresh: true });
  const connections = lab.hosts.alpha!.link.connections();
  // Half a second each way from now on: the command reaches the host and runs there, its answer is still on the way.
  lab.hosts.alpha!.link.delayMs = 500;
  const create = codeOf(m.run(['new-window', '-d', '-n', 'once', 'sleep', '600']));
  for (let i = 0; i < 200 && windowsNamed('once') === 0; i++) await sleep(5);
  expect(windowsNamed('once')).toBe(1);
  lab.hosts.alpha!.link.drop();
  lab.hosts.alpha!.link.delayMs = 0;
  expect((await create).code).toBe('host.connectionLost');
  // The next command opens a new connection; the window was made once (a resend would make a second).
  const snap = await m.snapshot({ fresh: true });
  expect(lab.hosts.alpha!.link.connections()).toBe(connections + 1);
  expect(snap.sessions.find((s) => s.name === 'keeper')?.windows.filter((w) => w.name === 'once')).toHaveLength(1);
  await sleep(300);
  expect(windowsNamed('once')).toBe(1);
});

test('a stalled link: tmux.timeout at the command timeout, host.connectionLost once ssh gives up, host.unreachable while it stays stalled, then back', async () => {
  const quick = manager({}, { commandTimeoutMs: 1000 });
  const patient = manager({}, { commandTimeoutMs: 8000 });
  await Promise.all([quick.snapshot({ fresh: true }), patient.snapshot({ fresh: true })]);
  lab.hosts.alpha!.link.stall();
  const [timedOut, lost] = await Promise.all([
    codeOf(quick.run(['display-message', '-p', 'x'])),
    codeOf(patient.run(['display-message', '-p', 'y'])),
  ]);
  expect(timedOut.code).toBe('tmux.timeout');
  expect(timedOut.ms).toBeLessThan(1800);
  expect(lost.code).toBe('host.connectionLost');
  expect(lost.ms).toBeLessThan(6000);
  // Still stalled: connecting again fails within ssh's connect timeout.
  const reconnect = await codeOf(patient.run(['display-message', '-p', 'z']));
  expect(reconnect.code).toBe('host.unreachable');
  expect(reconnect.ms).toBeLessThan(4000);
  lab.hosts.alpha!.link.resume();
  await sleep(350);
  expect(await patient.run(['display-message', '-p', 'back'])).toEqual(['back']);
}, 30_000);

test('a host in trouble holds up no other: the other host answers at its own pace meanwhile', async () => {
  const alpha = manager({}, { commandTimeoutMs: 8000 });
  const beta = manager({}, { host: 'beta' });
  await Promise.all([alpha.snapshot({ fresh: true }), beta.snapshot({ fresh: true })]);
  lab.hosts.alpha!.link.stall();
  const stuck = codeOf(alpha.run(['display-message', '-p', 'x']));
  const started = Date.now();
  const answers: string[] = [];
  for (let i = 0; i < 20; i++) answers.push(...(await beta.run(['display-message', '-p', `b${i}`])));
  const betaMs = Date.now() - started;
  expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => `b${i}`));
  expect(betaMs).toBeLessThan(1000);
  // alpha was still waiting all that time.
  expect(await Promise.race([stuck.then(() => 'settled'), sleep(0).then(() => 'pending')])).toBe('pending');
  lab.hosts.alpha!.link.resume();
  expect((await stuck).code).toMatch(/^(ok|host\.connectionLost)$/);
}, 30_000);

test('the remote tmux server killed mid-call: tmux.connectionLost, then no server, then back once a server runs', async () => {
  const m = manager();
  await m.snapshot({ fresh: true });
  await m.run(['run-shell', 'sleep 2']);
  const slow = codeOf(m.run(['display-message', '-p', 'x']));
  await sleep(300);
  await lab.hosts.alpha!.killTmux();
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
  await sleep(300);
  await lab.hosts.alpha!.stopSshd();
  expect((await slow).code).toBe('host.connectionLost');
  expect((await codeOf(m.snapshot({ fresh: true }))).code).toBe('host.unreachable');
  await lab.hosts.alpha!.startSshd();
  await sleep(350);
  expect((await m.snapshot({ fresh: true })).serverRunning).toBe(true);
});
