import type { AgentRecord } from '../agents/agent-record.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import { isSecretEnv, removeFleetEntry, saveFleetEntry, updateFleetEntry, type FleetEntry } from './fleet-store.js';

/**
 * Records a spawned agent in the fleet file (best effort: an unusable state directory costs the agent its place in
 * a later `restore`, never its spawn). Secret environment values keep only their names.
 */
export function recordInFleet(
  manager: TMUXManager,
  agent: AgentRecord,
  more: { secretEnv?: readonly string[]; team?: string } = {},
): void {
  const env = Object.entries(agent.env ?? {});
  const secret = env.filter(([k]) => isSecretEnv(k, more.secretEnv ?? [])).map(([k]) => k);
  try {
    saveFleetEntry(manager.socket, {
      host: manager.socket.remote?.name ?? 'local',
      session: agent.session,
      name: agent.name,
      windowIndex: agent.windowIndex,
      kind: agent.kind,
      role: agent.role,
      command: agent.command,
      ...(agent.cwd ? { cwd: agent.cwd } : {}),
      ...(env.some(([k]) => !secret.includes(k))
        ? { env: Object.fromEntries(env.filter(([k]) => !secret.includes(k))) }
        : {}),
      ...(secret.length ? { secretEnv: secret } : {}),
      ...(agent.worktree ? { worktree: agent.worktree } : {}),
      ...(agent.cliSessionId ? { cliSessionId: agent.cliSessionId } : {}),
      ...(more.team ? { team: more.team } : {}),
      ...(agent.briefing ? { briefing: agent.briefing } : {}),
      ...(agent.hooks === false ? { hooks: false as const } : {}),
      created: agent.created ?? new Date().toISOString(),
    });
  } catch {
    // best effort, as said
  }
}

/** Forgets an agent killed on purpose: a restore must not bring it back. */
export function forgetInFleet(manager: TMUXManager, agent: Pick<AgentRecord, 'session' | 'name'>): void {
  try {
    removeFleetEntry(manager.socket, agent.session, agent.name);
  } catch {
    // best effort
  }
}

/** Updates an agent's entry (a restart, a new conversation id). */
export function touchInFleet(
  manager: TMUXManager,
  agent: Pick<AgentRecord, 'session' | 'name'>,
  fields: Partial<FleetEntry>,
): void {
  try {
    updateFleetEntry(manager.socket, agent.session, agent.name, fields);
  } catch {
    // best effort
  }
}
