import { OrcError } from '../../../src/errors.js';
import type { MonitorEvent } from '../../../src/monitor/monitor-event.js';
import { runSweepLoop } from '../../../src/monitor/sweep-loop.js';

/** Runs the loop for ms milliseconds around a sweep function; returns its calls and events. */
async function loopFor(
  ms: number,
  sweep: (call: number) => void,
  options: { intervalMs: number; backoffMs?: number; maxBackoffMs?: number },
) {
  const events: MonitorEvent[] = [];
  let calls = 0;
  let resets = 0;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  await runSweepLoop(
    { sweep: async () => sweep(++calls), reset: () => resets++ },
    { ...options, signal: controller.signal, emit: (e) => events.push(e) },
  );
  clearTimeout(timer);
  return { calls, events, resets };
}

describe('runSweepLoop', () => {
  it('sweeps every interval', async () => {
    const { calls } = await loopFor(500, () => undefined, { intervalMs: 100 });
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(calls).toBeLessThanOrEqual(6);
  });

  it('never spins, even with a zero interval', async () => {
    const { calls } = await loopFor(300, () => undefined, { intervalMs: 0 });
    expect(calls).toBeLessThanOrEqual(7); // at least 50 ms between sweeps
  });

  it('backs off while tmux is gone, logs the loss once, and the return', async () => {
    const { calls, events, resets } = await loopFor(
      900,
      (call) => {
        if (call <= 4) throw new OrcError('tmux.noServer', 'no server running');
      },
      { intervalMs: 10, backoffMs: 40, maxBackoffMs: 160 },
    );
    // 40 + 80 + 160 + 160 ms of waiting before the 5th call succeeds.
    expect(calls).toBeGreaterThanOrEqual(5);
    expect(events.filter((e) => e.type === 'monitor').map((e) => (e as { event: string }).event)).toEqual([
      'disconnected',
      'reconnected',
    ]);
    expect(resets).toBe(1);
  });

  it('keeps trying to reach tmux at least every second, however long it is gone (default backoff)', async () => {
    const times: number[] = [];
    const { events } = await loopFor(
      4300,
      (call) => {
        times.push(Date.now());
        if (call <= 6) throw new OrcError(call % 2 ? 'tmux.noServer' : 'tmux.timeout', 'away');
      },
      { intervalMs: 2000 },
    );
    // 250, 500, 1000, 1000, 1000 ms between attempts (it was 1, 2, 4, 8, 16 s): never more than a second.
    const gaps = times.slice(1, 7).map((t, i) => t - times[i]!);
    expect(Math.max(...gaps)).toBeLessThan(1500);
    expect(times.length).toBeGreaterThanOrEqual(6);
    expect(events.filter((e) => e.type === 'monitor').map((e) => (e as { event: string }).event)[0]).toBe(
      'disconnected',
    );
  });

  it('logs other errors and retries them with a growing backoff', async () => {
    const { calls, events } = await loopFor(
      400,
      () => {
        throw new Error('bug');
      },
      { intervalMs: 0, backoffMs: 100, maxBackoffMs: 1000 },
    );
    expect(calls).toBeLessThanOrEqual(3); // waits 100, 200, 400...
    expect(events[0]).toMatchObject({ type: 'error', code: 'internal.error', message: 'bug' });
  });
});
