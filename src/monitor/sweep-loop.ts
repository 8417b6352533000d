import { toOrcError } from '../errors.js';
import type { EmitEvent } from './monitor-event.js';

/** What the loop drives: one sweep at a time. */
export interface Sweeper {
  sweep(): Promise<void>;
  /** Called once when the connection is lost, before waiting to reconnect. */
  reset?(): void;
}

/** Timing of the sweep loop. */
export interface LoopOptions {
  intervalMs: number;
  /** First wait after a failed sweep; doubles on each failure in a row (default 1 s). */
  backoffMs?: number;
  /** Longest wait between attempts to reach tmux again (default 30 s). */
  maxBackoffMs?: number;
  signal: AbortSignal;
  emit: EmitEvent;
  /** Called after every sweep, ok or not, with whether tmux was reached (the daemon rewrites its status file here). */
  afterSweep?(connected: boolean): void | Promise<void>;
}

// Errors that mean "tmux is not there right now", as opposed to a bug in a sweep.
const CONNECTION_CODES = new Set(['tmux.noServer', 'tmux.connectionLost', 'tmux.timeout', 'tmux.notInstalled']);

/** Never less than this between two sweeps, even when a sweep overran the interval: the loop must not spin. */
const MIN_GAP_MS = 50;

/**
 * Runs sweeps every `intervalMs` until the signal aborts. When tmux goes away it logs `disconnected` once, then
 * tries again after 1 s, 2 s, 4 s... up to `maxBackoffMs`, and logs `reconnected` when a sweep works again. A
 * sweep that fails for another reason is logged and retried on the same backoff, so a bug cannot spin the CPU.
 */
export async function runSweepLoop(sweeper: Sweeper, options: LoopOptions): Promise<void> {
  const base = options.backoffMs ?? 1000;
  const max = options.maxBackoffMs ?? 30_000;
  let failures = 0;
  let connected = true;
  while (!options.signal.aborted) {
    const started = Date.now();
    let wait: number;
    try {
      await sweeper.sweep();
      if (!connected) options.emit({ type: 'monitor', event: 'reconnected' });
      connected = true;
      failures = 0;
      wait = Math.max(MIN_GAP_MS, options.intervalMs - (Date.now() - started));
    } catch (error) {
      const e = toOrcError(error);
      failures++;
      if (CONNECTION_CODES.has(e.code)) {
        if (connected) {
          options.emit({ type: 'monitor', event: 'disconnected', detail: `${e.code}: ${e.message}` });
          sweeper.reset?.();
        }
        connected = false;
      } else {
        options.emit({ type: 'error', code: e.code, message: e.message });
      }
      wait = Math.min(max, Math.max(base, options.intervalMs) * 2 ** Math.min(failures - 1, 16));
    }
    await options.afterSweep?.(connected);
    await sleep(wait, options.signal);
  }
}

/** Waits, or returns early when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
