import type { Detection, Detector } from '../agent-state.js';
import { detectCrash } from './crash.js';
import { hasSpinnerPrefix, noMarker, tailLines } from './screen.js';

// A 429 retry shows while the title still spins, so it is checked before the title.
const API_RETRY = /Retrying in \d+\s*s.*attempt \d+\/\d+/i;
const LIMIT = /usage limit reached|limit reached.*\b(?:resets?|retrying)\b|Request rejected \(429\)/i;
const RETRY_RESET = /Retrying in \d+\s*s\s*\(([^)]+)\)/i;
const RESET = /\bresets?\s+(?:at\s+)?(.+?)[\s.]*$/i;
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
  // A restarted pane keeps the old program's title until the new one sets its own: a blank screen is a start.
  if (tail.length === 0) return noMarker(screen);
  const bottom = tail.slice(-12);

  const retry = bottom.find((line) => API_RETRY.test(line));
  if (retry) {
    // A usage limit retries too, with the reset time in brackets: `Session limit reached · Retrying in 2s (3:40am)`.
    const reset = RETRY_RESET.exec(retry)?.[1];
    return { state: 'rate_limited', reason: LIMIT.test(retry) ? 'usage limit (retrying)' : 'api retry (429)', ...(reset ? { resetAt: reset } : {}) };
  }
  if (hasSpinnerPrefix(facts.title)) return { state: 'busy', reason: 'title spinner' };

  const question = tail.findIndex((line) => QUESTION.test(line));
  if (question >= 0 && tail.slice(question + 1).some((line) => FIRST_OPTION.test(line))) {
    return { state: 'waiting', reason: 'permission prompt' };
  }
  const limitAt = bottom.findLastIndex((line) => LIMIT.test(line));
  if (limitAt >= 0 && !sentSince(bottom, limitAt)) return withReset({ state: 'rate_limited', reason: 'usage limit' }, bottom[limitAt]!);

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

// A message sent after the limit shows as a `❯ text` line of the transcript (not the input box between rules).
function sentSince(lines: string[], at: number): boolean {
  return lines.some((line, i) => i > at && BARE_PROMPT.test(line) && line.trim().length > 1 && !nextToBorder(lines, i));
}

function nextToBorder(lines: string[], i: number): boolean {
  return BORDER.test(lines[i - 1] ?? '') || BORDER.test(lines[i + 1] ?? '');
}

function withReset(detection: Detection, line: string): Detection {
  const reset = RESET.exec(line)?.[1];
  return reset ? { ...detection, resetAt: reset } : detection;
}
