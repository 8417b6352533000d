import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { SocketOptions } from '../tmux/transport.js';

/** The files one monitor keeps, all keyed by the tmux server's socket. */
export interface MonitorPaths {
  /** The server's socket path, as tmux resolves `-L`, `-S` or `$TMUX`. */
  socketPath: string;
  dir: string;
  /** The running daemon's pid (and start time, to survive pid reuse). */
  pidfile: string;
  /** Events, one JSON object per line. */
  log: string;
  /** The daemon's figures and recorder stats, rewritten after every sweep. */
  status: string;
  /** The daemon's stdout and stderr. */
  output: string;
}

/**
 * Where tmux-orc keeps its state: `$TMUX_ORC_STATE_DIR`, else `$XDG_RUNTIME_DIR/tmux-orc`, else
 * `~/.local/state/tmux-orc`.
 */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TMUX_ORC_STATE_DIR) return resolve(env.TMUX_ORC_STATE_DIR);
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'tmux-orc');
  return join(homedir(), '.local', 'state', 'tmux-orc');
}

/**
 * The socket path tmux itself would use for these options (`-S`, `-L`, then `$TMUX`, then `default`). A remote
 * host's server is named as `ssh://<destination>/<socket name or path>`: its socket is on that machine.
 */
export function serverSocketPath(socket: SocketOptions, env: NodeJS.ProcessEnv = process.env): string {
  if (socket.remote) return `ssh://${socket.remote.destination}/${socket.socketPath ?? socket.socketName ?? 'default'}`;
  if (socket.socketPath) return resolve(socket.socketPath);
  const dir = join(env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`);
  if (socket.socketName) return join(dir, socket.socketName);
  const inside = env.TMUX?.split(',')[0];
  return inside || join(dir, 'default');
}

/**
 * The monitor's files for one tmux server. The key is the socket's name plus a hash of its full path, so two
 * servers never share a monitor and one server never gets two.
 * @example monitorPaths({ socketName: 'work' }).pidfile // ~/.local/state/tmux-orc/monitor-work-1a2b3c4d.pid
 */
export function monitorPaths(socket: SocketOptions, env: NodeJS.ProcessEnv = process.env): MonitorPaths {
  const socketPath = serverSocketPath(socket, env);
  const key = serverKey(socketPath);
  const dir = stateDir(env);
  const file = (suffix: string) => join(dir, `monitor-${key}${suffix}`);
  return {
    socketPath,
    dir,
    pidfile: file('.pid'),
    log: file('.log'),
    status: file('.status.json'),
    output: file('.out'),
  };
}

/** The key of a tmux server in state file names: its socket's name plus a hash of its full path. */
export function serverKey(socketPath: string): string {
  const name = basename(socketPath)
    .replace(/[^A-Za-z0-9_-]/g, '_')
    .slice(0, 40);
  return `${name}-${createHash('sha1').update(socketPath).digest('hex').slice(0, 8)}`;
}
