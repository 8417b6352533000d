import { forgetKilled } from '../../src/agents/agent-lifecycle.js';
import { findAgent } from '../../src/agents/find-agent.js';
import { startedWindowSchema, watchStart } from '../confirm-started.js';
import { defineCommand, type CommandGroup } from '../command-spec.js';

const windowNew = defineCommand({
  name: 'new',
  description:
    'Open a window in a session. Give a program after -- to run it instead of the default shell (run directly, never through a shell); one that exits within 0.3 s fails with window.exited, its status and last lines.',
  mcpDescription: 'Open a window running command, or a shell.',
  effect: 'change',
  idempotent: false,
  args: [
    { name: 'session', description: 'session name', mcpDescription: '' },
    {
      name: 'command',
      description: 'program and arguments (after --)',
      mcpDescription: 'argv',
      variadic: true,
      required: false,
    },
  ],
  options: [
    { flags: '-n, --name <name>', description: 'window name', mcpDescription: '' },
    { flags: '-c, --cwd <dir>', description: 'working directory', mcpDescription: '' },
  ],
  examples: ['tmux-orc window new work -n build -- make watch'],
  output: startedWindowSchema,
  async run(input, ctx) {
    const manager = ctx.manager();
    const watched = watchStart(
      manager,
      {
        ...(input.name ? { name: input.name } : {}),
        ...(input.cwd ? { cwd: input.cwd } : {}),
        ...(input.command?.length ? { command: input.command } : {}),
      },
      'window',
    );
    const created = await manager.newWindow(input.session, watched.start);
    await watched.confirm(created);
    return created;
  },
  human: (d) => `created window ${d.session}:${d.windowIndex} (${d.windowId})`,
});

const windowKill = defineCommand({
  name: 'kill',
  description: 'Kill the window a target names (session:window, by index or name).',
  mcpDescription: 'Kill a window (session:window).',
  effect: 'destroy',
  idempotent: false,
  args: [{ name: 'target', description: 'session:window' }],
  output: (z) => z.object({ killed: z.string() }),
  async run(input, ctx) {
    // An agent's window killed on purpose: the fleet file forgets it (a restore must not bring it back).
    const agent = await findAgent(ctx.manager(), input.target).catch(() => undefined);
    await ctx.manager().killWindow(input.target);
    if (agent?.managed) forgetKilled(ctx.manager(), [agent]);
    return { killed: input.target as string };
  },
  human: (d) => `killed window ${d.killed}`,
});

/** `tmux-orc window new|kill`. */
export const windowGroup: CommandGroup = {
  name: 'window',
  description: 'Open and kill windows.',
  commands: [windowNew, windowKill],
};
