import { OrcError } from '../errors.js';
import type { Target } from './parse-target.js';
import type { PaneInfo, SessionInfo, Snapshot, WindowInfo } from './snapshot.js';

/** A target found in a snapshot: its session, window and pane (the active pane unless one was named). */
export interface ResolvedTarget {
  session: SessionInfo;
  window?: WindowInfo;
  pane?: PaneInfo;
}

/**
 * Finds a target in a snapshot by exact name (tmux's own `-t` matches prefixes and patterns, which could
 * reach the wrong window), so callers can then address tmux by stable ids.
 */
export function resolveTarget(snapshot: Snapshot, target: Target): ResolvedTarget {
  if (!snapshot.serverRunning)
    throw new OrcError('tmux.noServer', 'no tmux server is running on this socket', {
      hint: 'start one with: tmux-orc session new <name>',
    });
  if (target.id) return resolveId(snapshot, target.id);
  const session = snapshot.sessions.find((s) => s.name === target.session);
  if (!session)
    throw new OrcError('tmux.sessionNotFound', `no session named "${target.session}"`, {
      hint: 'list sessions with: tmux-orc list',
    });
  if (target.window === undefined) {
    const window = session.windows.find((w) => w.active) ?? session.windows[0];
    return { session, window, pane: window?.panes.find((p) => p.active) ?? window?.panes[0] };
  }
  const byIndex = /^\d+$/.test(target.window)
    ? session.windows.find((w) => w.index === Number(target.window))
    : undefined;
  const window = byIndex ?? session.windows.find((w) => w.name === target.window || w.meta.name === target.window);
  if (!window)
    throw new OrcError('tmux.windowNotFound', `no window "${target.window}" in session "${session.name}"`, {
      hint: `list windows with: tmux-orc session list`,
    });
  if (target.pane === undefined)
    return { session, window, pane: window.panes.find((p) => p.active) ?? window.panes[0] };
  const pane = target.pane.startsWith('%')
    ? window.panes.find((p) => p.id === target.pane)
    : window.panes.find((p) => p.index === Number(target.pane));
  if (!pane) throw new OrcError('tmux.paneNotFound', `no pane ${target.pane} in window "${window.name}"`);
  return { session, window, pane };
}

function resolveId(snapshot: Snapshot, id: string): ResolvedTarget {
  for (const session of snapshot.sessions) {
    if (session.id === id) return resolveTargetDefault(session);
    for (const window of session.windows) {
      if (window.id === id) return { session, window, pane: window.panes.find((p) => p.active) ?? window.panes[0] };
      const pane = window.panes.find((p) => p.id === id);
      if (pane) return { session, window, pane };
    }
  }
  const code = id.startsWith('$')
    ? 'tmux.sessionNotFound'
    : id.startsWith('@')
      ? 'tmux.windowNotFound'
      : 'tmux.paneNotFound';
  throw new OrcError(code, `nothing with id ${id}`);
}

function resolveTargetDefault(session: SessionInfo): ResolvedTarget {
  const window = session.windows.find((w) => w.active) ?? session.windows[0];
  return { session, window, pane: window?.panes.find((p) => p.active) ?? window?.panes[0] };
}
