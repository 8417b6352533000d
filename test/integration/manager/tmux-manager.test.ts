import { OrcError } from '../../../src/errors.js';
import type { Snapshot } from '../../../src/manager/snapshot.js';
import type { TMUXManager } from '../../../src/manager/tmux-manager.js';
import { killAllPrivateTmux, privateTmux, type PrivateTmux } from '../../helpers/private-tmux.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 3000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(30)) {
    const found = await probe();
    if (found !== undefined) return found;
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OrcError);
  return (error as OrcError).code;
}

/** The count of one operation in the manager's latency stats. */
const count = (manager: TMUXManager, operation: string) =>
  manager.recorder.stats().find((s) => s.operation === operation)?.count ?? 0;

let server: PrivateTmux;
let manager: TMUXManager;

beforeEach(() => {
  server = privateTmux('mgr');
  manager = server.manager();
});

afterEach(async () => {
  await server.kill();
});

afterAll(killAllPrivateTmux);

describe('sessions and windows', () => {
  test('new, snapshot, new window, kill window, kill session', async () => {
    expect((await manager.snapshot()).serverRunning).toBe(false);

    const created = await manager.newSession('work', { name: 'main', width: 100, height: 30 });
    expect(created).toEqual({
      session: 'work',
      sessionId: expect.stringMatching(/^\$\d+$/),
      windowId: expect.stringMatching(/^@\d+$/),
      windowIndex: 0,
      paneId: expect.stringMatching(/^%\d+$/),
    });
    expect(await manager.hasSession('work')).toBe(true);

    const win = await manager.newWindow('work', { name: 'logs' });
    const byId = await manager.newWindowIn(created.sessionId, { name: 'byid' });
    expect(byId).toMatchObject({ session: 'work', sessionId: created.sessionId, windowIndex: 2 });
    await manager.killWindow('work:byid');
    const snap = await manager.snapshot();
    expect(snap.serverRunning).toBe(true);
    expect(snap.sessions.map((s) => s.name)).toEqual(['work']);
    const session = snap.sessions[0]!;
    expect(session.windows.map((w) => [w.name, w.id])).toEqual([
      ['main', created.windowId],
      ['logs', win.windowId],
    ]);
    expect(session.windows[0]!.panes).toEqual([
      expect.objectContaining({ id: created.paneId, index: 0, active: true, dead: false, width: 100, height: 30 }),
    ]);
    // Our own control client does not count as an attached client, nor does another one (a monitor, an MCP server).
    expect(session.attached).toBe(0);
    const other = server.manager();
    try {
      await other.snapshot();
      expect((await manager.snapshot({ fresh: true })).sessions[0]!.attached).toBe(0);
    } finally {
      await other.close();
    }

    await manager.killWindow('work:logs');
    expect((await manager.snapshot()).sessions[0]!.windows.map((w) => w.name)).toEqual(['main']);

    await manager.newSession('other');
    await manager.killSession('work');
    expect((await manager.snapshot()).sessions.map((s) => s.name)).toEqual(['other']);
  });

  test('errors carry stable codes', async () => {
    await manager.newSession('work');
    expect(await codeOf(manager.newSession('work'))).toBe('tmux.sessionExists');
    expect(await codeOf(manager.newSession('bad.name'))).toBe('usage.invalid');
    expect(await codeOf(manager.killSession('missing'))).toBe('tmux.sessionNotFound');
    expect(await codeOf(manager.killWindow('work:nowhere'))).toBe('tmux.windowNotFound');
    expect(await codeOf(manager.killWindow('work'))).toBe('target.invalid');
    expect(await codeOf(manager.capturePane('work:0.7'))).toBe('tmux.paneNotFound');
    expect(await codeOf(manager.resolve('work::0'))).toBe('target.invalid');
    // A raw command's %error reply is mapped to a code too.
    expect(await codeOf(manager.run(['kill-session', '-t', 'missing']))).toBe('tmux.sessionNotFound');
  });

  test('display evaluates a format for a target, and fails for an id that is gone (tmux itself prints an empty line)', async () => {
    const created = await manager.newSession('shown');
    expect(await manager.display(created.paneId, '#{session_name}|#{pane_id}')).toBe(`shown|${created.paneId}`);
    expect(await manager.display(created.sessionId, '#{session_name}')).toBe('shown');
    await manager.newSession('other');
    await manager.killSession('shown');
    expect(await codeOf(manager.display(created.paneId, '#{pane_id}'))).toBe('tmux.paneNotFound');
    expect(await codeOf(manager.display(created.windowId, '#{window_id}'))).toBe('tmux.windowNotFound');
    expect(await codeOf(manager.display(created.sessionId, '#{session_id}'))).toBe('tmux.sessionNotFound');
  });

  test('a session name is matched exactly, never by tmux prefix', async () => {
    await manager.newSession('workshop');
    expect(await codeOf(manager.killSession('work'))).toBe('tmux.sessionNotFound');
    expect(await manager.hasSession('workshop')).toBe(true);
  });
});

