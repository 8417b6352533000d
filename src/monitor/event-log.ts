import { closeSync, constants, fstatSync, lstatSync, readSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LoggedEvent, MonitorEvent } from './monitor-event.js';
import { ensureStateDir } from './state-dir.js';
import { appendStateFile, openStateFile, readStateFile } from './state-file-io.js';

const MAX_BYTES = 5 * 1024 * 1024;

/**
 * The monitor's event log: one JSON object per line, rotated to `<log>.1` past 5 MB. It lives in a checked state
 * directory and is never written through a symlink (`state.unsafe`).
 */
export class EventLog {
  private appended = 0;

  constructor(
    readonly path: string,
    private readonly maxBytes = MAX_BYTES,
  ) {
    ensureStateDir(dirname(path));
    this.rotateIfBig();
  }

  /** Appends one event with the current time; returns the line's object. */
  append(event: MonitorEvent, time = new Date()): LoggedEvent {
    const logged = { time: time.toISOString(), ...event } as LoggedEvent;
    appendStateFile(this.path, `${JSON.stringify(logged)}\n`);
    if (++this.appended % 100 === 0) this.rotateIfBig();
    return logged;
  }

  private rotateIfBig(): void {
    try {
      // lstat: the size of a link's target is no reason to move anything; rename moves the link itself anyway.
      const info = lstatSync(this.path);
      if (info.isFile() && info.size > this.maxBytes) renameSync(this.path, `${this.path}.1`);
    } catch {
      // no log yet
    }
  }
}

/** The last `count` events of a log and the byte offset its end is at (to follow from); none when it is missing. */
export function readLastEvents(path: string, count: number): { events: LoggedEvent[]; offset: number } {
  const text = readStateFile(path);
  if (text === undefined) return { events: [], offset: 0 };
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  const lines = complete.split('\n').filter(Boolean);
  return { events: parseLines(count > 0 ? lines.slice(-count) : []), offset: Buffer.byteLength(complete) };
}

/**
 * Reads the events appended after `offset`; returns them and the new offset. A log that shrank (rotated) is read
 * from its start. Only complete lines are consumed.
 */
export function readEventsSince(path: string, offset: number): { events: LoggedEvent[]; offset: number } {
  let fd: number;
  try {
    fd = openStateFile(path, constants.O_RDONLY);
  } catch {
    return { events: [], offset: 0 };
  }
  try {
    const size = fstatSync(fd).size;
    const from = size < offset ? 0 : offset;
    if (size === from) return { events: [], offset: from };
    const buffer = Buffer.alloc(size - from);
    readSync(fd, buffer, 0, buffer.length, from);
    const end = buffer.lastIndexOf(0x0a) + 1;
    return {
      events: parseLines(buffer.subarray(0, end).toString('utf8').split('\n').filter(Boolean)),
      offset: from + end,
    };
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
