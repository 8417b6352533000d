import { MESSAGE_MAX_BYTES } from '../../src/input-limits.js';
import { OrcError } from '../../src/errors.js';
import { kindProfile } from '../../src/agents/kind-profiles.js';
import { answerPrompt } from '../../src/agents/answer-prompt.js';
import { killAgent, restartAgent } from '../../src/agents/agent-lifecycle.js';
import { AGENT_KINDS } from '../../src/agents/agent-state.js';
import { KIND_MODULES } from '../../src/agents/kinds/index.js';
import { agentStatuses, type AgentStatus } from '../../src/agents/agent-status.js';
import { everyAgentStatus } from '../../src/agents/every-agent-status.js';
import { onEveryHost, onHostTarget } from '../every-host.js';
import { deliverMessage, type DeliveryReport } from '../../src/agents/deliver-message.js';
import { findAgent, listAgents } from '../../src/agents/find-agent.js';
import { readBriefing } from '../../src/agents/read-briefing.js';
import { readOutput } from '../../src/agents/read-output.js';
import { worktreeDiff } from '../../src/worktrees/worktree-diff.js';
import { spawnAgent } from '../../src/agents/spawn-agent.js';
import { parseWaitCondition, waitForState } from '../../src/agents/wait-for-state.js';
import { defineCommand, type CommandGroup } from '../command-spec.js';
import { renderTable } from '../render-table.js';
import { colorState, dim } from '../style.js';
import { parseEnvPairs, readStdin, readTextArg } from '../read-text-arg.js';
import { agentRecordSchema, agentStatusSchema, deliverySchema, spawnResultSchema } from './agent-schemas.js';

// What the help says of the kinds, from their modules (src/agents/kinds/): a new kind is listed without an edit here.
const PROGRAMS = KIND_MODULES.flatMap((k) => k.programName ?? k.profile.defaultCommand.slice(0, 1)).join(', ');
const HOOKED = KIND_MODULES.filter((k) => k.hooks)
  .map((k) => k.summary)
  .join(', ');
const READY_S = KIND_MODULES.map((k) => k.profile.readyTimeoutMs / 1000);

const TARGET = {
  name: 'target',
  description: 'the agent: session:window (window by agent name, name or index), or session:window.pane',
  mcpDescription: '',
};

