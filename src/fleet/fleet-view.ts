import type { AgentKind, AgentState } from '../agents/agent-state.js';
import type { StateSource } from '../agents/merge-state.js';
import type { ErrorCode } from '../errors.js';

/** One agent as the dashboards show it. */
export interface FleetRow {
  /**
   * The machine the agent runs on, for a fleet over several hosts (issue 15); absent on a local fleet, and the views
   * then show no host column.
   */
  host?: string;
  /** `session:name`, the target every command takes. */
  target: string;
  session: string;
  name: string;
  role: string;
  kind: AgentKind;
  /** The pane, by id: actions and screen reads address it by id, never by a name typed by someone. */
  paneId: string;
  state: AgentState;
  /** Where the state came from: the CLI's hook, the screen, or the pane (a crash). */
  source: StateSource;
  reason: string;
  /** When it entered this state (ms since the epoch), as seen by the watcher; see FleetWatcher for first sightings. */
  sinceMs: number;
  /** The last line of its screen that holds words (blank lines and box borders skipped), at most 200 characters. */
  lastLine: string;
  /** Changes whenever the text of its screen does, so a view knows when to read the screen again. */
  screenSeq: number;
}

/** The whole fleet at one moment. */
export interface FleetView {
  /** When it was read (ms since the epoch). */
  takenAt: number;
  serverRunning: boolean;
  rows: FleetRow[];
  /** The monitor daemon of this server, when one runs. */
  monitor: { running: boolean; pid?: number };
  /** Why the last read failed (tmux gone, a timeout); the rows are then the last ones read. */
  error?: { code: ErrorCode; message: string };
  /** A fleet over several hosts: each host and why its last read failed, if it did (a host down, its ssh refused). */
  hosts?: HostPart[];
}

/** One host of a fleet over several (issue 15). */
export interface HostPart {
  host: string;
  serverRunning: boolean;
  error?: { code: ErrorCode; message: string };
}

/** States that want a person first: an agent that waits on a prompt, hit a limit, or died. */
const ATTENTION: readonly AgentState[] = ['waiting', 'rate_limited', 'crashed', 'unknown', 'starting', 'busy', 'idle'];

/**
 * Sorts rows so the agents that need a person come first (waiting, rate-limited, crashed), the longest waiting first
 * within a state, then by host and target.
 */
export function sortRows(rows: readonly FleetRow[]): FleetRow[] {
  const rank = (s: AgentState) => ATTENTION.indexOf(s);
  return [...rows].sort(
    (a, b) =>
      rank(a.state) - rank(b.state) ||
      (rank(a.state) < 3 ? a.sinceMs - b.sinceMs : 0) ||
      (a.host ?? '').localeCompare(b.host ?? '') ||
      a.target.localeCompare(b.target),
  );
}

/**
 * Whether a row matches a filter: every word of it, case-insensitive, in the host, target, role, kind, state or last
 * line.
 */
export function matchesFilter(row: FleetRow, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = [row.host ?? '', row.target, row.role, row.kind, row.state, row.source, row.lastLine]
    .join('\n')
    .toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** Counts the rows by state. */
export function countStates(rows: readonly FleetRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of sortRows(rows)) counts[r.state] = (counts[r.state] ?? 0) + 1;
  return counts;
}

// Box drawing and block elements, which frame the CLIs' input boxes and dialogs.
const BORDERS = /[\u2500-\u259f]/g;

/**
 * The last line of a screen that holds a letter or digit once box borders are taken off, trimmed, at most 200
 * characters: "Do you want to proceed?" rather than the dialog's bottom border.
 */
export function lastWordsLine(screen: string): string {
  const lines = screen.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.replace(BORDERS, ' ').replace(/\s+/g, ' ').trim();
    if (/[\p{L}\p{N}]/u.test(line)) return [...line].slice(0, 200).join('');
  }
  return '';
}
