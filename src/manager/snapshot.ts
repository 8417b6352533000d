import { OrcError } from '../errors.js';
import { requireAllOk } from '../tmux/batch-outcomes.js';
import { listAllPanes, listClients } from '../tmux/tmux-commands.js';
import type { CommandOutcome, Transport } from '../tmux/transport.js';

/** Field separator in snapshot lines: tmux escapes control characters in names, so it cannot occur in them. */
const SEP = '\x1f';

/** One pane as the snapshot sees it. */
export interface PaneInfo {
  id: string;
  index: number;
  active: boolean;
  pid: number;
  dead: boolean;
  deadStatus?: number;
  title: string;
  width: number;
  height: number;
}

/** One window, with its panes and its tmux-orc metadata (`@tmux-orc-*` window options). */
export interface WindowInfo {
  id: string;
  index: number;
  name: string;
  active: boolean;
  /** Seconds since the epoch of the window's last activity. */
  activity: number;
  meta: Record<string, string>;
  panes: PaneInfo[];
}

/** One session, with its windows. */
export interface SessionInfo {
  id: string;
  name: string;
  attached: number;
  created: number;
  windows: WindowInfo[];
}

/** The whole server's sessions, windows and panes, read in one round trip. */
export interface Snapshot {
  /** False when no tmux server answered on the socket (then sessions is empty). */
  serverRunning: boolean;
  sessions: SessionInfo[];
  takenAt: number;
}

/**
 * The agent metadata keys the snapshot reads, of the window options `@tmux-orc-<key>`. The briefing
 * (`@tmux-orc-briefing`, up to 256 KiB) is stored the same way but left out: every snapshot would carry it, so it is
 * read only when needed (agent info, restart --rebrief).
 */
export const META_KEYS = [
  'name',
  'role',
  'kind',
  'command',
  'cwd',
  'created',
  'env',
  'session-id',
  'worktree',
  'hook-reports',
] as const;

const FIELDS = [
  'session_id',
  'session_name',
  'session_attached',
  'session_created',
  'window_id',
  'window_index',
  'window_name',
  'window_active',
  'window_activity',
  'pane_id',
  'pane_index',
  'pane_active',
  'pane_pid',
  'pane_dead',
  'pane_dead_status',
  'pane_title',
  'pane_width',
  'pane_height',
] as const;
// Not #{pane_current_command}: tmux reads it from /proc for every pane (~12 us a pane, a third of the whole query at
// 200 panes; docs/benchmarks.md). Agent status reads it per pane it looks at, the monitor in its own query.

/** The `-F` format of the snapshot query. */
export const SNAPSHOT_FORMAT = [...FIELDS.map((f) => `#{${f}}`), ...META_KEYS.map((k) => `#{@tmux-orc-${k}}`)].join(
  SEP,
);

/** Parses the lines of `list-panes -a -F SNAPSHOT_FORMAT`. */
export function parseSnapshot(lines: readonly string[], takenAt = Date.now()): Snapshot {
  const sessions = new Map<string, SessionInfo>();
  const windows = new Map<string, WindowInfo>();
  for (const line of lines) {
    if (!line) continue;
    const parts = line.split(SEP);
    const f = (name: (typeof FIELDS)[number]) => parts[FIELDS.indexOf(name)] ?? '';
    let session = sessions.get(f('session_id'));
    if (!session) {
      session = {
        id: f('session_id'),
        name: f('session_name'),
        attached: Number(f('session_attached')),
        created: Number(f('session_created')),
        windows: [],
      };
      sessions.set(session.id, session);
    }
    const windowKey = `${session.id}${f('window_id')}`;
    let window = windows.get(windowKey);
    if (!window) {
      const meta: Record<string, string> = {};
      META_KEYS.forEach((key, i) => {
        const value = parts[FIELDS.length + i];
        if (value) meta[key] = value;
      });
      window = {
        id: f('window_id'),
        index: Number(f('window_index')),
        name: f('window_name'),
        active: f('window_active') === '1',
        activity: Number(f('window_activity')),
        meta,
        panes: [],
      };
      windows.set(windowKey, window);
      session.windows.push(window);
    }
    const deadStatus = f('pane_dead_status');
    window.panes.push({
      id: f('pane_id'),
      index: Number(f('pane_index')),
      active: f('pane_active') === '1',
      pid: Number(f('pane_pid')),
      dead: f('pane_dead') === '1',
      ...(deadStatus ? { deadStatus: Number(deadStatus) } : {}),
      title: f('pane_title'),
      width: Number(f('pane_width')),
      height: Number(f('pane_height')),
    });
  }
  return { serverRunning: true, sessions: [...sessions.values()], takenAt };
}

/**
 * Reads the snapshot in one round trip: the panes, and the clients, since control-mode ones (ours, a monitor's, an MCP
 * server's) are not people (see {@link withoutControlClients}). No server is a snapshot too (`serverRunning: false`).
 */
export async function readSnapshot(transport: Transport): Promise<Snapshot> {
  return (await readSnapshotWith(transport, [])).snapshot;
}

/**
 * Reads the snapshot and runs more commands in the same pipelined round trip, after it (tmux runs one client's
 * commands in order): their outcomes come back with it, one each, whatever the snapshot's.
 */
export async function readSnapshotWith(
  transport: Transport,
  more: readonly (readonly string[])[],
): Promise<{ snapshot: Snapshot; outcomes: CommandOutcome[] }> {
  let outcomes: CommandOutcome[] = [];
  try {
    const [panes, clients, ...rest] = await transport.runMany([
      listAllPanes(SNAPSHOT_FORMAT),
      listClients(CLIENTS_FORMAT),
      ...more,
    ]);
    outcomes = rest;
    const [paneLines] = requireAllOk([panes!]);
    return { snapshot: withoutControlClients(parseSnapshot(paneLines!), clients!.ok ? clients!.lines : []), outcomes };
  } catch (error) {
    const noServer = error instanceof OrcError && error.code === 'tmux.noServer';
    if (noServer) return { snapshot: { serverRunning: false, sessions: [], takenAt: Date.now() }, outcomes };
    throw error;
  }
}

const CLIENTS_FORMAT = `#{session_id}${SEP}#{client_control_mode}`;

/**
 * People asking "attached?" mean people: control-mode clients (this connection, a monitor's, an MCP server's, any
 * `tmux -C`) are taken off each session's count, from `list-clients` lines of `session_id<US>client_control_mode`.
 */
function withoutControlClients(snap: Snapshot, clients: readonly string[]): Snapshot {
  const control = new Map<string, number>();
  for (const line of clients) {
    const [session = '', isControl] = line.split(SEP);
    if (isControl === '1') control.set(session, (control.get(session) ?? 0) + 1);
  }
  for (const s of snap.sessions) s.attached = Math.max(0, s.attached - (control.get(s.id) ?? 0));
  return snap;
}
