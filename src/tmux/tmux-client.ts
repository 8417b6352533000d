import { sshCommand, type SshMode } from '../hosts/ssh-command.js';
import { clientArgs, type SocketOptions } from './transport.js';

/**
 * The program and arguments of one tmux client for these options: `tmux -u <socket> <args>` here, or the same
 * argument array run on the remote host through ssh (`mode`: the persistent control connection, or a command over
 * the host's master connection).
 */
export function tmuxClientCommand(
  options: SocketOptions,
  args: readonly string[],
  mode: SshMode = 'master',
): [string, string[]] {
  const tmux = [options.tmuxBin ?? 'tmux', ...clientArgs(options), ...args];
  return options.remote ? sshCommand(options.remote, tmux, mode) : [tmux[0]!, tmux.slice(1)];
}

/** A short label for the server these options name, for messages: `build:work` or `work`. */
export function serverLabel(options: SocketOptions): string {
  const socket = options.socketPath ?? options.socketName ?? 'default';
  return options.remote ? `${options.remote.name}:${socket}` : socket;
}
