import type { OperationStats, SlowOperation } from '../metrics/latency-recorder.js';
import type { MonitorFigures, WatchedAgent } from './monitor.js';
import { readStateFile, replaceStateFile } from './state-file-io.js';

/** What the daemon writes after every sweep, for `monitor status`, `metrics` and the dashboard. */
export interface MonitorStatus {
  pid: number;
  startedAt: string;
  updatedAt: string;
  socketPath: string;
  /** False while tmux cannot be reached (the monitor is waiting to reconnect). */
  connected: boolean;
  intervalMs: number;
  /** The options it runs with, as given on its command line. */
  options: Record<string, unknown>;
  figures: MonitorFigures;
  agents: WatchedAgent[];
  /** The daemon's core latency recorder: per-operation stats and slow operations. */
  recorder: { operations: OperationStats[]; slow: SlowOperation[]; thresholdMs: number };
}

/** Writes the status file atomically (a reader never sees half of it), never through a symlink. */
export function writeStatus(path: string, status: MonitorStatus): void {
  replaceStateFile(path, JSON.stringify(status));
}

/** Reads the status file; undefined when missing or unreadable. */
export function readStatus(path: string): MonitorStatus | undefined {
  try {
    return JSON.parse(readStateFile(path) ?? '') as MonitorStatus;
  } catch {
    return undefined;
  }
}
