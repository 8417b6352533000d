import { findAgent } from '../../../src/agents/find-agent.js';
import { eventually } from '../../helpers/fake-agent-support.js';
import { spawnFakeAgent, testServers } from '../../helpers/test-servers.js';

const servers = testServers('orc-watch');

// tmux sends no notification when an option changes or a pane's title does; its format subscriptions
// (`refresh-client -B`, checked about once a second) do. A long-lived manager watches the agent panes with them.
describe('watched panes', () => {
  test("an agent option another process sets reaches a long-lived manager's cache", async () => {
    const { tmux, agent } = await spawnFakeAgent(servers, 'claude');
    // A cache that would otherwise keep the old role for a minute.
    const mcp = tmux.manager({ transport: 'control', prefetch: true, controlTtlMs: 60_000 });
    expect(await findAgent(mcp, 'proj:dev')).toMatchObject({ role: 'developer' });
    tmux.tmux('set-option', '-w', '-t', agent.windowId, '@tmux-orc-role', 'qa');
    await eventually('the new role', async () => (await findAgent(mcp, 'proj:dev')).role === 'qa', 4000);
  });

  test('a change in a watched pane calls the listeners (its title); an unwatched pane does not', async () => {
    const { tmux, agent } = await spawnFakeAgent(servers, 'claude');
    const manager = tmux.manager({ transport: 'control' });
    await manager.snapshot();
    const changed: string[] = [];
    manager.onPaneChange((pane) => changed.push(pane));
    await manager.watchPanes([agent.paneId]);
    await eventually('the first report', () => changed.length > 0, 3000);
    changed.length = 0;
    tmux.tmux('select-pane', '-t', agent.paneId, '-T', 'a title set from outside');
    await eventually('the change to be reported', () => changed.includes(agent.paneId), 4000);
    await manager.watchPanes([]);
    changed.length = 0;
    tmux.tmux('select-pane', '-t', agent.paneId, '-T', 'another');
    await new Promise((r) => setTimeout(r, 1500));
    expect(changed).toEqual([]);
  });

  // tmux 3.3's per-pane subscriptions do not report a pane's death; the window hook tmux-orc sets at spawn does, at
  // once.
  test("an agent's program exiting wakes the hook channel (its window's pane-died hook)", async () => {
    const { tmux, agent, manager } = await spawnFakeAgent(servers, 'claude');
    let woken = 0;
    const off = manager.onHookEvent(() => woken++);
    try {
      await new Promise((r) => setTimeout(r, 200));
      tmux.tmux('send-keys', '-t', agent.paneId, '-l', 'QUIT');
      tmux.tmux('send-keys', '-t', agent.paneId, 'Enter');
      // tmux runs pane-died when it has reaped the program; tmux 3.3 sometimes misses the SIGCHLD of one that exits at
      // once until another child of the server exits (spawn-agent.ts nudges it the same way): one nudge, then wait.
      await eventually(
        'the pane to be dead',
        () => tmux.tmux('display-message', '-p', '-t', agent.paneId, '#{pane_dead}').trim() === '1',
        4000,
      );
      await eventually('the wake-up', () => woken > 0, 1000).catch(() => tmux.tmux('run-shell', '-b', 'true'));
      await eventually('the wake-up', () => woken > 0, 3000);
      expect(tmux.tmux('display-message', '-p', '-t', agent.paneId, '#{pane_dead}').trim()).toBe('1');
    } finally {
      off();
    }
  });
});
