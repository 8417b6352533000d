import { join } from 'node:path';
import { findAgent } from '../../../src/agents/find-agent.js';
import { spawnAgent } from '../../../src/agents/spawn-agent.js';
import { fakeAgentArgv, testServers } from '../../helpers/test-servers.js';
import { killServer } from '../../helpers/private-tmux.js';
import { eventually } from '../../helpers/fake-agent-support.js';

const servers = testServers('orc-fresh');

describe('reads after a change see it, across processes', () => {
  // The cache of another process (an MCP server, the monitor) refills on %window-add; the spawning process used to
  // set the agent's options only after the window existed, so that refill read it as a plain window (kind custom,
  // managed false) for up to 2 s, and a send then typed into its dialog. Now the options come with the window.
  test('a window another manager sees appear already carries the agent options', async () => {
    const tmux = servers.server();
    const watcher = tmux.manager({ transport: 'control', prefetch: true });
    const spawner = tmux.manager({ transport: 'control' });
    await watcher.snapshot();
    const seen: Promise<string[]>[] = [];
    watcher.transport.onNotification((n) => {
      // Read at the very moment the watcher learns of the window, as its prefetch does.
      // The windows go to a session the watcher is not attached to: tmux tells it %unlinked-window-add.
      if (n.name === 'window-add' || n.name === 'unlinked-window-add')
        seen.push(
          watcher
            .snapshot({ fresh: true })
            .then((s) =>
              s.sessions.flatMap((x) =>
                x.windows
                  .filter((w) => w.id === n.windowId)
                  .map((w) => `${w.meta.name ?? '-'}:${w.meta.kind ?? '-'}:${w.name}`),
              ),
            ),
        );
    });
    const log = join(servers.dir(), 'fresh.jsonl');
    for (let i = 0; i < 8; i++) {
      await spawnAgent(spawner, {
        session: 'proj',
        name: `dev${i}`,
        role: 'developer',
        kind: 'claude',
        command: fakeAgentArgv('claude', log),
        wait: false,
      });
    }
    const views = (await Promise.all(seen)).flat();
    expect(views.length).toBeGreaterThanOrEqual(8);
    for (const view of views) expect(view).toMatch(/^dev\d:claude:dev\d$/);
    const agent = await findAgent(watcher, 'proj:dev7');
    expect(agent).toMatchObject({ managed: true, kind: 'claude' });
  });

  // After a restart of tmux, "no server" stayed cached for ~2 s, so list said serverRunning: false and a spawn into a
  // session that existed again answered tmux.sessionExists.
  test('a long-lived manager sees a restarted server at once, and spawns into its existing session', async () => {
    const tmux = servers.server();
    const manager = tmux.manager({ prefetch: true });
    expect((await manager.snapshot()).serverRunning).toBe(true);
    killServer(tmux.socketName);
    await eventually('the manager to see the server gone', async () => !(await manager.snapshot()).serverRunning);
    tmux.tmux('new-session', '-d', '-s', 'proj', 'sleep', '600');
    expect((await manager.snapshot()).sessions.map((s) => s.name)).toEqual(['proj']);
    const { agent } = await spawnAgent(manager, {
      session: 'proj',
      name: 'dev',
      role: 'developer',
      kind: 'claude',
      command: fakeAgentArgv('claude', join(servers.dir(), 'restart.jsonl')),
      wait: false,
    });
    expect(agent).toMatchObject({ session: 'proj', windowIndex: 1 });
  });

  test('a spawn into a session that appeared after the cached read goes into it, not a tmux.sessionExists', async () => {
    const tmux = servers.server();
    const manager = tmux.manager({ transport: 'spawn', spawnTtlMs: 60_000 });
    expect((await manager.snapshot()).sessions.map((s) => s.name)).toEqual(['keeper']);
    // Made by someone else: the spawn transport hears no notification, and the snapshot is cached for a minute.
    tmux.tmux('new-session', '-d', '-s', 'proj', 'sleep', '600');
    const { agent } = await spawnAgent(manager, {
      session: 'proj',
      name: 'dev',
      role: 'developer',
      kind: 'claude',
      command: fakeAgentArgv('claude', join(servers.dir(), 'late.jsonl')),
      wait: false,
    });
    expect(agent).toMatchObject({ session: 'proj', windowIndex: 1 });
  });
});
