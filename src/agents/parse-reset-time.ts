const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };
const DURATION_PART = /(\d+(?:\.\d+)?)\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b/gi;

/**
 * Reads the reset time a rate-limit screen shows, as the detectors pass it on: a time of day (`3pm`,
 * `3:30 PM (Europe/Paris)`, `15:00`), a date and time (`2026-11-28 10:00`), or a delay (`in 4 hours 3 minutes`,
 * `4.0 seconds`). Times are local; a time of day already past means tomorrow. Undefined when it cannot tell.
 * @example parseResetTime('3pm', new Date('2026-01-01T10:00')) // 2026-01-01T15:00 local
 */
export function parseResetTime(text: string, now: Date): Date | undefined {
  const value = text.replace(/\([^)]*\)/g, ' ').trim();
  const dated = /(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (dated) {
    const date = new Date(`${dated[1]}T${dated[2]!.padStart(2, '0')}:${dated[3]}:${dated[4] ?? '00'}`);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  const delay = durationMs(value);
  if (delay !== undefined) return new Date(now.getTime() + delay);
  const clock =
    /^(?:at\s+)?(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?\b/i.exec(value) ??
    /^(?:at\s+)?(\d{1,2}):(\d{2})\b()/.exec(value);
  if (!clock) return undefined;
  let hours = Number(clock[1]);
  const minutes = Number(clock[2] ?? 0);
  const meridiem = clock[3]?.toLowerCase();
  if (meridiem && (hours < 1 || hours > 12)) return undefined;
  if (meridiem === 'p' && hours < 12) hours += 12;
  if (meridiem === 'a' && hours === 12) hours = 0;
  if (hours > 23 || minutes > 59) return undefined;
  const at = new Date(now);
  at.setHours(hours, minutes, 0, 0);
  if (at.getTime() <= now.getTime()) at.setDate(at.getDate() + 1);
  return at;
}

function durationMs(text: string): number | undefined {
  const body = text.replace(/^in\s+/i, '').replace(/[.\s]+$/, '');
  let total = 0;
  let matched = '';
  for (const m of body.matchAll(DURATION_PART)) {
    total += Number(m[1]) * UNIT_MS[m[2]![0]!.toLowerCase()]!;
    matched += m[0];
  }
  // Only a text made of durations (and separators) is a delay; "3pm" must not read as 3 minutes.
  const rest = body.replace(DURATION_PART, '').replace(/[\s,]|and/gi, '');
  return matched && rest === '' ? total : undefined;
}
