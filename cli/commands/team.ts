import { MESSAGE_MAX_BYTES } from '../../src/input-limits.js';
import { AGENT_KINDS } from '../../src/agents/agent-state.js';
import { agentStatuses } from '../../src/agents/agent-status.js';
import { agentsIn } from '../../src/agents/agent-record.js';
import { listAgents } from '../../src/agents/find-agent.js';
import { OrcError } from '../../src/errors.js';
import { basename } from 'node:path';
import { forgetKilled } from '../../src/agents/agent-lifecycle.js';
import { broadcast } from '../../src/teams/broadcast.js';
import { deployTeam } from '../../src/teams/deploy-team.js';
import { loadTeamSpec } from '../../src/teams/load-team-spec.js';
import { resizeTeam, TEAM_TEMPLATES } from '../../src/teams/team-templates.js';
import type { TMUXManager } from '../../src/manager/tmux-manager.js';
import { defineCommand, type CommandGroup } from '../command-spec.js';
import { renderTable } from '../render-table.js';
import { colorState, dim, red } from '../style.js';
import { counted } from '../plural.js';
import { readTextArg } from '../read-text-arg.js';
import { agentStatusSchema } from './agent-schemas.js';

const SESSION = { name: 'session', description: "the team's session", mcpDescription: '' };

/** The agents of a team session; team.notFound when it has none. */
async function teamAgents(manager: TMUXManager, session: string) {
  const agents = await listAgents(manager, session);
  if (agents.length === 0)
    throw new OrcError('team.notFound', `session "${session}" has no agents`, {
      hint: 'list teams with: tmux-orc team list',
    });
  return agents;
}

