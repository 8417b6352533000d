import { createHash } from 'node:crypto';
import { OrcError } from '../errors.js';

/** An earlier read's position, as its cursor holds it. */
export interface Cursor {
  /** How many lines the earlier read saw. */
  n: number;
  /** Short hashes of its last lines, oldest first. */
  t: string[];
}

/** Lines of the earlier read's tail kept in the cursor. */
const TAIL = 12;

/**
 * Where the new lines are, given an earlier read's tail: at the same place when that tail is still there. Else an
 * agent TUI has drawn them above its input box and footer, which reappear unchanged at the bottom, and may have
 * redrawn a full screen in place (old lines leave the top without reaching history): the new lines are those
 * between the last lines that were above the unchanged bottom then and that bottom now.
 */
export function locate(lines: string[], cursor: Cursor): { start: number; end: number } | undefined {
  const old = cursor.t;
  if (cursor.n === 0 || old.length === 0) return { start: 0, end: lines.length };
  const hashes = lines.map(lineHash);
  const at = (end: number, tail: readonly string[]) => end >= tail.length && tail.every((h, i) => hashes[end - tail.length + i] === h);
  if (cursor.n <= lines.length && at(cursor.n, old)) return { start: cursor.n, end: lines.length };
  let same = 0;
  while (same < old.length - 1 && same < hashes.length && old[old.length - 1 - same] === hashes[hashes.length - 1 - same]) same++;
  const before = old.slice(0, old.length - same);
  for (let k = before.length; k >= Math.min(2, before.length); k--) {
    const block = before.slice(-k);
    // Blank lines alone match anywhere.
    if (block.every((h) => h === BLANK)) continue;
    for (let end = lines.length - same; end >= k; end--) if (at(end, block)) return { start: end, end: lines.length - same };
  }
  return undefined;
}

// Trailing spaces depend on how the terminal cells were last written, not on the text.
function lineHash(line: string): string {
  return createHash('sha1').update(line.trimEnd()).digest('base64url').slice(0, 8);
}

const BLANK = lineHash('');

/** The cursor of a read that saw these lines. */
export function encodeCursor(lines: string[]): string {
  return Buffer.from(JSON.stringify({ n: lines.length, t: lines.slice(-TAIL).map(lineHash) } satisfies Cursor)).toString('base64url');
}

/** Parses a cursor from an earlier read; usage.invalid when it is not one. */
export function decodeCursor(text: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (Number.isInteger(c.n) && c.n >= 0 && Array.isArray(c.t) && c.t.every((h) => typeof h === 'string')) return c;
  } catch {
    // fall through to the error
  }
  throw new OrcError('usage.invalid', `--since: not a cursor from an earlier read: ${JSON.stringify(text.slice(0, 40))}`);
}
