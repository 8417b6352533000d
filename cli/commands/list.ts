import { defineCommand } from '../command-spec.js';
import { renderTable } from '../render-table.js';
import { dim } from '../style.js';
import { summarizeSessions, sessionSummarySchema } from './session-summary.js';

/** `tmux-orc list`: sessions with window, pane and agent counts. */
export const listCommand = defineCommand({
  name: 'list',
  description: 'List tmux sessions with their window, pane and agent counts. An empty list when no server runs.',
  mcpDescription: 'Sessions with their window, pane and agent counts.',
  effect: 'read',
  examples: ['tmux-orc list', 'tmux-orc -L work list --json | jq -r ".data.sessions[].name"'],
  output: (z) => z.object({ serverRunning: z.boolean(), sessions: z.array(sessionSummarySchema(z)) }),
  async run(_input, ctx) {
    const snap = await ctx.manager().snapshot();
    return { serverRunning: snap.serverRunning, sessions: summarizeSessions(snap) };
  },
  human(data) {
    if (!data.serverRunning) return dim('no tmux server running');
    if (data.sessions.length === 0) return dim('no sessions');
    return renderTable(
      ['SESSION', 'WINDOWS', 'PANES', 'AGENTS', 'ATTACHED', 'CREATED'],
      data.sessions.map((s) => [s.name, String(s.windows), String(s.panes), String(s.agents), String(s.attached), s.created]),
    );
  },
});
