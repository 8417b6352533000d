import type { Detection, Detector } from '../agent-state.js';
import { detectCrash } from './crash.js';
import { hasSpinnerPrefix, noMarker, tailLines } from './screen.js';

// A 429 retry shows while the title still spins, so it is checked before the title.
const API_RETRY = /Retrying in \d+\s*s.*attempt \d+\/\d+/i;
const LIMIT = /usage limit reached|limit reached.*\bresets?\b|Request rejected \(429\)/i;
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
  const bottom = tail.slice(-12);

  if (bottom.some((line) => API_RETRY.test(line))) return { state: 'rate_limited', reason: 'api retry (429)' };
  if (hasSpinnerPrefix(facts.title)) return { state: 'busy', reason: 'title spinner' };

  const question = tail.findIndex((line) => QUESTION.test(line));
  if (question >= 0 && tail.slice(question + 1).some((line) => FIRST_OPTION.test(line))) {
    return { state: 'waiting', reason: 'permission prompt' };
  }
  const limit = bottom.find((line) => LIMIT.test(line));
  if (limit) return withReset({ state: 'rate_limited', reason: 'usage limit' }, limit);

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

function nextToBorder(lines: string[], i: number): boolean {
  return BORDER.test(lines[i - 1] ?? '') || BORDER.test(lines[i + 1] ?? '');
}

function withReset(detection: Detection, line: string): Detection {
  const reset = RESET.exec(line)?.[1];
  return reset ? { ...detection, resetAt: reset } : detection;
}
