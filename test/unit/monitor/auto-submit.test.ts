import { AutoSubmitter } from '../../../src/monitor/auto-submit.js';

describe('AutoSubmitter', () => {
  it('presses after the same text sat in an idle box for minSweeps and minMs', () => {
    const s = new AutoSubmitter({ minSweeps: 2, minMs: 1000, maxTries: 3 });
    expect(s.consider('a', true, 'hello', 0)).toBeUndefined();
    expect(s.consider('a', true, 'hello', 500)).toBeUndefined(); // 2 sweeps, too soon
    expect(s.consider('a', true, 'hello', 1000)).toBe(1);
  });

  it('starts over when the text changes (someone is typing) or the agent is not idle', () => {
    const s = new AutoSubmitter({ minSweeps: 2, minMs: 0, maxTries: 3 });
    s.consider('a', true, 'hel', 0);
    expect(s.consider('a', true, 'hello', 1)).toBeUndefined();
    expect(s.consider('a', false, 'hello', 2)).toBeUndefined();
    expect(s.consider('a', true, 'hello', 3)).toBeUndefined();
    expect(s.consider('a', true, 'hello', 4)).toBe(1);
  });

  it('gives up after maxTries on the same text', () => {
    const s = new AutoSubmitter({ minSweeps: 1, minMs: 0, maxTries: 2 });
    s.consider('a', true, 'x', 0);
    expect([1, 2, 3, 4].map((t) => s.consider('a', true, 'x', t))).toEqual([1, 2, undefined, undefined]);
  });

  it('ignores an empty box', () => {
    const s = new AutoSubmitter({ minSweeps: 1, minMs: 0, maxTries: 3 });
    expect(s.consider('a', true, '', 0)).toBeUndefined();
    expect(s.consider('a', true, undefined, 1)).toBeUndefined();
  });
});
