import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { OrcError } from '../../../src/errors.js';
import { TMUXManager } from '../../../src/manager/tmux-manager.js';
import type { ControlNotification } from '../../../src/tmux/control-notification.js';
import { ControlConnection } from '../../../src/tmux/control-connection.js';
import { AutoTransport } from '../../../src/tmux/auto-transport.js';
import { ControlTransport } from '../../../src/tmux/control-transport.js';
import { SpawnTransport } from '../../../src/tmux/spawn-transport.js';
import { killAllPrivateTmux, killServer, privateTmux, type PrivateTmux } from '../../helpers/private-tmux.js';

const execFileAsync = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fails instead of hanging: the promise must settle within ms. */
function settleWithin<T>(
  promise: Promise<T>,
  ms: number,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`did not settle within ${ms} ms`)), ms)),
  );
  return Promise.race([
    promise.then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
    guard,
  ]).finally(() => clearTimeout(timer));
}

/** The code a promise rejects with; fails the test when it resolves or hangs. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  const outcome = await settleWithin(promise, 5000);
  if (outcome.ok) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(OrcError);
  return (outcome.error as OrcError).code;
}

async function waitFor(what: string, check: () => boolean, ms = 3000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(20)) if (check()) return;
  throw new Error(`timed out waiting for ${what}`);
}

/** Waits until a server process has really exited, so a restart cannot reach the dying server. */
async function waitGone(pid: number): Promise<void> {
  await waitFor(`tmux server ${pid} to exit`, () => {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  });
}

const serverPid = (server: PrivateTmux) => Number(server.tmux('display-message', '-p', '#{pid}').trim());

const closers: Array<() => Promise<void>> = [];
/** Registers something to close after the test, whether it passed or not. */
function track<T extends { close(): Promise<void> }>(thing: T): T {
  closers.push(() => thing.close());
  return thing;
}

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close().catch(() => undefined)));
  await killAllPrivateTmux();
});

afterAll(killAllPrivateTmux);

function serverWithSession(...names: string[]): PrivateTmux {
  const server = privateTmux('ctl');
  for (const name of names) server.tmux('new-session', '-d', '-s', name);
  return server;
}

describe('ControlConnection against a real tmux', () => {
  test('many concurrent commands are pipelined and each gets its own answer', async () => {
    const server = serverWithSession('main');
    const conn = track(await ControlConnection.open({ socketName: server.socketName, commandTimeoutMs: 5000 }));
    const payloads = Array.from({ length: 60 }, (_, i) => `payload-${i}-${'x'.repeat(i)}`);
    const answers = await Promise.all(payloads.map((p) => conn.send(['display-message', '-p', p])));
    expect(answers).toEqual(payloads.map((p) => [p]));
  });

  test('a %error reply becomes a coded error and the connection keeps working', async () => {
    const server = serverWithSession('main');
    const transport = track(new ControlTransport({ socketName: server.socketName, commandTimeoutMs: 5000 }));
    expect(await codeOf(transport.run(['kill-session', '-t', 'missing']))).toBe('tmux.sessionNotFound');
    expect(await codeOf(transport.run(['select-window', '-t', 'main:nowhere']))).toBe('tmux.windowNotFound');
    expect(await codeOf(transport.run(['no-such-command']))).toBe('tmux.commandFailed');
    expect(await transport.run(['display-message', '-p', 'still here'])).toEqual(['still here']);
  });

  test('notifications from another client arrive through ControlTransport.onNotification', async () => {
    const server = serverWithSession('main');
    const transport = track(new ControlTransport({ socketName: server.socketName, commandTimeoutMs: 5000 }));
    const seen: ControlNotification[] = [];
    transport.onNotification((n) => seen.push(n));
    await transport.connect();
    const windowId = server.tmux('new-window', '-d', '-P', '-F', '#{window_id}', '-t', 'main:').trim();
    server.tmux('new-session', '-d', '-s', 'other');
    await waitFor(
      'window-add and sessions-changed',
      () =>
        seen.some((n) => n.name === 'window-add' && n.windowId === windowId) &&
        seen.some((n) => n.name === 'sessions-changed'),
    );
  });

  test('after kill-server and a restart on the same socket the transport works again', async () => {
    const server = serverWithSession('first');
    const transport = track(new ControlTransport({ socketName: server.socketName, commandTimeoutMs: 5000 }));
    expect(await transport.run(['display-message', '-p', '#{session_name}'])).toEqual(['first']);

    // A command that is still running when the server dies fails with connectionLost (or finished first): never hangs.
    const firstPid = serverPid(server);
    const inFlight = settleWithin(transport.run(['run-shell', 'sleep 1']), 4000);
    await sleep(100);
    killServer(server.socketName);
    await waitGone(firstPid);
    const outcome = await inFlight;
    if (!outcome.ok) expect((outcome.error as OrcError).code).toBe('tmux.connectionLost');

    expect(await codeOf(transport.run(['display-message', '-p', 'x']))).toBe('tmux.noServer');

    // A burst cut off by the server dying: each command answers, is lost, or (not yet started) finds no server.
    server.tmux('new-session', '-d', '-s', 'burst');
    const burstPid = serverPid(server);
    await transport.connect();
    const burst = Array.from({ length: 1000 }, (_, i) =>
      settleWithin(transport.run(['display-message', '-p', `n${i}`]), 4000),
    );
    await sleep(5);
    await execFileAsync('tmux', ['-L', server.socketName, 'kill-server']).catch(() => undefined);
    await waitGone(burstPid);
    for (const [i, o] of (await Promise.all(burst)).entries()) {
      if (o.ok) expect(o.value).toEqual([`n${i}`]);
      else expect(['tmux.connectionLost', 'tmux.noServer']).toContain((o.error as OrcError).code);
    }

    server.tmux('new-session', '-d', '-s', 'second');
    const after = await settleWithin(transport.run(['display-message', '-p', '#{session_name}']), 4000);
    expect(after).toEqual({ ok: true, value: ['second'] });
  });

  test('a batch cut off by the server dying: each command answers, is lost, or (resent) finds no server; never hangs', async () => {
    const server = serverWithSession('batch');
    const transport = track(new ControlTransport({ socketName: server.socketName, commandTimeoutMs: 5000 }));
    const pid = serverPid(server);
    await transport.connect();
    const batch = settleWithin(
      transport.runMany(Array.from({ length: 1000 }, (_, i) => ['display-message', '-p', `n${i}`])),
      4000,
    );
    await sleep(5);
    await execFileAsync('tmux', ['-L', server.socketName, 'kill-server']).catch(() => undefined);
    await waitGone(pid);
    const outcome = await batch;
    expect(outcome.ok).toBe(true);
    const outcomes = outcome.ok ? outcome.value : [];
    expect(outcomes).toHaveLength(1000);
    for (const [i, o] of outcomes.entries()) {
      if (o.ok) expect(o.lines).toEqual([`n${i}`]);
      else expect(['tmux.connectionLost', 'tmux.noServer']).toContain(o.error.code);
    }
    expect(await codeOf(transport.runMany([['display-message', '-p', 'x']]))).toBe('tmux.noServer');
  });

  test('when the attached session is killed the next command reattaches to another session', async () => {
    const server = serverWithSession('B', 'A');
    const transport = track(new ControlTransport({ socketName: server.socketName, commandTimeoutMs: 5000 }));
    const ids = Object.fromEntries(
      server
        .tmux('list-sessions', '-F', '#{session_name} #{session_id}')
        .trim()
        .split('\n')
        .map((l) => l.split(' ')),
    );
    expect(await transport.run(['display-message', '-p', '#{session_name}'])).toEqual(['A']);
    expect(server.tmux('list-clients', '-F', '#{session_id}').trim()).toBe(ids.A);

    server.tmux('kill-session', '-t', 'A');
    const next = await settleWithin(transport.run(['display-message', '-p', '#{session_name}']), 4000);
    expect(next).toEqual({ ok: true, value: ['B'] });
    expect(server.tmux('list-clients', '-F', '#{session_id}').trim()).toBe(ids.B);
  });
});

