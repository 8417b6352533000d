import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LoggedEvent, MonitorEvent } from './monitor-event.js';

const MAX_BYTES = 5 * 1024 * 1024;

/** The monitor's event log: one JSON object per line, rotated to `<log>.1` past 5 MB. */
export class EventLog {
  private appended = 0;

  constructor(readonly path: string, private readonly maxBytes = MAX_BYTES) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.rotateIfBig();
  }

  /** Appends one event with the current time; returns the line's object. */
  append(event: MonitorEvent, time = new Date()): LoggedEvent {
    const logged = { time: time.toISOString(), ...event } as LoggedEvent;
    appendFileSync(this.path, `${JSON.stringify(logged)}\n`, { mode: 0o600 });
    if (++this.appended % 100 === 0) this.rotateIfBig();
    return logged;
  }

  private rotateIfBig(): void {
    try {
      if (statSync(this.path).size > this.maxBytes) renameSync(this.path, `${this.path}.1`);
    } catch {
      // no log yet
    }
  }
}

/** The last `count` events of a log and the byte offset its end is at (to follow from); none when it is missing. */
export function readLastEvents(path: string, count: number): { events: LoggedEvent[]; offset: number } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { events: [], offset: 0 };
  }
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  const lines = complete.split('\n').filter(Boolean);
  return { events: parseLines(count > 0 ? lines.slice(-count) : []), offset: Buffer.byteLength(complete) };
}

/**
 * Reads the events appended after `offset`; returns them and the new offset. A log that shrank (rotated) is read
 * from its start. Only complete lines are consumed.
 */
export function readEventsSince(path: string, offset: number): { events: LoggedEvent[]; offset: number } {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return { events: [], offset: 0 };
  }
  const from = size < offset ? 0 : offset;
  if (size === from) return { events: [], offset: from };
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(size - from);
    readSync(fd, buffer, 0, buffer.length, from);
    const end = buffer.lastIndexOf(0x0a) + 1;
    return { events: parseLines(buffer.subarray(0, end).toString('utf8').split('\n').filter(Boolean)), offset: from + end };
  } finally {
    closeSync(fd);
  }
}

function parseLines(lines: readonly string[]): LoggedEvent[] {
  const events: LoggedEvent[] = [];
  for (const line of lines) {
    try {
      events.push(JSON.parse(line) as LoggedEvent);
    } catch {
      // a torn or foreign line: skip it
    }
  }
  return events;
}
