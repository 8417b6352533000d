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
  throw new OrcError('usage.invalid',
    `--until must be idle, busy, waiting, crashed, rate_limited or text:<regex>, got ${shown}`);
}

/** Options for {@link waitForState}. */
export interface WaitOptions {
  timeoutMs: number;
  /** Poll interval; the pane is read again as soon as it is due (default 100 ms). */
  intervalMs?: number;
  /** How many consecutive reads must agree, so a flicker between frames does not count (default 2). */
  stableReads?: number;
  signal?: AbortSignal;
}

/**
 * Waits until the agent's pane shows a state (or text). Each read is one pipelined round trip on the control
 * connection; a crash ends the wait early unless crashed is what is awaited.
 */
export async function waitForState(manager: TMUXManager, agent: AgentRecord, condition: WaitCondition, options: WaitOptions): Promise<PaneState> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 100;
  const needed = 'state' in condition ? options.stableReads ?? 2 : 1;
  let agreeing = 0;
  let crashReads = 0;
  let last: PaneState | undefined;
  for (;;) {
    if (options.signal?.aborted) throw new OrcError('agent.waitTimeout', 'the wait was cancelled');
    [last] = await readPaneStates(manager, [paneQuery(agent)]);
    const holds = 'state' in condition ? last!.state === condition.state : condition.text.test(last!.screen);
    agreeing = holds ? agreeing + 1 : 0;
    if (agreeing >= needed) return last!;
    // A dead pane is final; "exited to shell" is read from the foreground process, which a program starting up can
    // briefly hand to a child, so it must be seen twice in a row.
    crashReads = last!.state === 'crashed' ? crashReads + 1 : 0;
    if (crashReads >= (last!.facts.dead ? 1 : 2) && !('state' in condition && condition.state === 'crashed')) {
      throw new OrcError('agent.paneDead', `${agent.target} crashed while waiting (${last!.reason})`, { hint: `restart it with: tmux-orc agent restart ${agent.target}` });
    }
    if (Date.now() >= deadline) {
      const what = 'state' in condition ? condition.state : `text ${String(condition.text)}`;
      throw new OrcError('agent.waitTimeout', `${agent.target} did not reach ${what} within ${options.timeoutMs} ms (it is ${last!.state}: ${last!.reason})`);
    }
    await sleep(interval, options.signal);
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
