import type { TMUXManager } from '../manager/tmux-manager.js';
import { capturePane } from '../tmux/tmux-commands.js';
import type { AgentRecord } from './agent-record.js';
import { kindProfile } from './kind-profiles.js';
import { decodeCursor, encodeCursor, locate } from './output-cursor.js';

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

/**
 * Reads the tail of a pane (history and screen, wrapped lines joined), or only the lines that came after an
 * earlier read's cursor. The cursor holds the line count and hashes of the last lines then, so it still works
 * after tmux drops old history and when a TUI draws new lines above its input box; when it cannot be placed the
 * tail is returned with `gap: true`.
 */
export async function readOutput(
  manager: TMUXManager,
  agent: AgentRecord,
  options: { lines?: number; since?: string } = {},
): Promise<OutputRead> {
  const max = options.lines ?? 50;
  const previous = options.since === undefined ? undefined : decodeCursor(options.since);
  // All of the history, also without a cursor: the cursor's line count must count from where a --since read
  // starts, the top of the history (counting from -max lines up put it at another line once history was longer).
  const captured = await manager.run(capturePane(agent.paneId, { join: true, start: '-' }), agent.target);
  const all = trimEnd(captured);
  let fresh: string[];
  let gap = false;
  if (!previous) fresh = all.slice(-max);
  else {
    const found = locate(all, previous, { appendsOutput: kindProfile(agent.kind).appendsOutput === true });
    if (found === undefined) {
      gap = true;
      fresh = all.slice(-max);
    } else fresh = all.slice(found.start, found.end);
  }
  return {
    target: agent.target,
    text: fresh.join('\n'),
    lines: fresh.length,
    cursor: encodeCursor(all),
    ...(gap ? { gap } : {}),
  };
}

function trimEnd(lines: string[]): string[] {
  const out = [...lines];
  while (out.length > 0 && out[out.length - 1]!.trim() === '') out.pop();
  return out;
}
