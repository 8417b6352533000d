import type { AgentRecord } from '../agents/agent-record.js';
import { agentsIn } from '../agents/agent-record.js';
import { hookedConversation } from '../agents/hooks/agent-hooks.js';
import { kindProfile } from '../agents/kind-profiles.js';
import { createAgentWindow, finishStart } from '../agents/spawn-agent.js';
import { OrcError, toOrcError, type ErrorJson } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import type { SocketOptions } from '../tmux/transport.js';
import { directoryExists } from '../worktrees/run-git.js';
import { readFleet, type FleetEntry } from './fleet-store.js';
import { touchInFleet } from './record-agent.js';

/** What a restore did, or would do, for one agent. */
export interface RestoredAgent {
  target: string;
  kind: string;
  /** running: it was there; restored: started again; would-restore: a dry run; failed: see error. */
  outcome: 'running' | 'restored' | 'would-restore' | 'failed';
  /** The conversation it continues, or false for a fresh start (no id known, or a kind that cannot resume). */
  resumed?: string | false;
  /** A fresh start was sent its briefing again (a resumed conversation has it already). */
  briefed?: boolean;
  /** Environment variables whose values were secret, so not kept: the agent runs without them. */
  missingEnv?: string[];
  /** Its worktree was gone from disk: it starts in the repository instead. */
  worktreeGone?: boolean;
  error?: ErrorJson;
}

/** How a restore is run. */
export interface RestoreOptions {
  /** Only this session's agents. */
  session?: string;
  /** Say what would be done, start nothing. */
  dryRun?: boolean;
  /** Wait for each agent to be ready (default true); a fresh start's briefing needs it. */
  wait?: boolean;
  readyTimeoutMs?: number;
}

/**
 * Brings back the agents of the fleet file that are gone from tmux (after a kill-server or a reboot): each session
 * re-created, each agent's window made again in its window order, with its saved command, directory (its worktree,
 * when it is still there), environment and metadata, continuing its CLI's conversation where its id is known; then all
 * are waited on at once. A resumed agent is not briefed (its conversation holds the briefing); a fresh start is sent
 * its briefing again. Agents still running are left alone; one that fails is reported and the rest go on.
 */
export async function restoreFleet(
  manager: TMUXManager,
  options: RestoreOptions = {},
): Promise<{ agents: RestoredAgent[] }> {
  const entries = readFleet(manager.socket).filter(
    (e) => !e.killed && (options.session === undefined || e.session === options.session),
  );
  const snapshot = await manager.snapshot({ fresh: true });
  const running = new Set(agentsIn(snapshot.sessions).map((a) => a.target));
  const reports: RestoredAgent[] = [];
  const started: Array<{ report: RestoredAgent; agent: AgentRecord; resumed: boolean; briefing?: string }> = [];
  for (const entry of entries) {
    const target = `${entry.session}:${entry.name}`;
    if (running.has(target)) {
      reports.push({ target, kind: entry.kind, outcome: 'running' });
      continue;
    }
    const plan = await planOf(manager.socket, entry);
    const report: RestoredAgent = {
      target,
      kind: entry.kind,
      outcome: options.dryRun ? 'would-restore' : 'restored',
      ...plan.report,
    };
    reports.push(report);
    if (options.dryRun) continue;
    try {
      // One after the other, so that the windows come back in their order.
      const { agent } = await createAgentWindow(manager, {
        session: entry.session,
        name: entry.name,
        role: entry.role,
        kind: entry.kind,
        command: entry.command,
        ...(plan.cwd ? { cwd: plan.cwd } : {}),
        ...(entry.env ? { env: entry.env } : {}),
        ...(plan.worktree ? { existingWorktree: plan.worktree } : {}),
        ...(plan.resumeId ? { resumeId: plan.resumeId } : {}),
        ...(entry.hooks === false ? { hooks: false } : {}),
        ...(entry.team ? { team: entry.team } : {}),
        ...(entry.briefing ? { briefing: entry.briefing } : {}),
      });
      // The secret keys stay listed: the new entry was written from an environment without them.
      if (entry.secretEnv?.length) touchInFleet(manager, agent, { secretEnv: entry.secretEnv });
      started.push({
        report,
        agent,
        resumed: plan.resumeId !== undefined,
        ...(!plan.resumeId && entry.briefing ? { briefing: entry.briefing } : {}),
      });
    } catch (error) {
      Object.assign(report, { outcome: 'failed', error: toOrcError(error).toJSON() });
    }
  }
  await Promise.all(
    started.map(async ({ report, agent, resumed, briefing }) => {
      try {
        const timeout = options.readyTimeoutMs ?? kindProfile(agent.kind).readyTimeoutMs;
        const result = await finishStart(manager, agent, options.wait !== false, timeout, briefing, undefined, {
          resumed,
        });
        if (briefing && !kindProfile(agent.kind).runsInput) report.briefed = result.briefing?.submitted === true;
      } catch (error) {
        // A program that could not start leaves no window behind, as at spawn; one that is slow stays.
        if (error instanceof OrcError && error.code === 'agent.spawnFailed')
          await manager.run(['kill-window', '-t', agent.windowId]).catch(() => undefined);
        Object.assign(report, { outcome: 'failed', error: toOrcError(error).toJSON() });
      }
    }),
  );
  return { agents: reports };
}

/** How an entry is started again, and what the report says about it. */
async function planOf(socket: SocketOptions, entry: FleetEntry) {
  // On the agent's host: a remote agent's worktree is a folder there.
  const worktreeThere = entry.worktree !== undefined && (await directoryExists(entry.worktree.path, socket.remote));
  // The id the agent's hooks last reported (a CLI that forked a new one on resume or /clear), else the start's.
  const known =
    (entry.hooks === false ? undefined : hookedConversation({ socket, session: entry.session, name: entry.name })) ??
    entry.cliSessionId;
  const resumeId = known && kindProfile(entry.kind).resumeCommand ? known : undefined;
  const cwd = worktreeThere ? entry.worktree!.path : entry.worktree ? entry.worktree.repository : entry.cwd;
  return {
    cwd,
    resumeId,
    worktree: worktreeThere ? entry.worktree : undefined,
    report: {
      resumed: resumeId ?? (false as const),
      ...(entry.secretEnv?.length ? { missingEnv: entry.secretEnv } : {}),
      ...(entry.worktree && !worktreeThere ? { worktreeGone: true } : {}),
    },
  };
}
