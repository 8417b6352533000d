import { restoreFleet } from '../../src/restore/restore-fleet.js';
import { defineCommand } from '../command-spec.js';
import { renderTable } from '../render-table.js';
import { dim } from '../style.js';

/** `tmux-orc restore`: the agents of the fleet file that tmux lost, back. */
export const restoreCommand = defineCommand({
  name: 'restore',
  description:
    "Bring back the agents tmux lost (after a kill-server or a reboot) from the fleet file: sessions, windows, commands, directories and worktrees, continuing each CLI's conversation where its id is known; agents still running are left alone.",
  mcpDescription: 'Bring back the agents tmux lost, resuming their conversations.',
  effect: 'change',
  drivesAgents: true,
  idempotent: true,
  options: [
    { flags: '-s, --session <name>', description: "only this session's agents", mcpDescription: '' },
    { flags: '--dry-run', description: 'say what would be restored, start nothing', mcpDescription: '' },
    {
      flags: '--no-wait',
      description: 'return once the windows exist, without waiting for readiness',
      mcpDescription: 'false: skip readiness',
    },
  ],
  examples: ['tmux-orc restore --dry-run', 'tmux-orc restore --session shop'],
  output: (z) =>
    z.object({
      agents: z.array(
        z.object({
          target: z.string(),
          kind: z.string(),
          outcome: z.enum(['running', 'restored', 'would-restore', 'failed']),
          resumed: z.union([z.string(), z.literal(false)]).optional(),
          briefed: z.boolean().optional(),
          missingEnv: z.array(z.string()).optional(),
          worktreeGone: z.boolean().optional(),
          error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() }).optional(),
        }),
      ),
    }),
  run: (input, ctx) =>
    restoreFleet(ctx.manager(), {
      ...(input.session ? { session: input.session } : {}),
      dryRun: input.dryRun === true,
      wait: input.wait !== false,
    }),
  human: (d) =>
    d.agents.length === 0
      ? dim('nothing to restore: the fleet file has no agents')
      : renderTable(
          ['AGENT', 'KIND', 'OUTCOME', 'CONVERSATION', 'NOTE'],
          d.agents.map((a) => [
            a.target,
            a.kind,
            a.outcome,
            a.resumed
              ? `resumed ${a.resumed.slice(0, 8)}`
              : a.outcome === 'running'
                ? ''
                : `fresh start${a.briefed ? ', briefed' : ''}`,
            [
              a.error ? `${a.error.code}: ${a.error.message}` : '',
              a.missingEnv ? `without ${a.missingEnv.join(', ')}` : '',
              a.worktreeGone ? 'worktree gone' : '',
            ]
              .filter(Boolean)
              .join('; '),
          ]),
        ),
});
