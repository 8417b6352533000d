import { existsSync } from 'node:fs';
import { agentsIn } from '../agents/agent-record.js';
import { kindProfile } from '../agents/kind-profiles.js';
import { spawnAgent } from '../agents/spawn-agent.js';
import { toOrcError, type ErrorJson } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import { readFleet, type FleetEntry } from './fleet-store.js';

/** What a restore did, or would do, for one agent. */
export interface RestoredAgent {
  target: string;
  kind: string;
  /** running: it was there; restored: started again; would-restore: a dry run; failed: see error. */
  outcome: 'running' | 'restored' | 'would-restore' | 'failed';
  /** The conversation it continues, or false for a fresh start (no id known, or a kind that cannot resume). */
  resumed?: string | false;
  /** Environment variables whose values were secret, so not kept: the agent runs without them. */
  missingEnv?: string[];
  /** Its worktree was gone from disk: it starts in the repository instead. */
  worktreeGone?: boolean;
  error?: ErrorJson;
}

/**
 * Brings back the agents of the fleet file that are gone from tmux (after a kill-server or a reboot): each session
 * re-created, each agent started again in its window order, with its saved command, directory (its worktree, when it
 * is still there), environment and metadata, continuing its CLI's conversation where its id is known. Agents still
 * running are left alone; one that fails to start is reported and the rest go on. `dryRun` says what it would do.
 */
export async function restoreFleet(manager: TMUXManager, options: { session?: string; dryRun?: boolean; wait?: boolean; readyTimeoutMs?: number } = {}): Promise<{ agents: RestoredAgent[] }> {
  const entries = readFleet(manager.socket).filter((e) => !e.killed && (options.session === undefined || e.session === options.session));
  const running = new Set(agentsIn((await manager.snapshot({ fresh: true })).sessions).map((a) => a.target));
  const agents: RestoredAgent[] = [];
  for (const entry of entries) {
    const target = `${entry.session}:${entry.name}`;
    if (running.has(target)) {
      agents.push({ target, kind: entry.kind, outcome: 'running' });
      continue;
    }
    const plan = planOf(entry);
    if (options.dryRun) {
      agents.push({ target, kind: entry.kind, outcome: 'would-restore', ...plan.report });
      continue;
    }
    try {
      await spawnAgent(manager, {
        session: entry.session, name: entry.name, role: entry.role, kind: entry.kind, command: entry.command,
        ...(plan.cwd ? { cwd: plan.cwd } : {}), ...(entry.env ? { env: entry.env } : {}),
        ...(plan.worktree ? { existingWorktree: plan.worktree } : {}), ...(plan.resumeId ? { resumeId: plan.resumeId } : {}),
        ...(entry.secretEnv ? { secretEnv: entry.secretEnv } : {}), ...(entry.hooks === false ? { hooks: false } : {}),
        wait: options.wait !== false, ...(options.readyTimeoutMs ? { readyTimeoutMs: options.readyTimeoutMs } : {}),
      });
      agents.push({ target, kind: entry.kind, outcome: 'restored', ...plan.report });
    } catch (error) {
      agents.push({ target, kind: entry.kind, outcome: 'failed', ...plan.report, error: toOrcError(error).toJSON() });
    }
  }
  return { agents };
}

/** How an entry is started again, and what the report says about it. */
function planOf(entry: FleetEntry) {
  const worktreeThere = entry.worktree !== undefined && existsSync(entry.worktree.path);
  const resumeId = entry.cliSessionId && kindProfile(entry.kind).resumeCommand ? entry.cliSessionId : undefined;
  const cwd = worktreeThere ? entry.worktree!.path : entry.worktree ? entry.worktree.repository : entry.cwd;
  return {
    cwd, resumeId, worktree: worktreeThere ? entry.worktree : undefined,
    report: {
      resumed: resumeId ?? (false as const),
      ...(entry.secretEnv?.length ? { missingEnv: entry.secretEnv } : {}),
      ...(entry.worktree && !worktreeThere ? { worktreeGone: true } : {}),
    },
  };
}
