import { forgetKilled } from '../../src/agents/agent-lifecycle.js';
import { listAgents } from '../../src/agents/find-agent.js';
import { validateSessionName } from '../../src/manager/tmux-manager.js';
import { startedWindowSchema, watchStart } from '../confirm-started.js';
import { defineCommand, type CommandGroup } from '../command-spec.js';
import { renderTable } from '../render-table.js';
import { dim } from '../style.js';
import { sessionSummarySchema, summarizeSessions } from './session-summary.js';

const sessionList = defineCommand({
  name: 'list',
  description: 'List sessions with their windows (index, name, agent) in detail.',
  mcpDescription: 'Sessions with their windows (index, name, agent).',
  effect: 'read',
  output: (z) =>
    z.object({
      sessions: z.array(
        sessionSummarySchema(z).extend({
          windowList: z.array(
            z.object({
              index: z.number().int(),
              id: z.string(),
              name: z.string(),
              panes: z.number().int(),
              agent: z.string().optional(),
            }),
          ),
        }),
      ),
    }),
  async run(_input, ctx) {
    const snap = await ctx.manager().snapshot();
    return {
      sessions: summarizeSessions(snap).map((s, i) => ({
        ...s,
        windowList: snap.sessions[i]!.windows.map((w) => ({
          index: w.index,
          id: w.id,
          name: w.name,
          panes: w.panes.length,
          ...(w.meta.name ? { agent: w.meta.name } : {}),
        })),
      })),
    };
  },
  human(data) {
    if (data.sessions.length === 0) return dim('no sessions');
    return renderTable(
      ['SESSION', 'WINDOW', 'NAME', 'PANES', 'AGENT'],
      data.sessions.flatMap((s) =>
        s.windowList.map((w) => [s.name, String(w.index), w.name, String(w.panes), w.agent ?? '']),
      ),
    );
  },
});

const sessionNew = defineCommand({
  name: 'new',
  description:
    'Create a detached session. Give a program after -- to run it instead of the default shell (run directly, never through a shell); one that exits within 0.3 s fails with window.exited, its status and last lines.',
  mcpDescription: 'Create a detached session running command, or a shell.',
  effect: 'change',
  idempotent: false,
  args: [
    { name: 'name', description: 'session name (no ":" or ".")', mcpDescription: 'no : or .', host: true },
    {
      name: 'command',
      description: 'program and arguments for the first window (after --)',
      mcpDescription: 'argv',
      variadic: true,
      required: false,
    },
  ],
  options: [
    { flags: '-n, --window-name <name>', description: 'name of the first window', mcpDescription: '' },
    { flags: '-c, --cwd <dir>', description: 'working directory', mcpDescription: '' },
    {
      flags: '--width <cols>',
      description: 'window width',
      mcpDescription: '',
      type: 'integer',
      min: 10,
      max: 1000,
      default: 200,
    },
    {
      flags: '--height <rows>',
      description: 'window height',
      mcpDescription: '',
      type: 'integer',
      min: 5,
      max: 1000,
      default: 50,
    },
  ],
  examples: ['tmux-orc session new work', 'tmux-orc session new logs -- tail -f /var/log/syslog'],
  output: startedWindowSchema,
  async run(input, ctx) {
    validateSessionName(input.name);
    const manager = ctx.manager();
    const watched = watchStart(
      manager,
      {
        ...(input.windowName ? { name: input.windowName } : {}),
        ...(input.cwd ? { cwd: input.cwd } : {}),
        ...(input.command?.length ? { command: input.command } : {}),
        width: input.width,
        height: input.height,
      },
      'session',
    );
    const created = await manager.newSession(input.name, watched.start);
    await watched.confirm(created);
    return created;
  },
  human: (d) => `created session ${d.session} (window ${d.windowIndex}, pane ${d.paneId})`,
});

const sessionKill = defineCommand({
  name: 'kill',
  description: 'Kill a session (exact name) and every window and agent in it.',
  mcpDescription: 'Kill a session and every window and agent in it.',
  effect: 'destroy',
  idempotent: false,
  args: [{ name: 'name', description: 'session name', mcpDescription: '', host: true }],
  output: (z) => z.object({ killed: z.string() }),
  async run(input, ctx) {
    // Agents killed on purpose: the fleet file forgets them (a restore must not bring them back).
    const agents = await listAgents(ctx.manager(), input.name).catch(() => []);
    await ctx.manager().killSession(input.name);
    forgetKilled(ctx.manager(), agents);
    return { killed: input.name as string };
  },
  human: (d) => `killed session ${d.killed}`,
});

/** `tmux-orc session list|new|kill`. */
export const sessionGroup: CommandGroup = {
  name: 'session',
  description: 'Create, list and kill tmux sessions.',
  commands: [sessionList, sessionNew, sessionKill],
};
