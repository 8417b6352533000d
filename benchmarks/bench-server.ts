import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';

/** A tmux server of the benchmark's own (`tmux -L <unique>`); the user's default server is never touched. */
export interface BenchServer {
  socketName: string;
  /** Runs a tmux command on this server (argument array) and returns stdout. */
  tmux(...args: string[]): string;
  /** Kills the server and removes its socket; safe to call twice. */
  kill(): void;
}

const live = new Map<string, BenchServer>();
let guarded = false;

/** Starts nothing yet: the server starts with its first session. It is killed on exit, Ctrl-C or a crash. */
export function benchServer(prefix = 'orc-bench'): BenchServer {
  guardExit();
  const socketName = `${prefix}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const server: BenchServer = {
    socketName,
    tmux: (...args) =>
      execFileSync('tmux', ['-L', socketName, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
    kill() {
      if (!live.delete(socketName)) return;
      try {
        execFileSync('tmux', ['-L', socketName, 'kill-server'], { stdio: 'ignore' });
      } catch {
        // not running
      }
      // tmux 3.3 leaves the socket file behind.
      rmSync(`${process.env.TMUX_TMPDIR ?? '/tmp'}/tmux-${process.getuid?.() ?? 0}/${socketName}`, { force: true });
    },
  };
  live.set(socketName, server);
  return server;
}

/** Kills every server still alive. */
export function killAllBenchServers(): void {
  for (const server of [...live.values()]) server.kill();
}

function guardExit(): void {
  if (guarded) return;
  guarded = true;
  process.on('exit', killAllBenchServers);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAllBenchServers();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}
