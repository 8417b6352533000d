import type { Detection, Detector } from '../agent-state.js';
import { detectCrash } from './crash.js';
import { hasSpinnerPrefix, noMarker, tailLines } from './screen.js';

const QUESTION = /Would you like to (?:run the following command|make the following edits|apply)/;
const FIRST_OPTION = /^\s*›\s*1\.\s/;
// 0.171 writes a typographic apostrophe ("You’ve"); a 429 that outlasts the provider's retries ends the turn too.
const LIMIT = /■\s*(?:Quota exceeded|You['’]ve hit your usage limit|exceeded retry limit, last status: 429)|\brate limit\b.*\btry again\b/i;
const RESET = /try again (?:at|in)\s+(.+?)(?:\.\s|\.?$)/i;
// The limit message is long and wraps; its continuation lines start with no marker glyph.
const CONTINUATION = /^\s*[^\s›■•]/;
const WORKING = /esc to interrupt|^\W{0,3}\s*Working\b/;
// The composer line; an option line of a dialog (`› 1. Yes`) is not a prompt.
const PROMPT = /^›(?!\s*\d+\.)(?:\s|$)/;

/**
 * Classifies a Codex CLI pane (0.171): the title first (a spinner while working, `[ . ] Action Required` while an
 * approval waits), then the approval dialog, a usage limit not yet followed by another message, and the composer.
 */
export const detectCodex: Detector = (screen, facts) => {
  const crash = detectCrash(facts);
  if (crash) return crash;
  const tail = tailLines(screen);
  // A restarted pane keeps the old program's title until the new one sets its own: a blank screen is a start.
  if (tail.length === 0) return noMarker(screen);
  if (/Action Required/i.test(facts.title)) return { state: 'waiting', reason: 'title action required' };
  if (hasSpinnerPrefix(facts.title)) return { state: 'busy', reason: 'title spinner' };

  const question = tail.findIndex((line) => QUESTION.test(line));
  if (question >= 0 && tail.slice(question + 1).some((line) => FIRST_OPTION.test(line))) {
    return { state: 'waiting', reason: 'approval prompt' };
  }
  const limit = tail.findLastIndex((line, i) => i >= tail.length - 12 && LIMIT.test(line));
  if (limit >= 0 && !answeredSince(tail, limit)) return withReset({ state: 'rate_limited', reason: 'usage limit' }, joinWrapped(tail, limit));
  if (tail.some((line) => !PROMPT.test(line) && WORKING.test(line))) return { state: 'busy', reason: 'working line' };
  if (tail.slice(-6).some((line) => PROMPT.test(line))) return { state: 'idle', reason: 'composer prompt' };
  return noMarker(screen);
};

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
