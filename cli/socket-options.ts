import type { SocketOptions } from '../src/tmux/transport.js';
import type { GlobalOptions } from './command-spec.js';

/**
 * The tmux server the global options name: `-S path`, else `-L name`, else env TMUX_ORC_SOCKET_NAME (this machine)
 * or the hosts file's `tmuxSocketName` (a remote host); on the host `-H` resolved to (`globals.at`).
 */
export function socketOptions(globals: GlobalOptions): SocketOptions {
  const at = globals.at;
  const socketName = globals.socketName ?? (at?.remote ? at.socketName : process.env.TMUX_ORC_SOCKET_NAME);
  return {
    ...(socketName ? { socketName } : {}),
    ...(globals.socketPath ? { socketPath: globals.socketPath } : {}),
    ...(at?.remote ? { remote: at.remote } : {}),
    ...(at?.tmuxBin ? { tmuxBin: at.tmuxBin } : {}),
  };
}
