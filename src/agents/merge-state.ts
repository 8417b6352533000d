import type { Detection, PaneFacts } from './agent-state.js';
import type { HookFacts } from './hook-events.js';

/** Where a state came from: the CLI's own hook, the screen detectors, or tmux's facts about the pane. */
export type StateSource = 'hook' | 'screen' | 'pane';

/** A detection with its source. */
export interface SourcedDetection extends Detection {
  source: StateSource;
}

/** A permission hook fires a moment before its dialog is drawn; until then the screen cannot confirm it. */
const DIALOG_GRACE_MS = 1500;
/** A turn the user interrupted fires no Stop: once the screen has shown idle for this long, it wins. */
const STALE_BUSY_MS = 3000;
const LIMIT = /\b429\b|rate.?limit|quota|usage limit|resource.?exhausted|too many requests|overloaded/i;

/**
 * The state of an agent from the best source: the pane decides crashes (dead, or back at its shell); the CLI's own
 * hook decides where it speaks (prompt or tool: busy; permission: waiting; stop: idle; an error: rate_limited or
 * idle); the screen stays the fallback (no hooks, no event yet) and corrects what hooks cannot see: a retried 429 or
 * a dialog while busy, a permission prompt already answered, a turn interrupted without a Stop.
 * @example mergeState(screenDetection, { last: { event: 'stop', seq: 4 }, events }, facts, Date.now())
 */
export function mergeState(
  screen: Detection,
  hooks: HookFacts | undefined,
  facts: PaneFacts,
  now: number,
): SourcedDetection {
  if (screen.state === 'crashed') return { ...screen, source: 'pane' };
  const last = hooks?.last;
  const record = last ? hooks!.events[last.event] : undefined;
  if (!last || !record) return { ...screen, source: 'screen' };
  const age = now - record.at;
  const fromScreen = { ...screen, source: 'screen' as const };
  switch (last.event) {
    case 'prompt':
    case 'tool':
    case 'compact':
      // Hooks do not see a 429 being retried or a dialog they have no event for; nor a turn interrupted by Esc.
      if (screen.state === 'rate_limited' || screen.state === 'waiting') return fromScreen;
      if (screen.state === 'idle' && age > STALE_BUSY_MS && (facts.idleSeconds ?? 0) * 1000 > STALE_BUSY_MS)
        return fromScreen;
      return {
        state: 'busy',
        reason: `hook: ${last.event}${record.detail ? ` ${record.detail}` : ''}`,
        source: 'hook',
      };
    case 'permission':
      if (screen.state === 'waiting' || age < DIALOG_GRACE_MS) {
        return {
          state: 'waiting',
          reason: `hook: permission${record.detail ? ` for ${record.detail}` : ''}`,
          source: 'hook',
          dialog: true,
        };
      }
      // The prompt was answered (the screen shows no dialog any more) and no event has come since.
      return fromScreen;
    case 'stop':
      if (screen.state === 'rate_limited' || screen.state === 'waiting') return fromScreen;
      // A CLI that reports no prompts (Codex's notify alone) leaves its last stop in place while a new turn runs.
      if (hooks!.reports && !hooks!.reports.includes('prompt') && screen.state === 'busy') return fromScreen;
      return { state: 'idle', reason: 'hook: stop', source: 'hook' };
    case 'error':
      if (LIMIT.test(record.detail)) {
        const resetAt = screen.resetAt;
        return {
          state: 'rate_limited',
          reason: `hook: error ${record.detail}`.slice(0, 200),
          source: 'hook',
          ...(resetAt ? { resetAt } : {}),
        };
      }
      return screen.state === 'busy'
        ? fromScreen
        : { state: 'idle', reason: `hook: error ${record.detail}`.slice(0, 200), source: 'hook' };
    default:
      // session, end: no state of their own.
      return fromScreen;
  }
}
