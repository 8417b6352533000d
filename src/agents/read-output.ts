import { createHash } from 'node:crypto';
import { OrcError } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import type { AgentRecord } from './agent-record.js';

/** What `agent read` returns. */
export interface OutputRead {
  target: string;
  text: string;
  lines: number;
  /** Pass back as `since` to get only what is new. */
  cursor: string;
  /** True when the earlier cursor could not be found (the screen was redrawn or history dropped): text is the tail. */
  gap?: boolean;
}

interface Cursor {
  n: number;
  a: string;
}

/**
 * Reads the tail of a pane (history and screen, wrapped lines joined), or only the lines that came after an
 * earlier read's cursor. The cursor holds the line count and a hash of the last lines then, so it still works
 * after tmux drops old history; when it cannot be placed the tail is returned with `gap: true`.
 */
export async function readOutput(manager: TMUXManager, agent: AgentRecord, options: { lines?: number; since?: string } = {}): Promise<OutputRead> {
  const max = options.lines ?? 50;
  const previous = options.since === undefined ? undefined : decodeCursor(options.since);
  const captured = await manager.run(['capture-pane', '-p', '-J', '-t', agent.paneId, '-S', previous ? '-' : String(-max)], agent.target);
  const all = trimEnd(captured);
  let fresh: string[];
  let gap = false;
  if (!previous) fresh = all.slice(-max);
  else {
    const at = locate(all, previous);
    if (at === undefined) {
      gap = true;
      fresh = all.slice(-max);
    } else fresh = all.slice(at);
  }
  return { target: agent.target, text: fresh.join('\n'), lines: fresh.length, cursor: encodeCursor(all), ...(gap ? { gap } : {}) };
}

function locate(lines: string[], cursor: Cursor): number | undefined {
  if (cursor.n <= lines.length && anchor(lines, cursor.n) === cursor.a) return cursor.n;
  for (let end = lines.length; end > 0; end--) if (anchor(lines, end) === cursor.a) return end;
  return cursor.n === 0 ? 0 : undefined;
}

function anchor(lines: string[], end: number): string {
  const tail = lines.slice(Math.max(0, end - 3), end).join('\n');
  return createHash('sha1').update(tail).digest('base64url').slice(0, 12);
}

function encodeCursor(lines: string[]): string {
  return Buffer.from(JSON.stringify({ n: lines.length, a: anchor(lines, lines.length) } satisfies Cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.n === 'number' && typeof c.a === 'string') return c;
  } catch {
    // fall through to the error
  }
  throw new OrcError('usage.invalid', `--since: not a cursor from an earlier read: ${JSON.stringify(text.slice(0, 40))}`);
}

function trimEnd(lines: string[]): string[] {
  const out = [...lines];
  while (out.length > 0 && out[out.length - 1]!.trim() === '') out.pop();
  return out;
}
