import { basename } from 'node:path';
import type { TMUXManager } from '../manager/tmux-manager.js';
import type { AgentRecord } from './agent-record.js';
import type { AgentState } from './agent-state.js';
import type { StateSource } from './merge-state.js';
import { parseResetTime } from './parse-reset-time.js';
import { readPaneStates, type PaneQuery, type PaneState } from './read-pane-state.js';

/** An agent with its state as read now. */
export interface AgentStatus {
  target: string;
  name: string;
  role: string;
  kind: string;
  state: AgentState;
  reason: string;
  /** Where the state came from: the CLI's hook, the screen, or the pane (a crash). */
  source: StateSource;
  /** For rate_limited: the reset time as the CLI says it. */
  resetAt?: string;
  /** The same as an ISO time, where it can be read (`3pm`, `in 4 hours`, `2026-11-28 10:00`). */
  resetsAt?: string;
  title: string;
  currentCommand: string;
  idleSeconds?: number;
  /** The CLI's conversation id: as its SessionStart hook last reported it, else as chosen at spawn. */
  cliSessionId?: string;
}

/** Reads the state of many agents in one pipelined round trip. */
export async function agentStatuses(manager: TMUXManager, agents: readonly AgentRecord[]): Promise<AgentStatus[]> {
  const states = await readPaneStates(manager, agents.map(paneQuery));
  return agents.map((a, i) => toStatus(a, states[i]!));
}

/** The pane query for an agent. */
export function paneQuery(agent: AgentRecord): PaneQuery {
  return {
    paneId: agent.paneId,
    kind: agent.kind,
    session: agent.session,
    windowId: agent.windowId,
    ...(agent.command[0] ? { startCommand: basename(agent.command[0]) } : {}),
  };
}

/** Joins an agent's record and its read state into the status shape. */
export function toStatus(agent: AgentRecord, state: PaneState): AgentStatus {
  return {
    target: agent.target,
    name: agent.name,
    role: agent.role,
    kind: agent.kind,
    state: state.state,
    reason: state.reason,
    source: state.source,
    ...(state.resetAt ? resetFields(state.resetAt) : {}),
    title: state.facts.title,
    currentCommand: state.facts.currentCommand,
    ...(state.facts.idleSeconds !== undefined ? { idleSeconds: state.facts.idleSeconds } : {}),
    ...(sessionOf(agent, state) ? { cliSessionId: sessionOf(agent, state)! } : {}),
  };
}

function resetFields(resetAt: string): { resetAt: string; resetsAt?: string } {
  const at = parseResetTime(resetAt, new Date());
  return at ? { resetAt, resetsAt: at.toISOString() } : { resetAt };
}

function sessionOf(agent: AgentRecord, state: PaneState): string | undefined {
  return state.hooks.events.session?.detail || agent.cliSessionId;
}
