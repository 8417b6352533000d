import { sleep } from '../src/agents/wait-for-state.js';
import { PLAIN_SETTLE_MS } from '../src/agents/spawn-agent.js';
import { OrcError } from '../src/errors.js';
import type { z as Zod } from 'zod';
import type { CreatedWindow, StartOptions, TMUXManager } from '../src/manager/tmux-manager.js';
import { killSession, killWindow, unsetOption } from '../src/tmux/tmux-commands.js';

/** What `session new` and `window new` pass to the manager when a program is given, and how to check it after. */
export interface WatchedStart {
  start: StartOptions;
  /** Waits, then fails with `window.exited` (and removes the window or session) if the program has exited. */
  confirm(created: CreatedWindow): Promise<void>;
}

/**
 * A program given to `window new` or `session new` that exits at once (`tail -f /no/such/file`) would take its
 * window with it before anyone saw why. It is started with remain-on-exit on, in the command list that makes the
 * window; after {@link PLAIN_SETTLE_MS} a dead pane fails the command with its exit status and last lines, and a
 * live one gets tmux's usual behaviour back (remain-on-exit and, when tmux-orc named it, automatic-rename inherited).
 */
export function watchStart(manager: TMUXManager, start: StartOptions, what: 'window' | 'session'): WatchedStart {
  if (!start.command?.length) return { start, confirm: async () => undefined };
  // Window options are set by name in the creating list; without one, a name tmux's automatic-rename replaces later.
  const named = start.name !== undefined;
  const program = start.command[0]!;
  const name =
    start.name ??
    (program
      .split('/')
      .pop()!
      .replace(/[^A-Za-z0-9_-]/g, '')
      .slice(0, 32) ||
      'window');
  return {
    start: { ...start, name, windowOptions: { ...start.windowOptions, 'remain-on-exit': 'on' } },
    async confirm(created) {
      await sleep(PLAIN_SETTLE_MS);
      let dead = await deadStatus(manager, created.paneId);
      if (dead === undefined) {
        const restore = [unsetOption('window', created.windowId, 'remain-on-exit')];
        if (!named) restore.push(unsetOption('window', created.windowId, 'automatic-rename'));
        await manager.runList(restore);
        // It may have exited between the look and the restore, and stays a dead pane then.
        dead = await deadStatus(manager, created.paneId);
        if (dead === undefined) return;
      }
      const screen = await manager.capturePane(created.paneId, { lines: 60 }).catch(() => '');
      const last = screen
        .split('\n')
        .map((l) => l.trimEnd())
        // tmux's own line under a dead pane (remain-on-exit-format) says nothing the status does not.
        .filter((l) => l.trim() !== '' && !/^Pane is dead \(/.test(l))
        .slice(-8)
        .join('\n')
        .slice(-1200);
      const kill = what === 'session' ? killSession(created.sessionId) : killWindow(created.windowId);
      await manager.run(kill).catch(() => undefined);
      const status = dead.status === undefined ? '' : ` with status ${dead.status}`;
      const lines = last ? `; its last lines:\n${last}` : '';
      throw new OrcError('window.exited', `${program} exited${status} at once${lines}`, {
        hint: dead.status === 127 ? `is "${program}" on the PATH of the tmux server?` : `the ${what} was removed`,
      });
    },
  };
}

/**
 * undefined while the pane's program runs; its exit status (when tmux has it) once it is dead. tmux 3.3 may learn
 * the status of a program that exits at once only when another child of the server exits: a `run-shell -b true`
 * (a fixed command) is one, as in spawn-agent.ts.
 */
async function deadStatus(manager: TMUXManager, paneId: string): Promise<{ status?: number } | undefined> {
  for (let i = 0; ; i++) {
    const facts = await manager.display(paneId, '#{pane_dead}\x1f#{pane_dead_status}');
    const [dead = '', status = ''] = facts.split('\x1f');
    if (dead !== '1') return undefined;
    if (status !== '' || i >= 25) return status === '' ? {} : { status: Number(status) };
    if (i === 2) await manager.reapChildren();
    await sleep(20);
  }
}

/** The `data` of `session new` and `window new`: where the new window is. */
export const startedWindowSchema = (z: typeof Zod) =>
  z.object({
    session: z.string(),
    sessionId: z.string(),
    windowId: z.string(),
    windowIndex: z.number().int(),
    paneId: z.string(),
  });
