import type { ControlNotification } from './control-notification.js';
import type { OrcError } from '../errors.js';

/** Which tmux server to talk to: `-L name` or `-S path`, as tmux itself means them. */
export interface SocketOptions {
  socketName?: string;
  socketPath?: string;
  /** The tmux binary; `tmux` on PATH by default. */
  tmuxBin?: string;
}

/** The result of one command inside a batch: its output lines or its error. */
export type CommandOutcome = { ok: true; lines: string[] } | { ok: false; error: OrcError };

/** How the core reaches tmux: one persistent control-mode connection, or one process per command. */
export interface Transport {
  readonly kind: 'control' | 'spawn';
  /** Runs one tmux command (an argument array, command name first) and returns its output lines. */
  run(argv: readonly string[]): Promise<string[]>;
  /** Runs many commands, pipelined where the transport can; one failure does not sink the others. */
  runMany(commands: readonly (readonly string[])[]): Promise<CommandOutcome[]>;
  /** Subscribes to tmux notifications (control mode only); returns the unsubscribe function. */
  onNotification(listener: (notification: ControlNotification) => void): () => void;
  /** Closes the connection; no-op for the spawn transport. */
  close(options?: CloseOptions): Promise<void>;
}

/** How to close a transport. */
export interface CloseOptions {
  /** false: detach without waiting for the tmux client to exit, and let this process exit first (one-shot CLI). */
  wait?: boolean;
}

/** The `-L`/`-S` arguments that select the server. */
export function socketArgs(options: SocketOptions): string[] {
  if (options.socketPath) return ['-S', options.socketPath];
  if (options.socketName) return ['-L', options.socketName];
  return [];
}
