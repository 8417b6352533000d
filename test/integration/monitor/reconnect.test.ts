import { Monitor } from '../../../src/monitor/monitor.js';
import type { MonitorEvent } from '../../../src/monitor/monitor-event.js';
import { runSweepLoop } from '../../../src/monitor/sweep-loop.js';
import { killAllPrivateTmux, privateTmux } from '../../helpers/private-tmux.js';

afterAll(() => killAllPrivateTmux());

async function until(what: string, check: () => boolean, ms = 8000): Promise<void> {
  for (const end = Date.now() + ms; !check(); await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

it('waits for a lost tmux server with backoff and carries on when it is back', async () => {
  const tmux = privateTmux('orc-mon-re');
  tmux.tmux('new-session', '-d', '-s', 'one');
  const events: MonitorEvent[] = [];
  let sweeps = 0;
  const monitor = new Monitor(tmux.manager({ transport: 'control' }), {}, (e) => events.push(e));
  const controller = new AbortController();
  const loop = runSweepLoop(
    { sweep: async () => (sweeps++, monitor.sweep()), reset: () => monitor.reset() },
    {
      intervalMs: 50,
      backoffMs: 100,
      maxBackoffMs: 400,
      signal: controller.signal,
      emit: (e) => events.push(e),
    },
  );
  try {
    await until('a first sweep', () => monitor.figures().sweeps > 0);
    tmux.tmux('kill-server');
    await until('the loss', () => events.some((e) => e.type === 'monitor' && e.event === 'disconnected'));
    const during = sweeps;
    await new Promise((r) => setTimeout(r, 1000));
    // 100 + 200 + 400 ms of backoff: a handful of attempts in a second, not a spin.
    expect(sweeps - during).toBeLessThanOrEqual(4);
    tmux.tmux('new-session', '-d', '-s', 'two');
    await until('the return', () => events.some((e) => e.type === 'monitor' && e.event === 'reconnected'));
    const after = monitor.figures().sweeps;
    await until('sweeps again', () => monitor.figures().sweeps > after);
  } finally {
    controller.abort();
    await loop;
    await tmux.kill();
  }
});
