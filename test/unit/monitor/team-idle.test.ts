import { TeamIdleWatch } from '../../../src/monitor/team-idle.js';

describe('TeamIdleWatch', () => {
  const idle = (since: number) => ({ state: 'idle', since });

  it('escalates once when every agent has been idle long enough, counted from the last to go idle', () => {
    const w = new TeamIdleWatch(60_000);
    expect(w.check('t', [idle(0), idle(30_000)], 80_000)).toBeUndefined();
    expect(w.check('t', [idle(0), idle(30_000)], 90_000)).toEqual({ idleMs: 60_000 });
    expect(w.check('t', [idle(0), idle(30_000)], 200_000)).toBeUndefined();
  });

  it('re-arms when an agent works again', () => {
    const w = new TeamIdleWatch(1000);
    expect(w.check('t', [idle(0)], 2000)).toBeDefined();
    expect(w.check('t', [{ state: 'busy', since: 2000 }], 2500)).toBeUndefined();
    expect(w.check('t', [idle(3000)], 4500)).toEqual({ idleMs: 1500 });
  });

  it('does nothing when turned off or the team is empty', () => {
    expect(new TeamIdleWatch(0).check('t', [idle(0)], 1e9)).toBeUndefined();
    expect(new TeamIdleWatch(1).check('t', [], 1e9)).toBeUndefined();
  });
});
