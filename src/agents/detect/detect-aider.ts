import type { Detector } from '../agent-state.js';
import { detectCrash } from './crash.js';
import { noMarker, tailLines } from './screen.js';

const CONFIRM = /\(Y\)es\/\(N\)o|\[(?:Yes|No)\]:$/;
// `> `, `architect> `, `ask> `, `multi> `, possibly followed by text being typed.
const PROMPT = /^[\w-]*>(?:\s|$)/;
const RATE_LIMIT = /RateLimitError/;
const RECENT_SECONDS = 2;

/** Classifies an aider pane: its prompt or a confirm question on the last line, else rate limits and recent output. */
export const detectAider: Detector = (screen, facts) => {
  const crash = detectCrash(facts);
  if (crash) return crash;
  const tail = tailLines(screen);
  const last = tail.at(-1) ?? '';

  if (CONFIRM.test(last)) return { state: 'waiting', reason: 'confirm question' };
  if (PROMPT.test(last)) return { state: 'idle', reason: 'prompt' };
  // A retry after a rate limit ends at the prompt again, so an old error above a prompt is ignored.
  if (tail.slice(-10).some((line) => RATE_LIMIT.test(line))) return { state: 'rate_limited', reason: 'RateLimitError' };
  // Output before the banner is the program loading, not working on a request.
  if (tail.length === 0) return noMarker(screen);
  if (facts.idleSeconds !== undefined && facts.idleSeconds < RECENT_SECONDS) {
    return { state: 'busy', reason: 'recent output' };
  }
  return noMarker(screen);
};
