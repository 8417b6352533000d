import { runSweepLoop } from '../../../src/monitor/sweep-loop.js';
import type { MonitorEvent } from '../../../src/monitor/monitor-event.js';
import { fireHook } from '../../helpers/fire-hook.js';
import { eventually, sleep } from '../../helpers/fake-agent-support.js';
import { killAllPrivateTmux } from '../../helpers/private-tmux.js';
import { crew, type Crew } from './monitor-fixture.js';

let c: Crew;
beforeAll(() => (c = crew()));
afterAll(async () => {
  await c?.cleanup();
  await killAllPrivateTmux();
});

describe('the monitor over agents whose hooks report their events', () => {
  test('an idle fleet costs no capture after the first look, full rounds included', async () => {
    const agents = await Promise.all(['h1', 'h2', 'h3'].map((n) => c.spawn(n, 'developer')));
    for (const a of agents) fireHook(c.tmux, a.paneId, 'stop', '', false);
    const { monitor } = c.monitor({ fullEvery: 3, report: false });
    await monitor.sweep();
    const first = monitor.figures().captures;
    expect(first).toBe(3);
    for (let i = 0; i < 10; i++) await monitor.sweep();
    expect(monitor.figures().captures).toBe(first);
    // One agent's hook reports: that pane (and only it) is looked at again.
    fireHook(c.tmux, agents[0]!.paneId, 'prompt', '', false);
    await monitor.sweep();
    expect(monitor.figures().captures).toBe(first + 1);
  });

  test('a hook event brings the next sweep forward: the new state is logged long before the interval', async () => {
    const agent = await c.spawn('h4', 'developer');
    fireHook(c.tmux, agent.paneId, 'stop', '', false);
    const events: MonitorEvent[] = [];
    const { monitor } = c.monitor({ report: false });
    const manager = c.tmux.manager({ transport: 'control' });
    const controller = new AbortController();
    const loop = runSweepLoop(monitor, {
      intervalMs: 60_000,
      signal: controller.signal,
      emit: (e) => events.push(e),
      wakeOn: (wake) => manager.onHookEvent(wake),
    });
    try {
      // The first sweep sees it idle; the next one is a minute away unless a hook wakes the loop.
      await sleep(500);
      const sweeps = monitor.figures().sweeps;
      fireHook(c.tmux, agent.paneId, 'permission', 'Bash');
      await eventually('another sweep', () => monitor.figures().sweeps > sweeps, 5000);
      expect(monitor.agents().find((a) => a.target === 'team:h4')).toMatchObject({ state: 'waiting' });
    } finally {
      controller.abort();
      await loop;
    }
  });
});
