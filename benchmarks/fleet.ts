import { agentStatuses } from '../src/agents/agent-status.js';
import { listAgents } from '../src/agents/find-agent.js';
import type { AgentRecord } from '../src/agents/agent-record.js';
import type { TMUXManager } from '../src/manager/tmux-manager.js';
import { deployTeam } from '../src/teams/deploy-team.js';
import { resizeTeam, TEAM_TEMPLATES } from '../src/teams/team-templates.js';
import { fakeAgentCommand } from './paths.js';

/** The team every benchmark session holds: a PM and three others, four windows of fake agents. */
export const BENCH_TEAM = resizeTeam(TEAM_TEMPLATES.frontend!, 4);

/** The sessions `s0`...`s<n-1>`, each a deployed 4-agent team, all idle. */
export interface Fleet {
  sessions: number;
  agents: AgentRecord[];
}

/**
 * Grows the server to `sessions` team sessions (the ones already there are kept), then waits until every agent
 * is idle, so the operations measure tmux and not agents still starting.
 */
export async function growFleet(
  manager: TMUXManager,
  sessions: number,
  progress: (line: string) => void,
): Promise<Fleet> {
  const have = new Set((await manager.snapshot({ fresh: true })).sessions.map((s) => s.name));
  for (let i = 0; i < sessions; i++) {
    if (have.has(`s${i}`)) continue;
    await deployTeam(manager, BENCH_TEAM, { session: `s${i}`, command: fakeAgentCommand(), wait: false });
  }
  progress(`fleet: ${sessions} sessions x 4 fake agents deployed, waiting until all are idle`);
  await waitAllIdle(manager, 90_000);
  const agents = await listAgents(manager);
  return { sessions, agents };
}

/** Polls every agent until all are idle (agents busy with queued messages drain first). */
export async function waitAllIdle(manager: TMUXManager, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses = await agentStatuses(manager, await listAgents(manager));
    const notIdle = statuses.filter((s) => s.state !== 'idle');
    if (notIdle.length === 0) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${notIdle.length} agents not idle after ${timeoutMs} ms: ${notIdle
          .slice(0, 3)
          .map((s) => `${s.target}=${s.state}`)
          .join(', ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** `n` agents taken round-robin from the fleet (the batch operations need 100 whatever the scale). */
export function cycle<T>(items: readonly T[], n: number): T[] {
  return Array.from({ length: n }, (_, i) => items[i % items.length]!);
}