describe('panes', () => {
  test('capturePane reads the screen, the last lines of history, and a line range', async () => {
    await manager.newSession('cap', { command: ['sh', '-c', 'seq 1 100; exec cat'], width: 80, height: 20 });
    const screen = await waitFor('seq output', async () => {
      const text = await manager.capturePane('cap');
      return text.endsWith('100') ? text : undefined;
    });
    // 20 rows: 19 numbers and the cursor's empty line (trailing empty lines are dropped).
    expect(screen.split('\n')).toEqual(Array.from({ length: 19 }, (_, i) => String(82 + i)));
    expect((await manager.capturePane('cap', { lines: 5 })).split('\n')).toEqual(
      Array.from({ length: 24 }, (_, i) => String(77 + i)),
    );
    expect(await manager.capturePane('cap', { start: 0, end: 2 })).toBe('82\n83\n84');
    expect(await manager.capturePane('cap', { start: -3, end: -1 })).toBe('79\n80\n81');
  });

  test('sendText and sendKeys reach a cat pane, literally', async () => {
    await manager.newSession('keys', { command: ['cat'] });
    const text = 'hello $HOME "q" ; #{pane_id} ~ Enter';
    await manager.sendText('keys', text);
    await manager.sendKeys('keys', 'Enter');
    // The tty echoes the line, then cat prints it.
    await waitFor('the echoed line twice', async () => {
      const lines = (await manager.capturePane('keys')).split('\n');
      return lines.filter((l) => l === text).length === 2 ? true : undefined;
    });
  });

  test('pasteText delivers every line; bracketed, newlines arrive inside the paste', async () => {
    await manager.newSession('paste', { command: ['cat'] });
    await manager.pasteText('paste', 'alpha\nbeta\n');
    await waitFor('both lines echoed and printed', async () => {
      const lines = (await manager.capturePane('paste')).split('\n');
      return lines.filter((l) => l === 'alpha').length === 2 && lines.filter((l) => l === 'beta').length === 2
        ? true
        : undefined;
    });

    // A program that turns bracketed paste on sees the whole paste between the markers, CRs and all, in one piece.
    await manager.newWindow('paste', {
      name: 'raw',
      command: ['sh', '-c', "printf '\\033[?2004h'; stty raw -echo; exec cat -v"],
    });
    await sleep(150);
    await manager.pasteText('paste:raw', 'one\ntwo');
    await waitFor('the bracketed paste', async () =>
      (await manager.capturePane('paste:raw')).includes('^[[200~one^Mtwo^[[201~') ? true : undefined,
    );
  });

  test('setWindowMeta shows in the snapshot meta', async () => {
    await manager.newSession('meta');
    const meta = { name: 'agent 1', role: 'pm "lead"; #{session_name} $HOME', kind: 'claude' };
    await manager.setWindowMeta('meta:0', meta);
    expect((await manager.snapshot()).sessions[0]!.windows[0]!.meta).toEqual(meta);
    // A window with an agent name resolves by that name too.
    expect((await manager.resolve('meta:agent 1')).window?.index).toBe(0);
  });
});

describe('batch', () => {
  test('one failing command does not sink the others', async () => {
    await manager.newSession('b');
    const outcomes = await manager.batch([
      ['display-message', '-p', 'first'],
      ['kill-window', '-t', 'nosuch:9'],
      ['set-option', '-g', '@batch', 'set'],
      ['display-message', '-p', 'last'],
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true, true]);
    expect(outcomes[0]).toEqual({ ok: true, lines: ['first'] });
    expect(outcomes[3]).toEqual({ ok: true, lines: ['last'] });
    const failed = outcomes[1]!;
    expect(!failed.ok && failed.error.code).toBe('tmux.sessionNotFound');
    expect(server.tmux('show-option', '-gqv', '@batch')).toBe('set\n');
  });
});

