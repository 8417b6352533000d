import { agentsIn } from '../agents/agent-record.js';
import { toOrcError, type ErrorJson } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import { readFleet, removeFleetEntry } from '../restore/fleet-store.js';
import type { AgentWorktree } from './agent-worktree.js';
import { removeAgentWorktree } from './remove-worktree.js';
import { directoryExists } from './run-git.js';

/** An agent's worktree as tmux-orc knows it, and whether its agent still runs. */
export interface KnownWorktree extends AgentWorktree {
  agent: string;
  /** The agent runs on this tmux server now. */
  agentRunning: boolean;
  /** The worktree is still on disk. */
  exists: boolean;
}

/** Every worktree of the fleet file of this tmux server (agents running, gone after a kill-server, or killed). */
export async function listWorktrees(manager: TMUXManager): Promise<KnownWorktree[]> {
  const running = new Set(agentsIn((await manager.snapshot({ fresh: true })).sessions).map((a) => a.target));
  const { remote } = manager.socket;
  return Promise.all(
    readFleet(manager.socket).flatMap((e) => {
      if (!e.worktree) return [];
      const agent = `${e.session}:${e.name}`;
      const worktree = e.worktree;
      return [
        directoryExists(worktree.path, remote).then((exists) => ({
          ...worktree,
          agent,
          agentRunning: running.has(agent) && !e.killed,
          exists,
        })),
      ];
    }),
  );
}

/** What prune did with one worktree. */
export interface PrunedWorktree {
  agent: string;
  path: string;
  outcome: 'removed' | 'would-remove' | 'kept';
  error?: ErrorJson;
}

/**
 * Removes the worktrees (and branches) whose agent is gone, and forgets those agents: uncommitted or unmerged work is
 * kept (`worktree.dirty`, reported) unless `force`. `dryRun` says what it would remove.
 */
export async function pruneWorktrees(
  manager: TMUXManager,
  options: { force?: boolean; dryRun?: boolean } = {},
): Promise<{ worktrees: PrunedWorktree[] }> {
  const gone = (await listWorktrees(manager)).filter((w) => !w.agentRunning);
  const out: PrunedWorktree[] = [];
  for (const w of gone) {
    if (options.dryRun) {
      out.push({ agent: w.agent, path: w.path, outcome: 'would-remove' });
      continue;
    }
    try {
      await removeAgentWorktree(w, {
        force: options.force === true,
        ...(manager.socket.remote ? { remote: manager.socket.remote } : {}),
      });
      const [session, name] = [w.agent.slice(0, w.agent.lastIndexOf(':')), w.agent.slice(w.agent.lastIndexOf(':') + 1)];
      removeFleetEntry(manager.socket, session, name);
      out.push({ agent: w.agent, path: w.path, outcome: 'removed' });
    } catch (error) {
      out.push({ agent: w.agent, path: w.path, outcome: 'kept', error: toOrcError(error).toJSON() });
    }
  }
  return { worktrees: out };
}
