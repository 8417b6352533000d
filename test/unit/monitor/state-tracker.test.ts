import { StateTracker } from '../../../src/monitor/state-tracker.js';

const d = (state: 'idle' | 'busy' | 'waiting' | 'crashed' | 'unknown', reason: string = state) => ({ state, reason });

describe('StateTracker', () => {
  it('reports a first sighting at once, from null', () => {
    const t = new StateTracker(2);
    expect(t.update('s:a', d('busy'), 1000)).toEqual({
      agent: 's:a',
      from: null,
      to: 'busy',
      reason: 'busy',
      at: 1000,
    });
    expect(t.get('s:a')).toMatchObject({ state: 'busy', since: 1000 });
  });

  it("dates a first idle sighting by the pane's quiet time", () => {
    const t = new StateTracker(2);
    t.update('s:a', d('idle'), 100_000, 30);
    expect(t.get('s:a')!.since).toBe(70_000);
  });

  it('needs idle on confirmSweeps sweeps in a row', () => {
    const t = new StateTracker(2);
    t.update('s:a', d('busy'), 0);
    expect(t.update('s:a', d('idle'), 1)).toBeUndefined();
    expect(t.update('s:a', d('idle'), 2)).toMatchObject({ from: 'busy', to: 'idle', at: 2 });
    expect(t.get('s:a')).toMatchObject({ state: 'idle', since: 2 });
  });

  it('ignores a one-sweep flicker', () => {
    const t = new StateTracker(2);
    t.update('s:a', d('busy'), 0);
    expect(t.update('s:a', d('unknown'), 1)).toBeUndefined();
    expect(t.update('s:a', d('busy'), 2)).toBeUndefined();
    expect(t.update('s:a', d('unknown'), 3)).toBeUndefined();
    expect(t.get('s:a')!.state).toBe('busy');
  });

  it('counts busy, waiting and crashed at once, so a short task is not missed', () => {
    const t = new StateTracker(3);
    t.update('s:a', d('idle'), 0);
    expect(t.update('s:a', d('busy'), 1)).toMatchObject({ from: 'idle', to: 'busy' });
    expect(t.update('s:a', d('waiting'), 2)).toMatchObject({ from: 'busy', to: 'waiting' });
    expect(t.update('s:a', d('crashed', 'pane dead'), 3)).toMatchObject({
      from: 'waiting',
      to: 'crashed',
      reason: 'pane dead',
    });
  });

  it('forgets an agent, which is then new again', () => {
    const t = new StateTracker(1);
    t.update('s:a', d('idle'), 0);
    t.forget('s:a');
    expect(t.names()).toEqual([]);
    expect(t.update('s:a', d('idle'), 1)).toMatchObject({ from: null });
  });
});
