import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { TMUXManager, type ManagerOptions } from '../../src/manager/tmux-manager.js';

/** A tmux server on its own socket name, never the user's default server. */
export interface PrivateTmux {
  socketName: string;
  /** Runs a tmux command on this server (argument array) and returns stdout. */
  tmux(...args: string[]): string;
  /** A manager on this server; closed by kill(). */
  manager(options?: Omit<ManagerOptions, 'socketName'>): TMUXManager;
  /** Kills the server and closes every manager made here; safe to call twice. */
  kill(): Promise<void>;
}

const live = new Set<PrivateTmux>();

/** Makes a unique socket name; the server starts when the first session is created. */
export function privateTmux(prefix = 'orc-test'): PrivateTmux {
  const socketName = `${prefix}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const managers: TMUXManager[] = [];
  const server: PrivateTmux = {
    socketName,
    tmux: (...args) =>
      execFileSync('tmux', ['-L', socketName, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    manager(options = {}) {
      const m = new TMUXManager({ ...options, socketName });
      managers.push(m);
      return m;
    },
    async kill() {
      live.delete(server);
      await Promise.all(managers.splice(0).map((m) => m.close().catch(() => undefined)));
      killServer(socketName);
    },
  };
  live.add(server);
  return server;
}

/** Kills a server by socket name and removes its socket file (tmux 3.3 leaves it behind). */
export function killServer(socketName: string): void {
  try {
    execFileSync('tmux', ['-L', socketName, 'kill-server'], { stdio: 'ignore' });
  } catch {
    // already gone
  }
  const uid = process.getuid?.() ?? 0;
  rmSync(`${process.env.TMUX_TMPDIR ?? '/tmp'}/tmux-${uid}/${socketName}`, { force: true });
}

/** Kills every server this test file made and did not kill; call from afterAll as a last guard. */
export async function killAllPrivateTmux(): Promise<void> {
  await Promise.all([...live].map((s) => s.kill()));
}
