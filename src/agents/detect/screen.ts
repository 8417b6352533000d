import type { Detection } from '../agent-state.js';

/** How many non-empty lines at the bottom of a screen the detectors read. */
export const TAIL_SIZE = 25;

// capture-pane without -e has no escapes, but callers may pass raw output; markers must still match.
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

/**
 * The last `count` non-empty lines of a captured screen, escapes stripped and right-trimmed. It walks up from the
 * bottom and stops at `count`, and remembers its last answer (a detector asks for the same screen more than once):
 * a status batch runs it on a hundred full screens.
 */
export function tailLines(screen: string, count = TAIL_SIZE): string[] {
  if (screen === last.screen && count === last.count) return [...last.lines];
  const lines: string[] = [];
  for (let end = screen.length; lines.length < count;) {
    const start = end > 0 ? screen.lastIndexOf('\n', end - 1) : -1;
    let line = screen.slice(start + 1, end);
    if (line.includes('\x1b')) line = line.replace(ANSI, '');
    line = line.trimEnd();
    if (line.trim() !== '') lines.push(line);
    if (start < 0) break;
    end = start;
  }
  lines.reverse();
  last = { screen, count, lines };
  return [...lines];
}

let last: { screen: string; count: number; lines: string[] } = { screen: '', count: 0, lines: [] };

/** Whether a title starts with a braille spinner frame (U+2800–U+28FF), which the CLIs show while working. */
export function hasSpinnerPrefix(title: string): boolean {
  return /^\s*[\u2800-\u28FF]/.test(title);
}

// What a program prints before it draws its screen: its own warnings (`Warning: …`, `WARNING: …`, `[WARN] …`) and
// Node's (`(node:123) [DEP0040] DeprecationWarning: …`, `(Use \`node --trace-warnings …\` …)`).
const STARTUP_WARNING = /^(?:warning\b|\[warn(?:ing)?\]|\(node:\d+\) |\(Use `node --trace-)/i;
// A line at least this long probably reached the pane's edge, so the line after it may continue it: if that one starts
// as text does (a letter, a digit, ASCII punctuation), not with a glyph of an interface (`›`, `❯`, `│`, `─`, a space).
const WRAPPED = 60;
const TEXT_START = /^[\w"'`(/.,:;-]/;
// More than this is output, not a warning or two before the interface.
const MAX_WARNING_LINES = 8;

/**
 * The verdict for a program that has not drawn its interface yet: a blank screen, or one that holds only warnings
 * printed before it (Claude Code's unknown flag, Codex's PATH aliases, Node's extra CA certificates). Read before
 * the title: Claude Code sets `✳ Claude Code` while only its warning is on screen. Undefined once anything else shows.
 */
export function beforeInterface(lines: string[]): Detection | undefined {
  if (lines.length === 0) return { state: 'starting', reason: 'blank screen' };
  if (onlyWarnings(lines)) return { state: 'starting', reason: 'warning before the interface' };
  return undefined;
}

function onlyWarnings(lines: string[]): boolean {
  if (lines.length > MAX_WARNING_LINES || !STARTUP_WARNING.test(lines[0]!)) return false;
  const wrapped = (line: string, i: number) => lines[i - 1]!.length >= WRAPPED && TEXT_START.test(line);
  return lines.every((line, i) => STARTUP_WARNING.test(line) || wrapped(line, i));
}

/** The verdict when no marker matched: a program still starting (see {@link beforeInterface}), else unknown. */
export function noMarker(screen: string): Detection {
  return beforeInterface(tailLines(screen)) ?? { state: 'unknown', reason: 'no known marker' };
}

// Trailing characters a reset time is cut from: spaces, a full stop, the edge of a dialog box.
const TRAILING = new Set([' ', '\t', '.', '│']);

/**
 * The rest of `line` after the first match of `prefix`, without trailing spaces, dots and box edges: how the
 * detectors read a reset time (`Access resets at 3:00 PM UTC.   │` gives `3:00 PM UTC`). Trimmed by a loop, not a
 * regular expression, so a hostile line cannot make it slow.
 */
export function textAfter(line: string, prefix: RegExp): string | undefined {
  const match = prefix.exec(line);
  if (!match) return undefined;
  const start = match.index + match[0].length;
  let end = line.length;
  while (end > start && TRAILING.has(line[end - 1]!)) end--;
  return end > start ? line.slice(start, end) : undefined;
}
