import { listWorktrees, pruneWorktrees } from '../../src/worktrees/worktree-inventory.js';
import { defineCommand, type CommandGroup } from '../command-spec.js';
import { renderTable } from '../render-table.js';
import { dim } from '../style.js';

const list = defineCommand({
  name: 'list',
  description:
    "List the agents' git worktrees tmux-orc made on this tmux server: agent, branch, path, whether the agent still runs and the worktree is still on disk.",
  mcpDescription: "The agents' git worktrees.",
  effect: 'read',
  output: (z) =>
    z.object({
      worktrees: z.array(
        z.object({
          agent: z.string(),
          repository: z.string(),
          path: z.string(),
          branch: z.string(),
          base: z.string(),
          baseCommit: z.string(),
          agentRunning: z.boolean(),
          exists: z.boolean(),
        }),
      ),
    }),
  run: async (_input, ctx) => ({ worktrees: await listWorktrees(ctx.manager()) }),
  human: (d) =>
    d.worktrees.length === 0
      ? dim('no worktrees')
      : renderTable(
          ['AGENT', 'BRANCH', 'AGENT RUNS', 'PATH'],
          d.worktrees.map((w) => [
            w.agent,
            w.branch,
            w.agentRunning ? 'yes' : 'no',
            `${w.path}${w.exists ? '' : ' (gone)'}`,
          ]),
        ),
});

const prune = defineCommand({
  name: 'prune',
  description:
    'Remove the worktrees and branches whose agent is gone (killed, or not running after a kill-server); uncommitted or unmerged work is kept and reported unless --force.',
  effect: 'destroy',
  notForMcp: 'housekeeping that deletes work trees: for a person at a shell, after a look at worktree list',
  idempotent: false,
  options: [
    {
      flags: '--force',
      description: 'remove them even with uncommitted changes or unmerged commits',
      mcpDescription: '',
    },
    { flags: '--dry-run', description: 'say what would be removed, remove nothing', mcpDescription: '' },
  ],
  output: (z) =>
    z.object({
      worktrees: z.array(
        z.object({
          agent: z.string(),
          path: z.string(),
          outcome: z.enum(['removed', 'would-remove', 'kept']),
          error: z.object({ code: z.string(), message: z.string(), hint: z.string().optional() }).optional(),
        }),
      ),
    }),
  run: (input, ctx) => pruneWorktrees(ctx.manager(), { force: input.force === true, dryRun: input.dryRun === true }),
  human: (d) =>
    d.worktrees.length === 0
      ? dim('nothing to prune')
      : d.worktrees
          .map((w) => `${w.outcome} ${w.path} (${w.agent})${w.error ? `: ${w.error.message}` : ''}`)
          .join('\n'),
});

/** `tmux-orc worktree list|prune`: the agents' own git worktrees. */
export const worktreeGroup: CommandGroup = {
  name: 'worktree',
  description: 'List and prune the git worktrees made for agents (agent spawn --worktree).',
  commands: [list, prune],
};
