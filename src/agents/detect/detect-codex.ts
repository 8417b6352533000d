import type { Detection, Detector } from '../agent-state.js';
import { detectCrash } from './crash.js';
import { beforeInterface, hasSpinnerPrefix, noMarker, tailLines } from './screen.js';

const QUESTION = /Would you like to (?:run the following command|make the following edits|apply)/;
const FIRST_OPTION = /^\s*›\s*1\.\s/;
// 0.171 writes a typographic apostrophe ("You’ve").
const USAGE_LIMIT = /■\s*(?:Quota exceeded|You['’]ve hit your usage limit)/i;
// A 429 that outlasts the provider's retries ends the turn too; so does a rate limit met inside the stream, once its
// retries are used up: `■ rate limit exceeded: … Please try again in 2s.`, read as two tests, not `rate limit.*try
// again`, which a hostile line could make slow.
const RETRIES_EXCEEDED = /■\s*exceeded retry limit, last status: 429/i;
const RATE_LIMIT = /\brate limit\b/i;
const TRY_AGAIN = /\btry again\b/i;
const RESET = /try again (?:at|in)\s+(.+?)(?:\.\s|\.?$)/i;
// The limit message is long and wraps; its continuation lines start with no marker glyph.
const CONTINUATION = /^\s*[^\s›■•]/;
// A failed stream that Codex retries, under the title spinner: `• Reconnecting... 2/5 (2s • esc to interrupt)`, then
// the error on `  └ …` lines below it.
const RECONNECTING = /^\W{0,3}\s*Reconnecting\.{3}\s+\d+\/\d+/;
const DETAIL = /^\s+(?!›)\S/;
const RATE_LIMITED = /rate limit|\b429\b|too many requests|quota|usage limit/i;
const OVERLOADED = /\b(?:503|529)\b|overloaded|service unavailable|at capacity/i;
const WORKING = /esc to interrupt|^\W{0,3}\s*Working\b/;
// The composer line; an option line of a dialog (`› 1. Yes`) is not a prompt.
const PROMPT = /^›(?!\s*\d+\.)(?:\s|$)/;

/**
 * Classifies a Codex CLI pane (0.171): what shows before its screen is drawn, then the title (`[ . ] Action
 * Required` while an approval waits), a retry of a rate-limited or overloaded stream (under the title spinner), the
 * spinner, the approval dialog, a limit not yet followed by another message, and the composer.
 */
export const detectCodex: Detector = (screen, facts) => {
  const crash = detectCrash(facts);
  if (crash) return crash;
  const tail = tailLines(screen);
  // A restarted pane keeps the old program's title until the new one sets its own: a blank screen is a start.
  const early = beforeInterface(tail);
  if (early) return early;
  if (/Action Required/i.test(facts.title)) return { state: 'waiting', reason: 'title action required' };
  const retry = reconnecting(tail.slice(-12));
  if (retry) return retry;
  if (hasSpinnerPrefix(facts.title)) return { state: 'busy', reason: 'title spinner' };

  const question = tail.findIndex((line) => QUESTION.test(line));
  if (question >= 0 && tail.slice(question + 1).some((line) => FIRST_OPTION.test(line))) {
    return { state: 'waiting', reason: 'approval prompt' };
  }
  const limit = lastLimit(tail);
  if (limit && !answeredSince(tail, limit.at)) {
    return withReset({ state: 'rate_limited', reason: limit.reason }, limit.text);
  }
  if (tail.some((line) => !PROMPT.test(line) && WORKING.test(line))) return { state: 'busy', reason: 'working line' };
  if (tail.slice(-6).some((line) => PROMPT.test(line))) return { state: 'idle', reason: 'composer prompt' };
  return noMarker(screen);
};

// The last `Reconnecting... n/m` line, when the error under it is a rate limit or an overload (a dropped connection
// is retried too, and stays busy).
function reconnecting(lines: string[]): Detection | undefined {
  const at = lines.findLastIndex((line) => RECONNECTING.test(line));
  if (at < 0) return undefined;
  const rest = lines.slice(at + 1, at + 4);
  const end = rest.findIndex((line) => !DETAIL.test(line));
  const detail = rest.slice(0, end < 0 ? rest.length : end).join(' ');
  if (RATE_LIMITED.test(detail)) {
    return withReset({ state: 'rate_limited', reason: 'reconnecting (rate limit)' }, detail);
  }
  if (OVERLOADED.test(detail)) return { state: 'rate_limited', reason: 'reconnecting (overloaded)' };
  return undefined;
}

// The last limit message among the bottom lines, read with its wrapped continuation.
function lastLimit(lines: string[]): { at: number; text: string; reason: string } | undefined {
  for (let at = lines.length - 1; at >= Math.max(0, lines.length - 12); at--) {
    if (!lines[at]!.includes('■')) continue;
    const text = joinWrapped(lines, at);
    if (USAGE_LIMIT.test(text)) return { at, text, reason: 'usage limit' };
    const rateLimit = RETRIES_EXCEEDED.test(text) || (RATE_LIMIT.test(text) && TRY_AGAIN.test(text));
    if (rateLimit) return { at, text, reason: 'rate limit' };
  }
  return undefined;
}

// The transcript shows each sent message as a `›` line; one below the limit line (other than the composer, the
// last `›` line) means a message went out after the limit, so the limit is history.
function answeredSince(lines: string[], limit: number): boolean {
  const prompts = lines.map((line, i) => (PROMPT.test(line) ? i : -1)).filter((i) => i > limit);
  return prompts.length > 1;
}

function joinWrapped(lines: string[], start: number): string {
  const rest = lines.slice(start + 1, start + 3);
  const more = rest.findIndex((line) => !CONTINUATION.test(line));
  return [lines[start], ...rest.slice(0, more < 0 ? rest.length : more)].join(' ');
}

function withReset(detection: Detection, line: string): Detection {
  const reset = RESET.exec(line)?.[1];
  return reset ? { ...detection, resetAt: reset } : detection;
}
