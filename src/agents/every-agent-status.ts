import type { TMUXManager } from '../manager/tmux-manager.js';
import type { Snapshot } from '../manager/snapshot.js';
import { capturePane } from '../tmux/tmux-commands.js';
import { agentsIn } from './agent-record.js';
import { paneQuery, toStatus, type AgentStatus } from './agent-status.js';
import { factsByPane, listAllFacts, paneStateOf, readPaneStates, type PaneState } from './read-pane-state.js';

/** Every agent of a server with its state, and the snapshot they were found in. */
export interface EveryAgentStatus {
  snapshot: Snapshot;
  agents: AgentStatus[];
}

/**
 * Reads the state of every agent of a server, usually in one round trip: a fresh snapshot (the agents and their
 * metadata as they are now, whatever other processes set), the facts of every pane and a capture of each agent pane
 * of the last snapshot read, pipelined. The fresh snapshot decides who the agents are; a pane the guess did not
 * capture (an agent new since) is read in a second round trip, a captured pane that is no agent now is dropped.
 */
export async function everyAgentStatus(manager: TMUXManager): Promise<EveryAgentStatus> {
  const guess = manager.lastSnapshot();
  const guessed = guess ? agentsIn(guess.sessions).map((a) => a.paneId) : [];
  // With no guess (the first read) there is nothing to read along: the agents' facts and screens go together next.
  const more = guessed.length > 0 ? [listAllFacts(), ...guessed.map((id) => capturePane(id))] : [];
  const { snapshot, outcomes } = await manager.snapshotWith(more);
  if (!snapshot.serverRunning) return { snapshot, agents: [] };
  const agents = agentsIn(snapshot.sessions);
  const [facts, ...captures] = outcomes;
  const lines = facts?.ok ? factsByPane(facts.lines) : new Map<string, string>();
  const captured = new Map(guessed.map((id, i) => [id, captures[i]!] as const));
  const nowMs = Date.now();
  const states: (PaneState | undefined)[] = agents.map((a) => {
    const line = lines.get(a.paneId);
    const capture = captured.get(a.paneId);
    // A failed capture of a pane the listing holds (it went between the two) is read again, as a new one is.
    return line !== undefined && capture?.ok ? paneStateOf(paneQuery(a), line, capture, nowMs) : undefined;
  });
  const missing = agents.flatMap((a, i) => (states[i] ? [] : [a]));
  if (missing.length > 0) {
    const read = await readPaneStates(manager, missing.map(paneQuery));
    let k = 0;
    states.forEach((s, i) => (states[i] = s ?? read[k++]));
  }
  return { snapshot, agents: agents.map((a, i) => toStatus(a, states[i]!)) };
}