describe('snapshot cache', () => {
  test('a second snapshot is served from the cache', async () => {
    await manager.newSession('c');
    // The first read after attaching races the transport's own "sessions changed" signal, so warm up twice.
    await manager.snapshot();
    await manager.snapshot();
    const [reads, cached] = [count(manager, 'snapshot'), count(manager, 'snapshot.cached')];
    await manager.snapshot();
    await manager.snapshot();
    expect(count(manager, 'snapshot')).toBe(reads);
    expect(count(manager, 'snapshot.cached')).toBe(cached + 2);
  });

  const windows = (snap: Snapshot, session: string) => snap.sessions.find((s) => s.name === session)?.windows ?? [];

  /** Sessions `a` (the one our control client attaches to: the only one when it connects) and `o`, both read once. */
  async function twoSessions(m: TMUXManager): Promise<void> {
    await m.newSession('a');
    await m.newSession('o');
    await m.snapshot();
    await m.snapshot();
    expect(m.coherent()).toBe(true);
    // Our control client, the only client of this server, is attached to `a`.
    expect(server.tmux('list-clients', '-F', '#{session_name}').trim()).toBe('a');
  }

  test.each<[string, string[], (snap: Snapshot) => boolean]>([
    [
      'a new window in the attached session',
      ['new-window', '-d', '-t', 'a:', '-n', 'ext'],
      (snap) => windows(snap, 'a').some((w) => w.name === 'ext'),
    ],
    [
      'a new window in another session',
      ['new-window', '-d', '-t', 'o:', '-n', 'ext'],
      (snap) => windows(snap, 'o').some((w) => w.name === 'ext'),
    ],
    [
      'a killed window in another session',
      ['kill-window', '-t', 'o:0'],
      (snap) => !snap.sessions.some((s) => s.name === 'o'),
    ],
    ['a new session', ['new-session', '-d', '-s', 'ext'], (snap) => snap.sessions.some((s) => s.name === 'ext')],
    ['a killed session', ['kill-session', '-t', 'o'], (snap) => !snap.sessions.some((s) => s.name === 'o')],
    [
      'a split pane in the attached session',
      ['split-window', '-d', '-t', 'a:0'],
      (snap) => windows(snap, 'a')[0]?.panes.length === 2,
    ],
    [
      'a renamed window in another session',
      ['rename-window', '-t', 'o:0', 'ext'],
      (snap) => windows(snap, 'o')[0]?.name === 'ext',
    ],
    ['a renamed session', ['rename-session', '-t', 'o', 'ext'], (snap) => snap.sessions.some((s) => s.name === 'ext')],
  ])('a notification invalidates the cache at once: %s by another client', async (_what, command, seen) => {
    // A long time-to-live, so only tmux's notification can explain seeing the change.
    const m = server.manager({ controlTtlMs: 60_000 });
    await twoSessions(m);
    const reads = count(m, 'snapshot');
    server.tmux(...command);
    await waitFor('the change in the snapshot', async () => (seen(await m.snapshot()) ? true : undefined), 1000);
    expect(count(m, 'snapshot')).toBeGreaterThan(reads);
  });

  test('pane changes tmux does not notify (a split in another session) show once the time-to-live runs out', async () => {
    const m = server.manager({ controlTtlMs: 300 });
    await twoSessions(m);
    server.tmux('split-window', '-d', '-t', 'o:0');
    await waitFor(
      'the split pane in the snapshot',
      async () => (windows(await m.snapshot(), 'o')[0]?.panes.length === 2 ? true : undefined),
      1500,
    );
  });

  test('fresh: true bypasses the cache', async () => {
    await manager.newSession('c');
    await manager.snapshot();
    const reads = count(manager, 'snapshot');
    await manager.snapshot({ fresh: true });
    expect(count(manager, 'snapshot')).toBe(reads + 1);
  });
});

test('latency of each operation is recorded', async () => {
  await manager.newSession('lat', { command: ['cat'] });
  await manager.capturePane('lat');
  await manager.sendText('lat', 'x');
  await manager.run(['no-such-command']).catch(() => undefined);
  const stats = Object.fromEntries(manager.recorder.stats().map((s) => [s.operation, s]));
  for (const op of ['snapshot', 'tmux.new-session', 'capturePane', 'tmux.send-keys']) {
    expect(stats[op]).toEqual(expect.objectContaining({ count: expect.any(Number), errors: 0 }));
    expect(stats[op]!.count).toBeGreaterThan(0);
    expect(stats[op]!.maxMs).toBeGreaterThanOrEqual(stats[op]!.p50Ms);
    expect(stats[op]!.p50Ms).toBeGreaterThanOrEqual(0);
  }
  expect(stats['tmux.no-such-command']).toEqual(expect.objectContaining({ count: 1, errors: 1 }));
});
