import { basename } from 'node:path';
import type { TMUXManager } from '../manager/tmux-manager.js';
import type { AgentRecord } from './agent-record.js';
import type { AgentState } from './agent-state.js';
import { readPaneStates, type PaneQuery, type PaneState } from './read-pane-state.js';

/** An agent with its state as read now. */
export interface AgentStatus {
  target: string;
  name: string;
  role: string;
  kind: string;
  state: AgentState;
  reason: string;
  resetAt?: string;
  title: string;
  currentCommand: string;
  idleSeconds?: number;
}

/** Reads the state of many agents in one pipelined round trip. */
export async function agentStatuses(manager: TMUXManager, agents: readonly AgentRecord[]): Promise<AgentStatus[]> {
  const states = await readPaneStates(manager, agents.map(paneQuery));
  return agents.map((a, i) => toStatus(a, states[i]!));
}

/** The pane query for an agent. */
export function paneQuery(agent: AgentRecord): PaneQuery {
  return {
    paneId: agent.paneId, kind: agent.kind, session: agent.session, windowId: agent.windowId,
    ...(agent.command[0] ? { startCommand: basename(agent.command[0]) } : {}),
  };
}

/** Joins an agent's record and its read state into the status shape. */
export function toStatus(agent: AgentRecord, state: PaneState): AgentStatus {
  return {
    target: agent.target, name: agent.name, role: agent.role, kind: agent.kind,
    state: state.state, reason: state.reason, ...(state.resetAt ? { resetAt: state.resetAt } : {}),
    title: state.facts.title, currentCommand: state.facts.currentCommand,
    ...(state.facts.idleSeconds !== undefined ? { idleSeconds: state.facts.idleSeconds } : {}),
  };
}
