import { defineCommand } from '../command-spec.js';
import { renderTable } from '../render-table.js';
import { bold, dim } from '../style.js';
import { counted } from '../plural.js';
import { sessionSummarySchema, summarizeSessions } from './session-summary.js';

/** `tmux-orc status`: the server, then every session's windows. */
export const statusCommand = defineCommand({
  name: 'status',
  description:
    'Show the tmux server (version, pid, socket, transport) and each session with its windows, panes and agents.',
  mcpDescription: 'The tmux server and its sessions, windows, panes and agents.',
  effect: 'read',
  output: (z) =>
    z.object({
      server: z.object({
        running: z.boolean(),
        version: z.string().optional(),
        pid: z.number().int().optional(),
        socketPath: z.string().optional(),
        transport: z.enum(['control', 'spawn']),
      }),
      totals: z.object({
        sessions: z.number().int(),
        windows: z.number().int(),
        panes: z.number().int(),
        agents: z.number().int(),
      }),
      sessions: z.array(
        sessionSummarySchema(z).extend({
          windowList: z.array(
            z.object({
              index: z.number().int(),
              name: z.string(),
              active: z.boolean(),
              panes: z.number().int(),
              agent: z.string().optional(),
              role: z.string().optional(),
              kind: z.string().optional(),
            }),
          ),
        }),
      ),
    }),
  async run(_input, ctx) {
    const manager = ctx.manager();
    const snap = await manager.snapshot();
    const server: {
      running: boolean;
      version?: string;
      pid?: number;
      socketPath?: string;
      transport: 'control' | 'spawn';
    } = {
      running: snap.serverRunning,
      transport: manager.coherent() ? 'control' : 'spawn',
    };
    if (snap.serverRunning && snap.sessions[0]) {
      const [version = '', pid = '', socketPath = ''] = (
        await manager.display(snap.sessions[0].id, '#{version}\x1f#{pid}\x1f#{socket_path}')
      ).split('\x1f');
      Object.assign(server, { version, pid: Number(pid), socketPath });
    }
    const summaries = summarizeSessions(snap);
    const sessions = summaries.map((summary, i) => ({
      ...summary,
      windowList: snap.sessions[i]!.windows.map((w) => ({
        index: w.index,
        name: w.name,
        active: w.active,
        panes: w.panes.length,
        ...(w.meta.name ? { agent: w.meta.name } : {}),
        ...(w.meta.role ? { role: w.meta.role } : {}),
        ...(w.meta.kind ? { kind: w.meta.kind } : {}),
      })),
    }));
    const sum = (f: (s: (typeof summaries)[number]) => number) => summaries.reduce((n, s) => n + f(s), 0);
    return {
      server,
      totals: {
        sessions: summaries.length,
        windows: sum((s) => s.windows),
        panes: sum((s) => s.panes),
        agents: sum((s) => s.agents),
      },
      sessions,
    };
  },
  human(data) {
    if (!data.server.running) return dim('no tmux server running');
    const head =
      `${bold('tmux')} ${data.server.version ?? ''}  pid ${data.server.pid ?? '?'}  ${data.server.socketPath ?? ''}  (${data.server.transport})\n` +
      [
        counted(data.totals.sessions, 'session'),
        counted(data.totals.windows, 'window'),
        counted(data.totals.panes, 'pane'),
        counted(data.totals.agents, 'agent'),
      ].join(', ');
    const blocks = data.sessions.map(
      (s) =>
        `\n${bold(s.name)}${s.attached ? dim(' (attached)') : ''}\n` +
        renderTable(
          ['  WINDOW', 'NAME', 'PANES', 'AGENT', 'ROLE', 'KIND'],
          s.windowList.map((w) => [
            `  ${w.index}${w.active ? '*' : ''}`,
            w.name,
            String(w.panes),
            w.agent ?? '',
            w.role ?? '',
            w.kind ?? '',
          ]),
        ),
    );
    return head + '\n' + blocks.join('\n');
  },
});
