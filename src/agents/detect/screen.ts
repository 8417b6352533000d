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
  for (let end = screen.length; lines.length < count; ) {
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

/** The verdict when no marker matched: a blank screen is a program still starting, anything else is unknown. */
export function noMarker(screen: string): Detection {
  return tailLines(screen).length === 0
    ? { state: 'starting', reason: 'blank screen' }
    : { state: 'unknown', reason: 'no known marker' };
}
