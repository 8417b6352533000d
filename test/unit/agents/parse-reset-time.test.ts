import { parseResetTime } from '../../../src/agents/parse-reset-time.js';
import { DEFAULT_HOLD_MS, RateLimitHold } from '../../../src/monitor/rate-limit-hold.js';

const now = new Date(2026, 0, 10, 10, 0, 0);
const at = (h: number, m = 0, day = 10) => new Date(2026, 0, day, h, m, 0).getTime();

describe('parseResetTime', () => {
  it.each([
    ['3pm', at(15)],
    ['3:30 PM (Europe/Paris)', at(15, 30)],
    ['12am', at(0, 0, 11)],
    ['9am', at(9, 0, 11)],
    ['15:00', at(15)],
    ['at 11:15', at(11, 15)],
    ['2026-01-12 08:30', at(8, 30, 12)],
    ['in 4 hours 3 minutes', at(14, 3)],
    ['4.0 seconds', now.getTime() + 4000],
    ['2h', at(12)],
  ])('reads %s', (text, expected) => {
    expect(parseResetTime(text, now)?.getTime()).toBe(expected);
  });

  it.each(['soon', '', '25pm', 'tomorrow-ish'])('gives up on %j', (text) => {
    expect(parseResetTime(text, now)).toBeUndefined();
  });
});

describe('RateLimitHold', () => {
  it('holds until the reset time, then releases once', () => {
    const h = new RateLimitHold();
    expect(h.hold('a', '3pm', now.getTime())).toBe(at(15));
    expect(h.isHeld('a')).toBe(true);
    expect(h.expired(at(14))).toEqual([]);
    expect(h.expired(at(15))).toEqual(['a']);
    expect(h.isHeld('a')).toBe(false);
  });

  it('falls back to a fixed hold when the screen shows no time', () => {
    expect(new RateLimitHold().hold('a', undefined, 0)).toBe(DEFAULT_HOLD_MS);
  });
});
