import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventLog, readEventsSince, readLastEvents } from '../../../src/monitor/event-log.js';

let dir = '';
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'orc-log-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const transition = (agent: string) => ({
  type: 'transition' as const,
  agent,
  from: 'busy' as const,
  to: 'idle' as const,
  reason: 'r',
});

describe('event log', () => {
  it('writes one JSON line per event with its time', () => {
    const log = new EventLog(join(dir, 'm.log'));
    log.append(transition('s:a'), new Date('2026-01-01T00:00:00Z'));
    const { events } = readLastEvents(log.path, 10);
    expect(events).toEqual([
      { time: '2026-01-01T00:00:00.000Z', type: 'transition', agent: 's:a', from: 'busy', to: 'idle', reason: 'r' },
    ]);
  });

  it('returns the last N events, none when the log is missing', () => {
    const log = new EventLog(join(dir, 'm.log'));
    for (const a of ['a', 'b', 'c']) log.append(transition(a));
    expect(readLastEvents(log.path, 2).events.map((e) => (e as { agent: string }).agent)).toEqual(['b', 'c']);
    expect(readLastEvents(join(dir, 'none.log'), 5)).toEqual({ events: [], offset: 0 });
  });

  it('follows from an offset, leaving a torn last line for later', () => {
    const log = new EventLog(join(dir, 'm.log'));
    log.append(transition('a'));
    const { offset } = readLastEvents(log.path, 0);
    log.append(transition('b'));
    appendFileSync(log.path, '{"type":"tra');
    const next = readEventsSince(log.path, offset);
    expect(next.events.map((e) => (e as { agent: string }).agent)).toEqual(['b']);
    expect(next.offset).toBe(statSync(log.path).size - '{"type":"tra'.length);
  });

  it('reads a rotated log from its start', () => {
    const path = join(dir, 'm.log');
    const log = new EventLog(path, 10);
    log.append(transition('a'));
    expect(readEventsSince(path, 1_000_000).events).toHaveLength(1);
    new EventLog(path, 10); // over 10 bytes: rotated on open
    expect(statSync(`${path}.1`).size).toBeGreaterThan(0);
    expect(readLastEvents(path, 5).events).toEqual([]);
  });
});
