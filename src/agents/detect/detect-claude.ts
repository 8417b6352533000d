import type { Detection, Detector } from '../agent-state.js';
import { detectCrash } from './crash.js';
import { beforeInterface, hasSpinnerPrefix, noMarker, tailLines, textAfter } from './screen.js';

// A retried API error (a 429, and a 503 or 529 alike: the line does not say which) shows while the title still
// spins, so it is checked before the title. Each pattern is tested on its own, never `a.*b`, which a hostile line
// could make slow.
const RETRYING = /Retrying in \d+\s*s\b/i;
const ATTEMPT = /\battempt \d+\/\d+/i;
const LIMIT = /usage limit reached|Request rejected \(429\)/i;
const LIMIT_REACHED = /limit reached/i;
const LIMIT_THEN = /\b(?:resets?|retrying)\b/i;
// Bounded, so that a line of unclosed brackets cannot make it slow.
const RETRY_RESET = /Retrying in \d+\s*s\s*\(([^)]{1,40})\)/i;
const RESET = /\bresets?\s+(?:at\s+)?/i;
const QUESTION = /Do you want to (?:proceed|make this edit|create)/;
const FIRST_OPTION = /(?:^|\s)(?:❯\s*)?1\.\s+Yes\b/;
const SHORTCUTS = /\? for shortcuts/;
const BOX_PROMPT = /^│\s*[>❯](?:\s|$)/;
const BARE_PROMPT = /^[>❯](?:\s|$)/;
const BORDER = /^\s*[╭╰]?─{3,}/;

// Lines the user typed must not count as status text (a box holding "esc to interrupt" is not busy).
const isInputLine = (line: string) => /^\s*[│>❯]/.test(line);

/** Classifies a Claude Code pane (2.1.x): title spinner, permission dialog, usage limit, input box. */
export const detectClaude: Detector = (screen, facts) => {
  const crash = detectCrash(facts);
  if (crash) return crash;
  const tail = tailLines(screen);
  // A restarted pane keeps the old program's title until the new one sets its own: a blank screen is a start; so is
  // a warning printed before the interface, under the `✳ Claude Code` title already set.
  const early = beforeInterface(tail);
  if (early) return early;
  const bottom = tail.slice(-12);

  const retry = bottom.find((line) => RETRYING.test(line) && ATTEMPT.test(line));
  if (retry) {
    // A usage limit retries too, with the reset time in brackets: `Session limit reached · Retrying in 2s (3:40am)`.
    // The countdown of a plain retry is when Claude tries again, not when a limit resets: it is not a reset time.
    const reset = RETRY_RESET.exec(retry)?.[1];
    const reason = isLimit(retry) ? 'usage limit (retrying)' : 'api retry';
    return { state: 'rate_limited', reason, ...(reset ? { resetAt: reset } : {}) };
  }
  if (hasSpinnerPrefix(facts.title)) return { state: 'busy', reason: 'title spinner' };

  const question = tail.findIndex((line) => QUESTION.test(line));
  if (question >= 0 && tail.slice(question + 1).some((line) => FIRST_OPTION.test(line))) {
    return { state: 'waiting', reason: 'permission prompt' };
  }
  const limitAt = bottom.findLastIndex(isLimit);
  if (limitAt >= 0 && !sentSince(bottom, limitAt))
    return withReset({ state: 'rate_limited', reason: 'usage limit' }, bottom[limitAt]!);

  if (facts.title.trimStart().startsWith('✳')) return { state: 'idle', reason: 'title idle marker' };
  if (tail.some((line) => !isInputLine(line) && line.includes('esc to interrupt'))) {
    return { state: 'busy', reason: 'esc to interrupt' };
  }
  if (tail.some((line) => SHORTCUTS.test(line))) return { state: 'idle', reason: 'shortcuts footer' };
  if (tail.some((line, i) => BOX_PROMPT.test(line) || (BARE_PROMPT.test(line) && nextToBorder(tail, i)))) {
    return { state: 'idle', reason: 'input box' };
  }
  return noMarker(screen);
};

function isLimit(line: string): boolean {
  return LIMIT.test(line) || (LIMIT_REACHED.test(line) && LIMIT_THEN.test(line));
}

// A message sent after the limit shows as a `❯ text` line of the transcript (not the input box between rules).
function sentSince(lines: string[], at: number): boolean {
  return lines.some((line, i) => i > at && BARE_PROMPT.test(line) && line.trim().length > 1 && !nextToBorder(lines, i));
}

function nextToBorder(lines: string[], i: number): boolean {
  return BORDER.test(lines[i - 1] ?? '') || BORDER.test(lines[i + 1] ?? '');
}

function withReset(detection: Detection, line: string): Detection {
  const reset = textAfter(line, RESET);
  return reset ? { ...detection, resetAt: reset } : detection;
}
