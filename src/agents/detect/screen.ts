import type { Detection } from '../agent-state.js';

/** How many non-empty lines at the bottom of a screen the detectors read. */
export const TAIL_SIZE = 25;

// capture-pane without -e has no escapes, but callers may pass raw output; markers must still match.
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

/** The last `count` non-empty lines of a captured screen, escapes stripped and right-trimmed. */
export function tailLines(screen: string, count = TAIL_SIZE): string[] {
  const lines = screen
    .replace(ANSI, '')
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
  return lines.slice(-count);
}

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
