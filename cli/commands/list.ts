import { defineCommand } from '../command-spec.js';
import { renderTable } from '../render-table.js';
import { dim } from '../style.js';
import { onEveryHost } from '../every-host.js';
import { summarizeSessions, sessionSummarySchema, type SessionSummary } from './session-summary.js';

/** `tmux-orc list`: sessions with window, pane and agent counts. */
export const listCommand = defineCommand({
  name: 'list',
  description: 'List tmux sessions with their window, pane and agent counts. An empty list when no server runs.',
  mcpDescription: 'Sessions with their window, pane and agent counts.',
  effect: 'read',
  examples: [
    'tmux-orc list',
    'tmux-orc -L work list --json | jq -r ".data.sessions[].name"',
    'tmux-orc list --all-hosts',
  ],
  options: [
    {
      flags: '-A, --all-hosts',
      description: 'every host of the hosts file and this one, at once: sessions with their host, and a part per host',
      mcpDescription: '',
    },
  ],
  output: (z) =>
    z.object({
      serverRunning: z.boolean(),
      sessions: z.array(sessionSummarySchema(z).extend({ host: z.string().optional() })),
      hosts: z
        .array(
          z.object({
            host: z.string(),
            ok: z.boolean(),
            serverRunning: z.boolean().optional(),
            error: z.object({ code: z.string(), message: z.string() }).optional(),
          }),
        )
        .optional(),
    }),
  async run(input, ctx) {
    if (!input.allHosts) {
      const snap = await ctx.manager().snapshot();
      return {
        serverRunning: snap.serverRunning,
        sessions: summarizeSessions(snap) as (SessionSummary & { host?: string })[],
      };
    }
    const parts = await onEveryHost(ctx, async (manager) => manager.snapshot());
    return {
      serverRunning: parts.some((p) => p.ok && p.data.serverRunning),
      sessions: parts.flatMap((p) => (p.ok ? summarizeSessions(p.data).map((s) => ({ host: p.host, ...s })) : [])),
      hosts: parts.map((p) =>
        p.ok
          ? { host: p.host, ok: true, serverRunning: p.data.serverRunning }
          : { host: p.host, ok: false, error: p.error },
      ),
    };
  },
  human(data) {
    if (data.hosts) {
      const down = data.hosts.filter((h) => !h.ok).map((h) => `${h.host}: ${h.error?.code} ${h.error?.message}`);
      const rows = data.sessions.map((s) => [
        s.host ?? '',
        s.name,
        String(s.windows),
        String(s.panes),
        String(s.agents),
        String(s.attached),
        s.created,
      ]);
      return [
        rows.length
          ? renderTable(['HOST', 'SESSION', 'WINDOWS', 'PANES', 'AGENTS', 'ATTACHED', 'CREATED'], rows)
          : dim('no sessions'),
        ...down,
      ].join('\n');
    }
    if (!data.serverRunning) return dim('no tmux server running');
    if (data.sessions.length === 0) return dim('no sessions');
    return renderTable(
      ['SESSION', 'WINDOWS', 'PANES', 'AGENTS', 'ATTACHED', 'CREATED'],
      data.sessions.map((s) => [
        s.name,
        String(s.windows),
        String(s.panes),
        String(s.agents),
        String(s.attached),
        s.created,
      ]),
    );
  },
});