describe('no server on the socket', () => {
  test('snapshot says serverRunning false and resolve rejects with tmux.noServer', async () => {
    const server = privateTmux('none');
    for (const transport of ['auto', 'control', 'spawn'] as const) {
      const manager = server.manager({ transport });
      const snap = await manager.snapshot();
      expect({ transport, serverRunning: snap.serverRunning, sessions: snap.sessions }).toEqual({
        transport,
        serverRunning: false,
        sessions: [],
      });
      expect(await codeOf(manager.resolve('x'))).toBe('tmux.noServer');
    }
  });

  test('AutoTransport: reads fail tmux.noServer without spawning tmux; new-session spawns and starts the server', async () => {
    const server = privateTmux('none');
    const transport = track(new AutoTransport({ socketName: server.socketName }));
    expect(await codeOf(transport.run(['list-panes', '-a']))).toBe('tmux.noServer');
    expect(await codeOf(transport.runMany([['display-message', '-p', 'x']]))).toBe('tmux.noServer');
    expect(transport.lastUsed).toBe('control');
    await transport.run(['new-session', '-d', '-s', 'born']);
    expect(transport.lastUsed).toBe('spawn');
    expect(await transport.run(['display-message', '-p', '-t', 'born', '#{session_name}'])).toEqual(['born']);
    expect(transport.lastUsed).toBe('control');
  });

  test('ControlConnection.open rejects with tmux.noServer', async () => {
    const server = privateTmux('none');
    expect(await codeOf(ControlConnection.open({ socketName: server.socketName }))).toBe('tmux.noServer');
  });
});

describe('tmux not installed', () => {
  const tmuxBin = '/nonexistent/tmux';

  test('ControlConnection and ControlTransport reject with tmux.notInstalled', async () => {
    expect(await codeOf(ControlConnection.open({ tmuxBin, socketName: 'never-used' }))).toBe('tmux.notInstalled');
    const transport = track(new ControlTransport({ tmuxBin, socketName: 'never-used' }));
    expect(await codeOf(transport.run(['list-sessions']))).toBe('tmux.notInstalled');
  });

  test('SpawnTransport rejects with tmux.notInstalled', async () => {
    expect(await codeOf(new SpawnTransport({ tmuxBin, socketName: 'never-used' }).run(['list-sessions']))).toBe(
      'tmux.notInstalled',
    );
  });

  test('a manager reports tmux.notInstalled rather than a missing server', async () => {
    const manager = track(new TMUXManager({ tmuxBin, socketName: 'never-used' }));
    expect(await codeOf(manager.snapshot())).toBe('tmux.notInstalled');
  });
});
