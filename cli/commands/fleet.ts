import type { z as Zod } from 'zod';
import type { AgentStatus } from '../../src/agents/agent-status.js';
import { AGENT_STATES } from '../../src/agents/agent-state.js';
import { everyAgentStatus } from '../../src/agents/every-agent-status.js';
import { defineCommand, type CommandGroup } from '../command-spec.js';
import { onEveryHost, onHostTarget } from '../every-host.js';
import { renderTable } from '../render-table.js';
import { colorState, dim, red } from '../style.js';
import { agentStatusSchema } from './agent-schemas.js';

/** One host in `fleet status`. */
interface HostStatus {
  host: string;
  ok: boolean;
  ms: number;
  error?: { code: string; message: string; hint?: string };
  serverRunning?: boolean;
  sessions?: number;
  agents?: Array<AgentStatus & { host: string }>;
}

const hostSchema = (z: typeof Zod) =>
  z.object({
    host: z.string(),
    ok: z.boolean(),
    ms: z.number(),
    error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() }).optional(),
    serverRunning: z.boolean().optional(),
    sessions: z.number().int().optional(),
    agents: z.array(agentStatusSchema(z).extend({ host: z.string() })).optional(),
  });

const status = defineCommand({
  name: 'status',
  description:
    "This machine and every host of the hosts file, queried at once over their own connections: each one's " +
    'tmux server, sessions and agents with their states, in one answer with a part per host. A host that is down or ' +
    'fails is reported with its error code; the others are answered all the same. Targets come as host/session:window.',
  effect: 'read',
  // The tool list has a budget (reflect/tool-list-size.ts): the same answer is list and agent_status with allHosts.
  notForMcp: 'over MCP, list and agent_status with allHosts give the same, a part per host',
  examples: ['tmux-orc fleet status', "tmux-orc fleet status --json | jq '.data.hosts[] | {host, ok}'"],
  output: (z) =>
    z.object({
      hosts: z.array(hostSchema(z)),
      totals: z.object({
        hosts: z.number().int(),
        reachable: z.number().int(),
        sessions: z.number().int(),
        agents: z.number().int(),
        states: z.record(z.string(), z.number().int()),
      }),
    }),
  async run(_input, ctx) {
    const parts = await onEveryHost(ctx, async (manager, host) => {
      // A fresh snapshot and every agent's state in one round trip a host, as a rule (every-agent-status.ts).
      const { snapshot, agents } = await everyAgentStatus(manager);
      return {
        serverRunning: snapshot.serverRunning,
        sessions: snapshot.sessions.length,
        agents: agents.map((a) => ({ ...a, host, target: onHostTarget(host, a.target) })),
      };
    });
    const hosts: HostStatus[] = parts.map((p) =>
      p.ok ? { host: p.host, ok: true, ms: p.ms, ...p.data } : { host: p.host, ok: false, ms: p.ms, error: p.error },
    );
    const agents = hosts.flatMap((h) => h.agents ?? []);
    const states: Record<string, number> = {};
    for (const a of agents) states[a.state] = (states[a.state] ?? 0) + 1;
    return {
      hosts,
      totals: {
        hosts: hosts.length,
        reachable: hosts.filter((h) => h.ok).length,
        sessions: hosts.reduce((n, h) => n + (h.sessions ?? 0), 0),
        agents: agents.length,
        states,
      },
    };
  },
  human(d) {
    const byState = (h: HostStatus) =>
      AGENT_STATES.map((s) => [s, (h.agents ?? []).filter((a) => a.state === s).length] as const)
        .filter(([, n]) => n > 0)
        .map(([s, n]) => `${n} ${colorState(s)}`)
        .join(', ');
    const table = renderTable(
      ['HOST', 'TMUX', 'SESSIONS', 'AGENTS', 'STATES', 'MS'],
      d.hosts.map((h) => [
        h.host,
        h.ok ? (h.serverRunning ? 'up' : dim('no server')) : red(h.error!.code),
        String(h.sessions ?? ''),
        String(h.agents?.length ?? ''),
        h.ok ? byState(h) : h.error!.message,
        String(h.ms),
      ]),
    );
    const agents = d.hosts.flatMap((h) => h.agents ?? []);
    return agents.length === 0
      ? table
      : `${table}\n\n${renderTable(
          ['TARGET', 'ROLE', 'STATE', 'REASON'],
          agents.map((a) => [a.target, a.role, colorState(a.state), a.reason]),
        )}`;
  },
});

/** `tmux-orc fleet ...`: every host at once. */
export const fleetGroup: CommandGroup = {
  name: 'fleet',
  description: 'Every host of the hosts file and this machine at once (docs/multi-host.md).',
  commands: [status],
};
