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
  /** First wait after a failed sweep; doubles on each failure in a row (default 250 ms). */
  backoffMs?: number;
  /**
   * Longest wait between attempts to reach tmux again (default 1 s): a look at a local socket costs next to nothing,
   * and the monitor must be back within moments of tmux, however long it was gone. Other failures (a bug in a sweep)
   * back off up to 30 s.
   */
  maxBackoffMs?: number;
  signal: AbortSignal;
  emit: EmitEvent;
  /** Called after every sweep, ok or not, with whether tmux was reached (the daemon rewrites its status file here). */
  afterSweep?(connected: boolean): void | Promise<void>;
  /**
   * Subscribes to something that should bring the next sweep forward (an agent's hook reporting an event); returns
   * the unsubscribe function. The next sweep then starts at once, but never sooner than 50 ms after the last one.
   */
  wakeOn?(wake: () => void): () => void;
  /**
   * Called once each time the tmux server is found gone (`tmux.noServer`, at the start too), before waiting for it
   * (`monitor --restore` brings the fleet back here); again only after a sweep has reached a server.
   */
  onServerGone?(): Promise<void>;
}

// Errors that mean "tmux is not there right now" (here or on a remote host), as opposed to a bug in a sweep.
const CONNECTION_CODES = new Set([
  'tmux.noServer',
  'tmux.connectionLost',
  'tmux.timeout',
  'tmux.notInstalled',
  'host.unreachable',
  'host.connectionLost',
]);

/** The longest wait after a sweep failed for a reason other than tmux being away. */
const ERROR_MAX_BACKOFF_MS = 30_000;

/** Never less than this between two sweeps, even when a sweep overran the interval: the loop must not spin. */
const MIN_GAP_MS = 50;

/**
 * Runs sweeps every `intervalMs` until the signal aborts. When tmux goes away (or stops answering) it logs
 * `disconnected` once, then tries again after 250 ms, 500 ms, then every `maxBackoffMs` (1 s), so it is back within
 * about a second of tmux whatever the length of the outage, and logs `reconnected` when a sweep works again. A sweep
 * that fails for another reason is logged and retried with a backoff growing to 30 s, so a bug cannot spin the CPU.
 */
export async function runSweepLoop(sweeper: Sweeper, options: LoopOptions): Promise<void> {
  const base = options.backoffMs ?? 250;
  const maxReconnect = options.maxBackoffMs ?? 1000;
  let failures = 0;
  let connected = true;
  let goneHandled = false;
  // An event that came during a sweep brings the next one forward too.
  let woken = false;
  const early = new EventTarget();
  const unsubscribe = options.wakeOn?.(() => {
    woken = true;
    early.dispatchEvent(new Event('wake'));
  });
  while (!options.signal.aborted) {
    const started = Date.now();
    let wait: number;
    try {
      await sweeper.sweep();
      if (!connected) options.emit({ type: 'monitor', event: 'reconnected' });
      connected = true;
      goneHandled = false;
      failures = 0;
      wait = Math.max(MIN_GAP_MS, options.intervalMs - (Date.now() - started));
    } catch (error) {
      const e = toOrcError(error);
      failures++;
      const lost = CONNECTION_CODES.has(e.code);
      if (lost) {
        if (connected) {
          options.emit({ type: 'monitor', event: 'disconnected', detail: `${e.code}: ${e.message}` });
          sweeper.reset?.();
        }
        connected = false;
      } else {
        options.emit({ type: 'error', code: e.code, message: e.message });
      }
      const backoff = base * 2 ** Math.min(failures - 1, 16);
      wait = lost
        ? Math.min(maxReconnect, backoff)
        : Math.min(ERROR_MAX_BACKOFF_MS, Math.max(backoff, options.intervalMs));
      if (e.code === 'tmux.noServer' && options.onServerGone && !goneHandled) {
        goneHandled = true;
        await options.onServerGone();
        // The server may be back: look at once.
        failures = 0;
        wait = MIN_GAP_MS;
      }
    }
    await options.afterSweep?.(connected);
    await sleep(
      connected ? Math.max(MIN_GAP_MS, Math.min(wait, woken ? MIN_GAP_MS : wait)) : wait,
      options.signal,
      early,
    );
    woken = false;
  }
  unsubscribe?.();
}

/** Waits, or returns early when the signal aborts (or, with `early`, when it dispatches `wake`). */
export function sleep(ms: number, signal?: AbortSignal, early?: EventTarget): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      early?.removeEventListener('wake', soon);
      resolve();
    };
    // Woken: the rest of the wait is cut to the minimum gap.
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(done, MIN_GAP_MS);
    };
    let timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    early?.addEventListener('wake', soon, { once: true });
  });
}