const spawn = defineCommand({
  name: 'spawn',
  description:
    'Start an AI agent (or any program) in its own window, creating the session if needed; wait until it is ready, then deliver the briefing. The program runs from an argument array, never through a shell.',
  mcpDescription: 'Start an agent in a new window, wait until ready, send the briefing.',
  effect: 'change',
  drivesAgents: true,
  idempotent: false,
  args: [
    { name: 'session', description: 'session to start the agent in (created if missing)', mcpDescription: '' },
    {
      name: 'args',
      description: `after --: the program and its arguments (or only the arguments, with --command); the kind's default program (${PROGRAMS}) when absent`,
      mcpDescription: "argv; default: the kind's program",
      variadic: true,
      required: false,
    },
  ],
  options: [
    {
      flags: '-n, --name <name>',
      description: 'agent name; also its window name and target (session:name)',
      mcpDescription: 'target: session:name',
      required: true,
    },
    {
      flags: '-r, --role <role>',
      description: 'orchestrator, pm, developer, qa, devops, reviewer, or free text',
      mcpDescription: 'pm, developer, qa, ...',
      default: 'developer',
    },
    {
      flags: '-k, --kind <kind>',
      description: 'which agent program this is; picks the state detector and delivery timing',
      mcpDescription: '',
      choices: AGENT_KINDS,
      default: 'claude',
    },
    {
      flags: '--command <program>',
      description: 'the program to run; its arguments go after --',
      mcpDescription: 'program; args are its arguments',
    },
    { flags: '-c, --cwd <dir>', description: 'working directory', mcpDescription: '' },
    {
      flags: '-e, --env <KEY=VALUE...>',
      description: 'environment variables for the agent (repeatable)',
      mcpDescription: 'KEY=VALUE pairs',
      variadic: true,
    },
    {
      flags: '-b, --briefing <text|@file>',
      description: 'first message, sent once the agent is ready (not for --kind shell, which would run it as commands)',
      mcpDescription: 'first message, once ready',
      maxLength: MESSAGE_MAX_BYTES,
    },
    {
      flags: '--no-wait',
      description: 'return at once instead of waiting for the agent to be ready',
      mcpDescription: 'false: skip readiness',
    },
    {
      flags: '--no-hooks',
      description: `do not install the CLI's hooks (${HOOKED}); its state is then read from the screen only`,
      mcpDescription: 'false: screen only',
    },
    {
      flags: '--ready-timeout <seconds>',
      description: `how long to wait for readiness (default: per kind, ${Math.min(...READY_S)}-${Math.max(...READY_S)} s)`,
      mcpDescription: 'seconds',
      type: 'number',
      min: 0.1,
      max: 3600,
    },
    {
      flags: '-w, --worktree [branch]',
      description:
        'run the agent in a git worktree of its own, on a new branch (default tmux-orc/<session>/<name>) of the repository holding --cwd',
      mcpDescription: 'true or a branch name',
      schema: (z) => z.union([z.boolean(), z.string()]),
    },
    {
      flags: '--base <ref>',
      description: 'with --worktree: the commit or branch the new branch starts from (default HEAD)',
      mcpDescription: '',
    },
    {
      flags: '--env-secret <KEY...>',
      description: 'environment variables (of --env) whose values the fleet file on disk must not keep',
      mcpDescription: '',
      variadic: true,
    },
  ],
  examples: [
    'tmux-orc agent spawn myproj --name dev1 --role developer --kind claude --briefing @brief.md',
    'tmux-orc agent spawn myproj --name dev2 --cwd ~/src/shop --worktree',
    'tmux-orc agent spawn myproj --name helper --kind codex --command codex -- --model o4-mini',
  ],
  output: spawnResultSchema,
  async run(input, ctx) {
    if (input.briefing && kindProfile(input.kind).runsInput) {
      throw new OrcError('usage.invalid', `a ${input.kind} runs what it is typed, so it takes no --briefing`, {
        hint: 'type commands into it with: tmux-orc agent send <target> "<command>"',
      });
    }
    const command: string[] = [...(input.command ? [input.command] : []), ...(input.args ?? [])];
    return spawnAgent(ctx.manager(), {
      session: input.session,
      name: input.name,
      role: input.role,
      kind: input.kind,
      ...(command.length ? { command } : {}),
      ...(input.cwd ? { cwd: input.cwd } : {}),
      ...(input.env ? { env: parseEnvPairs(input.env)! } : {}),
      ...(input.briefing ? { briefing: await readTextArg(input.briefing, ctx) } : {}),
      wait: input.wait,
      hooks: input.hooks,
      ...(input.readyTimeout ? { readyTimeoutMs: input.readyTimeout * 1000 } : {}),
      ...(input.worktree
        ? {
            worktree: {
              ...(typeof input.worktree === 'string' ? { branch: input.worktree } : {}),
              ...(input.base ? { base: input.base } : {}),
            },
          }
        : {}),
      ...(input.envSecret ? { secretEnv: input.envSecret } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  },
  human: (d) =>
    `spawned ${d.agent.target} (${d.agent.kind}, ${d.agent.role}) — ${d.ready ? 'ready' : d.state}${d.briefing ? ', briefed' : ''}`,
});

const list = defineCommand({
  name: 'list',
  description: 'List the agents tmux-orc spawned, with their role, kind and command (no state: use agent status).',
  mcpDescription: 'Agents tmux-orc spawned: role, kind, command.',
  effect: 'read',
  options: [{ flags: '-s, --session <session>', description: 'only this session', mcpDescription: '' }],
  output: (z) => z.object({ agents: z.array(agentRecordSchema(z)) }),
  async run(input, ctx) {
    return { agents: await listAgents(ctx.manager(), input.session) };
  },
  human: (d) =>
    d.agents.length === 0
      ? dim('no agents')
      : renderTable(
          ['TARGET', 'ROLE', 'KIND', 'PANE', 'COMMAND'],
          d.agents.map((a) => [a.target, a.role, a.kind, a.paneId, a.command.join(' ')]),
        ),
});

const info = defineCommand({
  name: 'info',
  description: 'Show one agent: its metadata (role, kind, command, cwd, briefing) and its current state.',
  mcpDescription: "One agent's metadata and state.",
  effect: 'read',
  args: [TARGET],
  output: (z) =>
    z.object({ agent: agentRecordSchema(z).extend({ managed: z.boolean() }), status: agentStatusSchema(z) }),
  async run(input, ctx) {
    const agent = await findAgent(ctx.manager(), input.target);
    const [[status], briefing] = await Promise.all([
      agentStatuses(ctx.manager(), [agent]),
      agent.managed ? readBriefing(ctx.manager(), agent.windowId) : undefined,
    ]);
    return { agent: { ...agent, ...(briefing ? { briefing } : {}) }, status: status! };
  },
  human: (d) =>
    [
      `${d.agent.target}  ${colorState(d.status.state)} (${d.status.reason})`,
      `  role ${d.agent.role || '-'}  kind ${d.agent.kind}  pane ${d.agent.paneId}`,
      `  command ${d.agent.command.join(' ') || '-'}${d.agent.cwd ? `  cwd ${d.agent.cwd}` : ''}`,
      ...(d.agent.created ? [`  created ${d.agent.created}`] : []),
    ].join('\n'),
});

const status = defineCommand({
  name: 'status',
  description:
    'Read the state of one agent, or of every agent: idle, busy, waiting (a permission prompt), rate_limited, crashed, starting or unknown, with the reason.',
  mcpDescription: 'The state of one or every agent, with the reason.',
  effect: 'read',
  // Over MCP the tool's description says it: "one or every agent".
  args: [{ ...TARGET, required: false, description: 'one agent; all agents when absent', mcpDescription: '' }],
  options: [
    { flags: '-s, --session <session>', description: 'only the agents of this session', mcpDescription: '' },
    {
      flags: '-A, --all-hosts',
      description:
        'every agent of every host of the hosts file and this one, at once (targets as host/session:window), and a part per host',
      mcpDescription: '',
    },
  ],
  output: (z) =>
    z.object({
      agents: z.array(agentStatusSchema(z).extend({ host: z.string().optional() })),
      hosts: z
        .array(
          z.object({
            host: z.string(),
            ok: z.boolean(),
            agents: z.number().int().optional(),
            error: z.object({ code: z.string(), message: z.string() }).optional(),
          }),
        )
        .optional(),
    }),
  async run(input, ctx) {
    if (input.allHosts) {
      if (input.target || input.session)
        throw new OrcError('usage.invalid', '--all-hosts reads every agent: give no target or --session with it');
      const parts = await onEveryHost(ctx, async (manager, host) =>
        (await everyAgentStatus(manager)).agents.map((a) => ({ ...a, host, target: onHostTarget(host, a.target) })),
      );
      return {
        agents: parts.flatMap((p) => (p.ok ? p.data : [])),
        hosts: parts.map((p) =>
          p.ok ? { host: p.host, ok: true, agents: p.data.length } : { host: p.host, ok: false, error: p.error },
        ),
      };
    }
    const manager = ctx.manager();
    if (!input.target && input.session === undefined) return { agents: (await everyAgentStatus(manager)).agents };
    const agents = input.target ? [await findAgent(manager, input.target)] : await listAgents(manager, input.session);
    return { agents: await agentStatuses(manager, agents) };
  },
  human: (d: {
    agents: (AgentStatus & { host?: string })[];
    hosts?: { host: string; ok: boolean; error?: { code: string; message: string } }[];
  }) =>
    [
      d.agents.length === 0
        ? dim('no agents')
        : renderTable(
            ['TARGET', 'ROLE', 'STATE', 'REASON', 'IDLE'],
            d.agents.map((a) => [
              a.target,
              a.role,
              colorState(a.state),
              a.reason,
              a.idleSeconds === undefined ? '' : `${a.idleSeconds}s`,
            ]),
          ),
      ...(d.hosts ?? []).filter((h) => !h.ok).map((h) => `${h.host}: ${h.error?.code} ${h.error?.message}`),
    ].join('\n'),
});

const kill = defineCommand({
  name: 'kill',
  description:
    'Kill an agent: its window and program. With --remove-worktree also its worktree and branch (refused when it has uncommitted or unmerged work, unless --force).',
  mcpDescription: 'Kill an agent (and with removeWorktree its worktree, if clean).',
  effect: 'destroy',
  idempotent: false,
  args: [TARGET],
  options: [
    { flags: '--remove-worktree', description: "also remove the agent's git worktree and branch", mcpDescription: '' },
    {
      flags: '--force',
      description: 'with --remove-worktree: remove it even with uncommitted changes or unmerged commits',
      mcpDescription: 'even with unmerged work',
    },
  ],
  output: (z) =>
    z.object({
      killed: z.string(),
      worktree: z.object({ removed: z.string(), branch: z.string(), forced: z.boolean() }).optional(),
    }),
  run: (input, ctx) =>
    killAgent(ctx.manager(), input.target, {
      removeWorktree: input.removeWorktree === true,
      force: input.force === true,
    }),
  human: (d) =>
    `killed ${d.killed}${d.worktree ? `; removed worktree ${d.worktree.removed} and branch ${d.worktree.branch}` : ''}`,
});

const diff = defineCommand({
  name: 'diff',
  description:
    'What an agent changed in its own worktree against the commit its branch was made from: files with lines added and removed, commits ahead and behind its base, uncommitted files; --patch adds the diff.',
  mcpDescription: "An agent's worktree changes: files, lines, commits ahead/behind.",
  effect: 'read',
  args: [TARGET],
  options: [{ flags: '--patch', description: 'include the diff itself', mcpDescription: '' }],
  output: (z) =>
    z.object({
      target: z.string(),
      branch: z.string(),
      base: z.string(),
      ahead: z.number().int(),
      behind: z.number().int(),
      files: z.array(
        z.object({ path: z.string(), added: z.number().int().optional(), removed: z.number().int().optional() }),
      ),
      uncommitted: z.array(z.string()),
      patch: z.string().optional(),
    }),
  async run(input, ctx) {
    const manager = ctx.manager();
    const agent = await findAgent(manager, input.target);
    if (!agent.worktree)
      throw new OrcError('worktree.none', `${agent.target} has no worktree of its own`, {
        hint: 'spawn agents with --worktree to give each its own',
      });
    // git runs on the agent's host.
    const { remote } = manager.socket;
    const diff = await worktreeDiff(agent.worktree, { patch: input.patch === true, ...(remote ? { remote } : {}) });
    return { target: agent.target, ...diff };
  },
  human: (d) =>
    [
      `${d.target}: ${d.branch}, ${d.ahead} ahead and ${d.behind} behind ${d.base}${d.uncommitted.length ? `, ${d.uncommitted.length} uncommitted` : ''}`,
      ...d.files.map((f) => `  ${f.added === undefined ? 'bin' : `+${f.added} -${f.removed}`}\t${f.path}`),
      ...(d.patch ? ['', d.patch] : []),
    ].join('\n'),
});

const restart = defineCommand({
  name: 'restart',
  description:
    'Restart an agent in place with the same command, working directory, environment and metadata; optionally re-send its briefing.',
  mcpDescription: 'Restart an agent in place, as it was spawned.',
  effect: 'destroy',
  drivesAgents: true,
  idempotent: false,
  args: [TARGET],
  options: [
    {
      flags: '--rebrief',
      description: 're-send the briefing it was spawned with',
      mcpDescription: 'send its briefing again',
    },
    {
      flags: '--resume',
      description:
        "continue the CLI's conversation (Claude Code --resume, codex resume, Gemini --resume) where its id is known; a fresh start otherwise, said in the result",
      mcpDescription: 'continue its conversation',
    },
    {
      flags: '--no-wait',
      description: 'return at once instead of waiting for readiness',
      mcpDescription: 'false: skip readiness',
    },
  ],
  output: (z) => spawnResultSchema(z).extend({ resumed: z.union([z.string(), z.literal(false)]).optional() }),
  run: (input, ctx) =>
    restartAgent(ctx.manager(), input.target, {
      rebrief: input.rebrief,
      wait: input.wait,
      resume: input.resume === true,
    }),
  human: (d) => `restarted ${d.agent.target} — ${d.ready ? 'ready' : d.state}${d.briefing ? ', briefed' : ''}`,
});

const send = defineCommand({
  name: 'send',
  description:
    "Send a message to an agent and confirm it was submitted exactly once: one line as typed keys, multi-line text as a bracketed paste, then Enter after the kind's delay, retried if the input box still holds the text. Never sends Ctrl-C.",
  mcpDescription: 'Send a message to an agent and confirm it was submitted exactly once.',
  effect: 'change',
  drivesAgents: true,
  idempotent: false,
  args: [
    TARGET,
    {
      name: 'message',
      description: 'the text; "-" reads it from stdin; @file reads a file',
      mcpDescription: '',
      maxLength: MESSAGE_MAX_BYTES,
    },
  ],
  options: [
    {
      flags: '--no-enter',
      description: 'type the text but do not submit it',
      mcpDescription: 'false: type it, do not submit',
    },
    {
      flags: '--wait-idle',
      description: 'after submitting, wait until the agent is idle again',
      mcpDescription: 'then wait until idle',
    },
    {
      flags: '-t, --timeout <seconds>',
      description: 'how long --wait-idle waits',
      mcpDescription: 'seconds',
      type: 'number',
      min: 0.1,
      max: 86400,
      default: 300,
    },
  ],
  examples: [
    'tmux-orc agent send proj:dev1 "run the tests and report"',
    'git diff | tmux-orc agent send proj:reviewer -',
  ],
  output: (z) => deliverySchema(z).extend({ state: z.string().optional() }),
  async run(input, ctx): Promise<DeliveryReport & { state?: string }> {
    const manager = ctx.manager();
    const agent = await findAgent(manager, input.target);
    const text =
      input.message === '-' && !ctx.viaMcp && !ctx.literalText
        ? await readStdin()
        : await readTextArg(input.message, ctx);
    const report = await deliverMessage(manager, agent, text, { noEnter: !input.enter });
    if (!input.waitIdle || !report.submitted) return report;
    const state = await waitForState(
      manager,
      agent,
      { state: 'idle' },
      { timeoutMs: input.timeout * 1000, ...(ctx.signal ? { signal: ctx.signal } : {}) },
    );
    return { ...report, state: state.state };
  },
  human: (d) =>
    d.submitted
      ? `sent to ${d.target} (${d.method}, ${d.enters} Enter${d.enters > 1 ? 's' : ''})${d.state ? `; now ${d.state}` : ''}`
      : `typed into ${d.target} (not submitted)`,
});

const read = defineCommand({
  name: 'read',
  description: "Read the tail of an agent's pane, or only what is new since the cursor an earlier read returned.",
  mcpDescription: "The tail of an agent's pane, or what is new since a read's cursor.",
  effect: 'read',
  args: [TARGET],
  options: [
    {
      flags: '-l, --lines <n>',
      description: 'how many lines at most',
      mcpDescription: '',
      type: 'integer',
      min: 1,
      max: 100000,
      default: 50,
    },
    {
      flags: '--since <cursor>',
      description: 'only lines after this cursor (from an earlier read; at most 1024 characters)',
      mcpDescription: 'cursor from an earlier read',
    },
  ],
  output: (z) =>
    z.object({
      target: z.string(),
      text: z.string(),
      lines: z.number().int(),
      cursor: z.string(),
      gap: z.boolean().optional(),
    }),
  async run(input, ctx) {
    const agent = await findAgent(ctx.manager(), input.target);
    return readOutput(ctx.manager(), agent, { lines: input.lines, ...(input.since ? { since: input.since } : {}) });
  },
  human: (d) => d.text,
});

const wait = defineCommand({
  name: 'wait',
  description:
    'Block until an agent is in a state (idle, busy, waiting, crashed, rate_limited) or its screen matches text:<regex>; returns the state and the last lines, or fails with agent.waitTimeout.',
  mcpDescription: "Wait for an agent's state or screen text.",
  effect: 'read',
  args: [TARGET],
  options: [
    {
      flags: '-u, --until <condition>',
      description:
        'idle | busy | waiting | crashed | rate_limited | text:<regex> (RE2 syntax, multiline: no backreferences nor lookaround)',
      mcpDescription: 'idle, busy, waiting, crashed, rate_limited, or text:<RE2 regex>',
      required: true,
    },
    {
      flags: '-t, --timeout <seconds>',
      description: 'give up after this long',
      mcpDescription: 'seconds',
      type: 'number',
      min: 0.1,
      max: 86400,
      default: 60,
    },
  ],
  output: (z) =>
    z.object({
      target: z.string(),
      state: z.string(),
      source: z.string(),
      reason: z.string(),
      lastLines: z.string(),
      waitedMs: z.number(),
    }),
  async run(input, ctx) {
    const condition = await parseWaitCondition(input.until);
    const agent = await findAgent(ctx.manager(), input.target);
    const started = Date.now();
    const state = await waitForState(ctx.manager(), agent, condition, {
      timeoutMs: input.timeout * 1000,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    return {
      target: agent.target,
      state: state.state,
      source: state.source,
      reason: state.reason,
      lastLines: state.screen.split('\n').slice(-20).join('\n'),
      waitedMs: Date.now() - started,
    };
  },
  human: (d) => `${d.target} is ${colorState(d.state)} (${d.reason}) after ${d.waitedMs} ms`,
});

const approve = defineCommand({
  name: 'approve',
  description:
    'Answer yes to the permission prompt an agent is waiting on, with the keys its kind expects; --always picks "yes, and don\'t ask again".',
  mcpDescription: "Answer yes to an agent's permission prompt.",
  effect: 'change',
  drivesAgents: true,
  idempotent: false,
  args: [TARGET],
  options: [
    {
      flags: '--always',
      description: 'approve for the rest of the session where the agent offers it',
      mcpDescription: "yes, and don't ask again",
    },
  ],
  output: (z) => z.object({ target: z.string(), answer: z.string(), keys: z.array(z.string()) }),
  run: (input, ctx) => answerPrompt(ctx.manager(), input.target, input.always ? 'always' : 'approve'),
  human: (d) => `${d.answer} → ${d.target}`,
});

const deny = defineCommand({
  name: 'deny',
  description: 'Answer no to the permission prompt an agent is waiting on.',
  mcpDescription: "Answer no to an agent's permission prompt.",
  effect: 'change',
  drivesAgents: true,
  idempotent: false,
  args: [TARGET],
  output: (z) => z.object({ target: z.string(), answer: z.string(), keys: z.array(z.string()) }),
  run: (input, ctx) => answerPrompt(ctx.manager(), input.target, 'deny'),
  human: (d) => `denied → ${d.target}`,
});

/** `tmux-orc agent ...`: one AI agent in one tmux window. */
export const agentGroup: CommandGroup = {
  name: 'agent',
  description: 'AI agents, each in its own tmux window.',
  commands: [spawn, list, info, status, send, read, wait, approve, deny, restart, kill, diff],
};
