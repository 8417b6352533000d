import { OrcError } from '../../src/errors.js';
import { selectPane, selectWindow } from '../../src/tmux/tmux-commands.js';
import { clientArgs } from '../../src/tmux/transport.js';
import { defineCommand } from '../command-spec.js';
import { socketOptions } from '../socket-options.js';

/** `tmux-orc attach <target>`: look at a session, window or agent: switch-client inside tmux, attach outside. */
export const attachCommand = defineCommand({
  name: 'attach',
  description:
    'Attach this terminal to a session, window, pane or agent (targets as everywhere: session, ' +
    'session:window by agent name, name or index, session:window.pane). Inside tmux on the same server it ' +
    'switches this client instead.',
  effect: 'read',
  idempotent: false,
  args: [{ name: 'target', description: 'session, session:window or session:window.pane (an agent: session:name)' }],
  examples: ['tmux-orc attach shop:dev1', 'tmux-orc -L work attach logs'],
  notForMcp: 'it takes over the terminal of whoever runs it',
  output: (z) =>
    z.object({
      target: z.string(),
      session: z.string(),
      how: z.enum(['switch-client', 'attach-session']),
    }),
  async run(input, ctx) {
    const manager = ctx.manager();
    const found = await manager.resolve(input.target, { fresh: true });
    const socket = socketOptions(ctx.globals);
    const inside = process.env.TMUX;
    if (inside) {
      const [{ realpathSync }] = [await import('node:fs')];
      const real = (p: string) => {
        try {
          return realpathSync(p);
        } catch {
          return p;
        }
      };
      const server = await manager.display(found.session.id, '#{socket_path}');
      if (real(inside.split(',')[0] ?? '') !== real(server)) {
        const other = inside.split(',')[0];
        throw new OrcError('usage.invalid', `this terminal is inside another tmux server (${other}), not ${server}`, {
          hint: 'detach from it first (prefix d), or run tmux-orc attach from a plain terminal',
        });
      }
    } else if (!process.stdin.isTTY || !process.stdout.isTTY) {
      const hint = 'run it in a terminal';
      throw new OrcError('usage.invalid', 'attach needs a terminal: stdin and stdout are not one', { hint });
    }
    // The window (and pane) first, by id, so the client lands where the target points.
    if (found.window) await manager.run(selectWindow(found.window.id));
    if (found.pane) await manager.run(selectPane(found.pane.id));
    const how = inside ? 'switch-client' : 'attach-session';
    await tmuxWithTerminal([...clientArgs(socket), how, '-t', found.session.id]);
    return { target: input.target as string, session: found.session.name, how } as const;
  },
  human: (d) => (d.how === 'switch-client' ? `switched to ${d.target}` : ''),
});

/** Runs tmux on this terminal (stdio inherited) until it exits; a non-zero status is tmux.commandFailed. */
async function tmuxWithTerminal(args: readonly string[]): Promise<void> {
  const { spawn } = await import('node:child_process');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('tmux', [...args], { stdio: 'inherit' });
    const hint = 'install tmux 3.2 or newer, e.g. apt-get install tmux';
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new OrcError('tmux.notInstalled', 'tmux was not found', { hint }) : error),
    );
    child.once('exit', (status) => resolve(status));
  });
  const what = args.filter((a) => !a.startsWith('-')).join(' ');
  if (code !== 0) throw new OrcError('tmux.commandFailed', `tmux ${what} exited with status ${code}`);
}