const deploy = defineCommand({
  name: 'deploy',
  description: `Deploy a team of agents into a new session, the PM first: a built-in template (${Object.keys(TEAM_TEMPLATES).join(', ')}) or a team JSON file. Each agent gets a briefing with its role and the roster. Progress goes to stderr.`,
  mcpDescription: 'Deploy a briefed team from a template into a new session.',
  effect: 'change',
  drivesAgents: true,
  idempotent: false,
  args: [
    {
      name: 'template',
      description: 'a template name or a path to a team .json file (over MCP: a template name)',
      mcpDescription: 'frontend, backend, fullstack or testing',
    },
    {
      name: 'args',
      description: "after --: a program and arguments to run every agent with (overrides the kinds' defaults)",
      mcpDescription: 'argv for every agent',
      variadic: true,
      required: false,
    },
  ],
  options: [
    {
      flags: '-p, --project <name>',
      description: 'project name: the session the team lives in',
      mcpDescription: 'session name',
      required: true,
      host: true,
    },
    {
      flags: '--size <n>',
      description: 'number of agents, PM included (cut the template, or add developers)',
      mcpDescription: 'agents, PM included',
      type: 'integer',
      min: 1,
      max: 20,
    },
    {
      flags: '-k, --kind <kind>',
      description: 'run every agent as this kind',
      mcpDescription: '',
      choices: AGENT_KINDS,
    },
    { flags: '-c, --cwd <dir>', description: 'working directory for every agent', mcpDescription: '' },
    {
      flags: '--no-wait',
      description: 'return once the windows exist, without waiting for readiness or briefing',
      mcpDescription: 'false: return once the windows exist',
    },
    {
      flags: '--ready-timeout <seconds>',
      description: 'how long to wait for each agent',
      mcpDescription: 'seconds per agent',
      type: 'number',
      min: 0.1,
      max: 3600,
    },
    {
      flags: '-w, --worktrees',
      description:
        'give every member but the PM and orchestrator a git worktree and branch of its own (tmux-orc/<project>/<name>) in the repository holding its directory',
      mcpDescription: '',
    },
  ],
  examples: [
    'tmux-orc team deploy fullstack --project shop',
    'tmux-orc team deploy backend --project api --cwd ~/src/api --worktrees',
    'tmux-orc team deploy ./team.json --project api --kind codex',
  ],
  output: (z) =>
    z.object({
      session: z.string(),
      agents: z.array(
        z.object({
          target: z.string(),
          name: z.string(),
          role: z.string(),
          kind: z.string(),
          ready: z.boolean(),
          briefed: z.boolean(),
          branch: z.string().optional(),
          worktree: z.string().optional(),
        }),
      ),
    }),
  async run(input, ctx) {
    const { spec } = await loadTeamSpec(input.template, { readFiles: !ctx.viaMcp });
    return deployTeam(ctx.manager(), resizeTeam(spec, input.size), {
      session: input.project,
      team: spec.name ?? basename(input.template).replace(/\.json$/, ''),
      worktrees: input.worktrees === true,
      ...(input.kind ? { kind: input.kind } : {}),
      ...(input.args?.length ? { command: input.args } : {}),
      ...(input.cwd ? { cwd: input.cwd } : {}),
      wait: input.wait,
      ...(input.readyTimeout ? { readyTimeoutMs: input.readyTimeout * 1000 } : {}),
      progress: ctx.progress,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  },
  human: (d) =>
    `team ${d.session} deployed\n` +
    renderTable(
      ['TARGET', 'ROLE', 'KIND', 'READY', 'BRIEFED', ...(d.agents.some((a) => a.branch) ? ['BRANCH'] : [])],
      d.agents.map((a) => [
        a.target,
        a.role,
        a.kind,
        a.ready ? 'yes' : 'no',
        a.briefed ? 'yes' : 'no',
        ...(d.agents.some((x) => x.branch) ? [a.branch ?? '(main checkout)'] : []),
      ]),
    ),
});

const status = defineCommand({
  name: 'status',
  description: 'Show every agent of a team with its state, and counts by state.',
  mcpDescription: "A team's agents with their states, and counts by state.",
  effect: 'read',
  args: [SESSION],
  output: (z) =>
    z.object({
      session: z.string(),
      counts: z.record(z.string(), z.number().int()),
      agents: z.array(agentStatusSchema(z)),
    }),
  async run(input, ctx) {
    const statuses = await agentStatuses(ctx.manager(), await teamAgents(ctx.manager(), input.session));
    const counts: Record<string, number> = {};
    for (const s of statuses) counts[s.state] = (counts[s.state] ?? 0) + 1;
    return { session: input.session as string, counts, agents: statuses };
  },
  human: (d) =>
    `${d.session}: ${Object.entries(d.counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}\n` +
    renderTable(
      ['AGENT', 'ROLE', 'KIND', 'STATE', 'REASON'],
      d.agents.map((a) => [a.name, a.role, a.kind, colorState(a.state), a.reason]),
    ),
});

const list = defineCommand({
  name: 'list',
  description: 'List teams: sessions that hold agents, with their size, roles and PM.',
  mcpDescription: 'Teams (sessions with agents): size, roles, PM.',
  effect: 'read',
  output: (z) =>
    z.object({
      teams: z.array(
        z.object({
          session: z.string(),
          agents: z.number().int(),
          roles: z.array(z.string()),
          pm: z.string().optional(),
        }),
      ),
    }),
  async run(_input, ctx) {
    const snap = await ctx.manager().snapshot();
    const teams = snap.sessions
      .map((s) => ({ session: s.name, members: agentsIn([s]) }))
      .filter((t) => t.members.length > 0)
      .map((t) => {
        const pm = t.members.find((m) => m.role === 'pm');
        return {
          session: t.session,
          agents: t.members.length,
          roles: [...new Set(t.members.map((m) => m.role))],
          ...(pm ? { pm: pm.target } : {}),
        };
      });
    return { teams };
  },
  human: (d) =>
    d.teams.length === 0
      ? dim('no teams')
      : renderTable(
          ['TEAM', 'AGENTS', 'PM', 'ROLES'],
          d.teams.map((t) => [t.session, String(t.agents), t.pm ?? '-', t.roles.join(', ')]),
        ),
});

const kill = defineCommand({
  name: 'kill',
  description: 'Kill a team: its session and every agent in it (their worktrees stay: worktree list, worktree prune).',
  mcpDescription: 'Kill a team: its session and every agent in it.',
  effect: 'destroy',
  idempotent: false,
  args: [SESSION],
  output: (z) => z.object({ killed: z.string(), agents: z.number().int() }),
  async run(input, ctx) {
    const agents = await teamAgents(ctx.manager(), input.session);
    await ctx.manager().killSession(input.session);
    forgetKilled(ctx.manager(), agents);
    return { killed: input.session as string, agents: agents.length };
  },
  human: (d) => `killed team ${d.killed} (${counted(d.agents, 'agent')})`,
});

const broadcastCommand = defineCommand({
  name: 'broadcast',
  description:
    'Send one message to every agent of a team (or those of one role), each delivered and confirmed as agent send does; one failure does not stop the rest.',
  mcpDescription: 'Send a message to every agent of a team, or of a role.',
  effect: 'change',
  drivesAgents: true,
  idempotent: false,
  args: [
    SESSION,
    { name: 'message', description: 'the text, or @file', mcpDescription: '', maxLength: MESSAGE_MAX_BYTES },
  ],
  options: [
    { flags: '-r, --role <role>', description: 'only agents with this role', mcpDescription: 'only this role' },
    {
      flags: '-x, --exclude <target...>',
      description: 'agents to leave out (names or session:name)',
      mcpDescription: 'agent names',
      variadic: true,
    },
  ],
  output: (z) =>
    z.object({
      delivered: z.number().int(),
      failed: z.number().int(),
      results: z.array(
        z.object({
          target: z.string(),
          ok: z.boolean(),
          enters: z.number().int().optional(),
          error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() }).optional(),
        }),
      ),
    }),
  async run(input, ctx) {
    const excluded = new Set<string>((input.exclude ?? []).flatMap((x: string) => [x, `${input.session}:${x}`]));
    const agents = (await teamAgents(ctx.manager(), input.session)).filter(
      (a) => (!input.role || a.role === input.role) && !excluded.has(a.target) && !excluded.has(a.name),
    );
    if (agents.length === 0)
      throw new OrcError(
        'agent.notFound',
        `no agent in "${input.session}" matches${input.role ? ` role ${input.role}` : ''} after exclusions`,
      );
    const results = await broadcast(ctx.manager(), agents, await readTextArg(input.message, ctx));
    return { delivered: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length, results };
  },
  human: (d) =>
    `delivered to ${d.delivered}${d.failed ? red(`, failed ${d.failed}`) : ''}\n` +
    d.results.map((r) => `  ${r.target}: ${r.ok ? 'ok' : `${r.error.code} ${r.error.message}`}`).join('\n'),
});

/** `tmux-orc team ...`: a session of agents with roles. */
export const teamGroup: CommandGroup = {
  name: 'team',
  description: 'Teams of agents: a session with a PM, developers, QA.',
  commands: [deploy, status, list, broadcastCommand, kill],
};
