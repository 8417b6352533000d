import { OrcError } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import { agentFromWindow, agentsIn, type AgentRecord } from './agent-record.js';

/** An agent found by target, with the pane to talk to. */
export interface FoundAgent extends AgentRecord {
  /** False for a window tmux-orc did not spawn (driven as a `custom` agent). */
  managed: boolean;
}

/**
 * Finds the agent a target names (`session:window[.pane]`, window by agent name, window name or index).
 * A window that tmux-orc did not spawn is still usable, as a `custom` agent.
 */
export async function findAgent(manager: TMUXManager, target: string): Promise<FoundAgent> {
  let found;
  try {
    found = await manager.resolve(target);
  } catch (error) {
    if (error instanceof OrcError && (error.code === 'tmux.windowNotFound' || error.code === 'tmux.paneNotFound')) {
      throw new OrcError('agent.notFound', `no agent at "${target}"`, {
        hint: 'list agents with: tmux-orc agent list',
      });
    }
    throw error;
  }
  const { session, window, pane } = found;
  if (!window || !pane)
    throw new OrcError('agent.notFound', `no agent at "${target}"`, { hint: 'list agents with: tmux-orc agent list' });
  const record = agentFromWindow(session, window);
  if (record) return { ...record, paneId: pane.id, managed: true };
  return {
    target: `${session.name}:${window.index}`,
    name: window.name,
    role: '',
    kind: 'custom',
    session: session.name,
    windowIndex: window.index,
    windowId: window.id,
    paneId: pane.id,
    command: [],
    managed: false,
  };
}

/** Every agent tmux-orc spawned, optionally in one session. */
export async function listAgents(manager: TMUXManager, session?: string): Promise<AgentRecord[]> {
  const snap = await manager.snapshot();
  if (session !== undefined && !snap.sessions.some((s) => s.name === session)) {
    if (!snap.serverRunning) throw new OrcError('tmux.noServer', 'no tmux server is running on this socket');
    throw new OrcError('tmux.sessionNotFound', `no session named "${session}"`, {
      hint: 'list sessions with: tmux-orc list',
    });
  }
  return agentsIn(session === undefined ? snap.sessions : snap.sessions.filter((s) => s.name === session));
}
