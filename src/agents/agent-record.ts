import { AGENT_KINDS, type AgentKind } from './agent-state.js';
import type { SessionInfo, WindowInfo } from '../manager/snapshot.js';
import type { AgentWorktree } from '../worktrees/agent-worktree.js';

/** An agent as stored in its window's `@tmux-orc-*` options. */
export interface AgentRecord {
  /** `session:name`, the target people and agents use. */
  target: string;
  name: string;
  role: string;
  kind: AgentKind;
  session: string;
  windowIndex: number;
  windowId: string;
  paneId: string;
  /** The program and its arguments. */
  command: string[];
  cwd?: string;
  env?: Record<string, string>;
  briefing?: string;
  created?: string;
  /** The agent CLI's own conversation id, where tmux-orc chose it at spawn (`--session-id`). */
  cliSessionId?: string;
  /** The agent's own git worktree, when it was spawned with one. */
  worktree?: AgentWorktree;
  /** False when it was spawned with `--no-hooks`: its restarts and restores get none either. */
  hooks?: false;
}

/** Reads the agent record of a window; undefined when the window is not an agent. */
export function agentFromWindow(session: SessionInfo, window: WindowInfo): AgentRecord | undefined {
  const meta = window.meta;
  if (!meta.name) return undefined;
  const kind = (AGENT_KINDS as readonly string[]).includes(meta.kind ?? '') ? (meta.kind as AgentKind) : 'custom';
  return {
    target: `${session.name}:${meta.name}`,
    name: meta.name,
    role: meta.role ?? '',
    kind,
    session: session.name,
    windowIndex: window.index,
    windowId: window.id,
    paneId: window.panes[0]?.id ?? '',
    command: parseJson<string[]>(meta.command, []),
    ...(meta.cwd ? { cwd: meta.cwd } : {}),
    ...(meta.env ? { env: parseJson<Record<string, string>>(meta.env, {}) } : {}),
    ...(meta.created ? { created: meta.created } : {}),
    ...(meta['session-id'] ? { cliSessionId: meta['session-id'] } : {}),
    ...(meta.worktree ? worktreeOf(meta.worktree) : {}),
    ...(meta['hook-reports'] === 'off' ? { hooks: false as const } : {}),
  };
}

/** Every agent in a list of sessions, in session and window order. */
export function agentsIn(sessions: readonly SessionInfo[]): AgentRecord[] {
  return sessions.flatMap((s) =>
    s.windows.map((w) => agentFromWindow(s, w)).filter((a): a is AgentRecord => a !== undefined),
  );
}

function parseJson<T>(text: string | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** A JSON-encoded string option (so it stays on one line); a plain value set by hand is taken as it is. */
export function decodeTextOption(text: string): string {
  const value = text.startsWith('"') ? parseJson<unknown>(text, text) : text;
  return typeof value === 'string' ? value : text;
}

function worktreeOf(text: string): { worktree?: AgentWorktree } {
  const w = parseJson<Partial<AgentWorktree> | undefined>(text, undefined);
  return w &&
    typeof w.path === 'string' &&
    typeof w.repository === 'string' &&
    typeof w.branch === 'string' &&
    typeof w.baseCommit === 'string'
    ? {
        worktree: {
          repository: w.repository,
          path: w.path,
          branch: w.branch,
          base: w.base ?? 'HEAD',
          baseCommit: w.baseCommit,
        },
      }
    : {};
}
