import type { SocketOptions } from '../src/tmux/transport.js';
import type { GlobalOptions } from './command-spec.js';

/** The tmux server the global options name: `-S path`, else `-L name`, else env TMUX_ORC_SOCKET_NAME. */
export function socketOptions(globals: GlobalOptions): SocketOptions {
  const socketName = globals.socketName ?? process.env.TMUX_ORC_SOCKET_NAME;
  return { ...(socketName ? { socketName } : {}), ...(globals.socketPath ? { socketPath: globals.socketPath } : {}) };
}
