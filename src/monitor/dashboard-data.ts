import { agentStatuses } from '../agents/agent-status.js';
import { listAgents } from '../agents/find-agent.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import type { SocketOptions } from '../tmux/transport.js';
import { monitorPaths } from './monitor-paths.js';
import { runningPid } from './pidfile.js';
import { readStatus } from './status-file.js';

/** One row of the dashboard. */
export interface DashboardAgent {
  target: string;
  name: string;
  role: string;
  kind: string;
  state: string;
  reason: string;
  /** Seconds since the pane last printed anything. */
  idleSeconds?: number;
  /** When the running monitor saw it enter this state. */
  since?: string;
}

/** What the dashboard shows at one moment. */
export interface DashboardData {
  takenAt: string;
  socketPath: string;
  monitor: { running: boolean; pid?: number };
  counts: Record<string, number>;
  agents: DashboardAgent[];
}

/** Reads every agent's state now (one pipelined round trip), with the monitor daemon's "since" times when it runs. */
export async function dashboardData(manager: TMUXManager, socket: SocketOptions, session?: string): Promise<DashboardData> {
  const paths = monitorPaths(socket);
  const pid = runningPid(paths.pidfile);
  const status = pid !== undefined ? readStatus(paths.status) : undefined;
  const since = new Map((status?.pid === pid ? status?.agents ?? [] : []).map((a) => [a.target, a]));
  const statuses = await agentStatuses(manager, await listAgents(manager, session));
  const counts: Record<string, number> = {};
  for (const s of statuses) counts[s.state] = (counts[s.state] ?? 0) + 1;
  return {
    takenAt: new Date().toISOString(),
    socketPath: paths.socketPath,
    monitor: pid !== undefined ? { running: true, pid } : { running: false },
    counts,
    agents: statuses.map((s) => {
      const seen = since.get(s.target);
      return {
        target: s.target, name: s.name, role: s.role, kind: s.kind, state: s.state, reason: s.reason,
        ...(s.idleSeconds !== undefined ? { idleSeconds: s.idleSeconds } : {}),
        ...(seen && seen.state === s.state ? { since: seen.since } : {}),
      };
    }),
  };
}
