import { createHash } from 'node:crypto';
import { OrcError } from '../errors.js';

/** An earlier read's position, as its cursor holds it. */
export interface Cursor {
  /** How many lines the earlier read saw. */
  n: number;
  /** Short hashes of its last lines (at most TAIL), oldest first. */
  t: string[];
  /** The length of its last line without trailing spaces (absent from cursors of older versions). */
  w?: number;
}

/** Where the new lines are in the lines read now: `lines.slice(start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** Lines of the earlier read's tail kept in the cursor. */
const TAIL = 12;

/** The longest cursor accepted: ours are under 250 characters (12 hashes of 8 and two counts). */
export const MAX_CURSOR_LENGTH = 1024;

const HASH = /^[A-Za-z0-9_-]{8}$/;

/**
 * Where the new lines are, given an earlier read's tail; undefined when it cannot be told. Output appended below
 * (a program, a shell) is tried first, then, unless the pane only appends (`appendsOutput`, a shell), a TUI drawing
 * above its unchanged input box. Linear in the lines, whatever the cursor holds: only its last TAIL hashes count.
 */
export function locate(
  lines: readonly string[],
  cursor: Cursor,
  options: { appendsOutput?: boolean } = {},
): Span | undefined {
  const old = cursor.t.slice(-TAIL);
  if (cursor.n === 0 || old.length === 0) return { start: 0, end: lines.length };
  const hashes = lines.map(lineHash);
  const appended = appendedBelow(lines, hashes, cursor, old);
  return appended ?? (options.appendsOutput ? undefined : drawnAboveBottom(hashes, old));
}

/**
 * Output appended below the earlier tail: the tail's lines but its last are still there, just above where the
 * last one was. That line counts as new if it changed since (a shell prompt typed into, a progress line redrawn):
 * it holds the cursor. The place is line n-1 unless tmux has dropped old history since, which moves it up (and may
 * have dropped the top of those lines too: what is left of them is then the first lines); the latest place is
 * taken, so output that repeats itself can only leave out new lines, never add old ones. With no line above to
 * prove the place (a one-line pane, or blank lines only), the last line must be where it was, unchanged or with
 * text added after it (a prompt typed into).
 */
function appendedBelow(
  lines: readonly string[],
  hashes: readonly string[],
  cursor: Cursor,
  old: readonly string[],
): Span | undefined {
  const last = old[old.length - 1];
  const above = old.slice(0, -1);
  for (let at = Math.min(cursor.n - 1, hashes.length); at >= 0; at--) {
    const kept = matchedAbove(hashes, at, above);
    // All of those lines, or what the top of the history left of them (two at least).
    if (kept < above.length && !(kept === at && kept >= 2)) continue;
    const same = hashes[at] === last;
    const proven = hashes.slice(at - kept, at).some((h) => h !== BLANK);
    const extended =
      !same && cursor.w !== undefined && at < lines.length && lineHash(lines[at]!.slice(0, cursor.w)) === last;
    if (proven || (at === cursor.n - 1 && (same || extended))) return { start: same ? at + 1 : at, end: hashes.length };
  }
  return undefined;
}

/** How many of run's last lines are the lines just before index end. */
function matchedAbove(hashes: readonly string[], end: number, run: readonly string[]): number {
  let k = 0;
  while (k < run.length && k < end && hashes[end - 1 - k] === run[run.length - 1 - k]) k++;
  return k;
}

/**
 * An agent TUI has drawn the new lines above its input box and footer, which reappear unchanged at the bottom, and
 * may have redrawn a full screen in place (old lines leave the top without reaching history): the new lines are
 * those between the last lines that were above the unchanged bottom then and that bottom now. The longest run of
 * those lines wins, at its latest place; one pass over the lines finds the latest place of every run length.
 */
function drawnAboveBottom(hashes: readonly string[], old: readonly string[]): Span | undefined {
  let same = 0;
  const bottomSame = () => old[old.length - 1 - same] === hashes[hashes.length - 1 - same];
  while (same < old.length - 1 && same < hashes.length && bottomSame()) same++;
  const before = old.slice(0, old.length - same);
  const bottom = hashes.length - same;
  // latest[k]: the latest end at which the last k lines of before are found.
  const latest: number[] = [];
  for (let end = bottom; end >= 1 && latest[before.length] === undefined; end--) {
    const k = matchedAbove(hashes, end, before);
    for (let j = k; j >= 1 && latest[j] === undefined; j--) latest[j] = end;
  }
  for (let k = before.length; k >= Math.min(2, before.length); k--) {
    // Blank lines alone match anywhere.
    if (latest[k] === undefined || before.slice(-k).every((h) => h === BLANK)) continue;
    return { start: latest[k], end: bottom };
  }
  return undefined;
}

// Trailing spaces depend on how the terminal cells were last written, not on the text.
function lineHash(line: string): string {
  return createHash('sha1').update(line.trimEnd()).digest('base64url').slice(0, 8);
}

const BLANK = lineHash('');

/** The cursor of a read that saw these lines. */
export function encodeCursor(lines: readonly string[]): string {
  const cursor: Cursor = { n: lines.length, t: lines.slice(-TAIL).map(lineHash) };
  if (lines.length > 0) cursor.w = lines[lines.length - 1]!.trimEnd().length;
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/**
 * Parses a cursor from an earlier read. Anything else is usage.invalid: longer than MAX_CURSOR_LENGTH, not
 * base64url JSON, or not a line count with the hashes of its last min(n, 12) lines, 8 base64url characters each
 * (and the last line's length).
 */
export function decodeCursor(text: string): Cursor {
  if (text.length <= MAX_CURSOR_LENGTH && /^[A-Za-z0-9_-]+$/.test(text)) {
    try {
      const { n, t, w } = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
      const counts = Number.isSafeInteger(n) && n! >= 0 && (w === undefined || (Number.isSafeInteger(w) && w >= 0));
      const ours =
        Array.isArray(t) && t.length === Math.min(n!, TAIL) && t.every((h) => typeof h === 'string' && HASH.test(h));
      if (counts && ours) {
        return { n: n!, t, ...(w === undefined ? {} : { w }) };
      }
    } catch {
      // fall through to the error
    }
  }
  const shown = JSON.stringify(text.slice(0, 40)) + (text.length > 40 ? `... (${text.length} characters)` : '');
  throw new OrcError(
    'usage.invalid',
    `--since: not a cursor from an earlier read (those are base64url, at most ` +
      `${MAX_CURSOR_LENGTH} characters): ${shown}`,
  );
}
