import { OrcError } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import type { AgentRecord } from './agent-record.js';
import { paneQuery } from './agent-status.js';
import { readPaneStates, type PaneState } from './read-pane-state.js';
import { compileScreenPattern, type TextMatcher } from './screen-pattern.js';

/** What to wait for: a state, or text on the screen (a user's pattern goes through {@link parseWaitCondition}). */
export type WaitCondition = { state: 'idle' | 'busy' | 'waiting' | 'crashed' | 'rate_limited' } | { text: TextMatcher };

/** Parses `idle|busy|waiting|crashed|rate_limited|text:<regex>`; the regex is compiled on RE2 (linear time). */
export async function parseWaitCondition(until: string): Promise<WaitCondition> {
  if (until.startsWith('text:')) return { text: await compileScreenPattern(until.slice(5), '--until text:') };
  if (['idle', 'busy', 'waiting', 'crashed', 'rate_limited'].includes(until)) return { state: until as 'idle' };
  const shown = JSON.stringify(until.slice(0, 40)) + (until.length > 40 ? '...' : '');
  throw new OrcError(
    'usage.invalid',
    `--until must be idle, busy, waiting, crashed, rate_limited or text:<regex>, got ${shown}`,
  );
}

/** Options for {@link waitForState}. */
export interface WaitOptions {
  timeoutMs: number;
  /** Poll interval for an agent without hooks; the pane is read again as soon as it is due (default 100 ms). */
  intervalMs?: number;
  /** How many consecutive reads of the screen must agree, so a flicker between frames does not count (default 2). */
  stableReads?: number;
  signal?: AbortSignal;
}

/**
 * How often the screen is still read while an agent's hooks report its events: the hooks wake the wait at once, and
 * this catches what only the screen shows (a 429 being retried, a dialog without an event).
 */
export const HOOKED_POLL_MS = 1000;

/**
 * Waits until the agent's pane shows a state (or text). Each read is one pipelined round trip on the control
 * connection. For an agent whose hooks report events, the wait wakes when a hook fires (a `wait-for` channel: a few
 * milliseconds) and a state the hook reported holds at once; otherwise it polls, and a state must be read twice. A
 * crash ends the wait early unless crashed is what is awaited; the signal ends it at once.
 */
export async function waitForState(
  manager: TMUXManager,
  agent: AgentRecord,
  condition: WaitCondition,
  options: WaitOptions,
): Promise<PaneState> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  let agreeing = 0;
  let crashReads = 0;
  let last: PaneState | undefined;
  const wake = new Wakeup(options.signal);
  let unsubscribe: (() => void) | undefined;
  try {
    for (;;) {
      if (options.signal?.aborted) throw new OrcError('agent.waitTimeout', 'the wait was cancelled');
      wake.arm();
      [last] = await readPaneStates(manager, [paneQuery(agent)]);
      const hooked = last!.hooks.last !== undefined;
      if (hooked && !unsubscribe) unsubscribe = manager.onHookEvent(() => wake.fire());
      const holds = 'state' in condition ? last!.state === condition.state : condition.text.test(last!.screen);
      // A state a hook reported is exact; one read from the screen may be a frame in between.
      const needed = 'state' in condition && last!.source !== 'hook' ? (options.stableReads ?? 2) : 1;
      agreeing = holds ? agreeing + 1 : 0;
      if (agreeing >= needed) return last!;
      // A dead pane is final; "exited to shell" is read from the foreground process, which a program starting up can
      // briefly hand to a child, so it must be seen twice in a row.
      crashReads = last!.state === 'crashed' ? crashReads + 1 : 0;
      if (crashReads >= (last!.facts.dead ? 1 : 2) && !('state' in condition && condition.state === 'crashed')) {
        throw new OrcError('agent.paneDead', `${agent.target} crashed while waiting (${last!.reason})`, {
          hint: `restart it with: tmux-orc agent restart ${agent.target}`,
        });
      }
      if (Date.now() >= deadline) {
        const what = 'state' in condition ? condition.state : `text ${String(condition.text)}`;
        throw new OrcError(
          'agent.waitTimeout',
          `${agent.target} did not reach ${what} within ${options.timeoutMs} ms (it is ${last!.state}: ${last!.reason})`,
        );
      }
      // Reading again at once after a screen read that agreed: a second read confirms it.
      const pause = agreeing > 0 ? interval : hooked ? HOOKED_POLL_MS : interval;
      await wake.wait(Math.min(pause, Math.max(0, deadline - Date.now())));
    }
  } finally {
    unsubscribe?.();
  }
}

/**
 * A sleep that a hook's event (or the caller's signal) ends early. `arm()` before a read: an event that comes while
 * the read is in flight then ends the next wait at once, so none is missed.
 */
class Wakeup {
  private fired = false;
  private resolve: (() => void) | undefined;

  constructor(private readonly signal?: AbortSignal) {}

  arm(): void {
    this.fired = false;
  }

  fire(): void {
    this.fired = true;
    this.resolve?.();
  }

  wait(ms: number): Promise<void> {
    if (this.fired || this.signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.signal?.removeEventListener('abort', done);
        this.resolve = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.resolve = done;
      this.signal?.addEventListener('abort', done, { once: true });
    });
  }
}

/** Resolves after ms milliseconds, or at once when the signal aborts (the caller checks it after). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
