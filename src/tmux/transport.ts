import type { ControlNotification } from './control-notification.js';
import type { OrcError } from '../errors.js';

/** Which tmux server to talk to: `-L name` or `-S path`, as tmux itself means them. */
export interface SocketOptions {
  socketName?: string;
  socketPath?: string;
  /** The tmux binary; `tmux` on PATH by default. */
  tmuxBin?: string;
  /** Another machine's tmux server, reached through ssh; this machine's when absent. */
  remote?: RemoteHost;
  /** Milliseconds before a command (or connecting) fails with `tmux.timeout`; default {@link DEFAULT_TIMEOUT_MS}. */
  commandTimeoutMs?: number;
}

/**
 * How long tmux may take to answer one command before it fails with `tmux.timeout`. A tmux command takes well under
 * a millisecond; one that takes seconds means a frozen server (stopped, swapped out, deadlocked), and every call
 * must still answer within 5 s.
 */
export const DEFAULT_TIMEOUT_MS = 4000;

/** The result of one command inside a batch: its output lines or its error. */
export type CommandOutcome = { ok: true; lines: string[] } | { ok: false; error: OrcError };

/** How the core reaches tmux: one persistent control-mode connection, or one process per command. */
export interface Transport {
  readonly kind: 'control' | 'spawn';
  /** Runs one tmux command (an argument array, command name first) and returns its output lines. */
  run(argv: readonly string[]): Promise<string[]>;
  /** Runs many commands, pipelined where the transport can; one failure does not sink the others. */
  runMany(commands: readonly (readonly string[])[]): Promise<CommandOutcome[]>;
  /**
   * Runs commands as one tmux command list (`a ; b ; c`): tmux runs a list without running any other client's
   * command in between, and stops at the first command that fails (the rest do not run). Resolves with the output
   * lines of all of them, in order; rejects with the first failure.
   */
  runList(commands: readonly (readonly string[])[]): Promise<string[]>;
  /**
   * Runs a command unless a tmux format condition holds for a pane (its id: the format's context), decided by tmux in
   * the same step (`if-shell -F -t`, no shell): nothing can change what tmux sees between the check and the
   * command. Resolves true when it ran.
   */
  runUnless(condition: string, pane: string, command: readonly string[]): Promise<boolean>;
  /** Subscribes the control client to a format (`refresh-client -B`); absent or a no-op without control mode. */
  subscribe?(name: string, what: string, format: string): Promise<void>;
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

/** What `runUnless` prints instead of running the command. */
export const SKIPPED_MARK = 'tmux-orc-skipped';

/** The `-L`/`-S` arguments that select the server. */
export function socketArgs(options: SocketOptions): string[] {
  if (options.socketPath) return ['-S', options.socketPath];
  if (options.socketName) return ['-L', options.socketName];
  return [];
}

/**
 * The arguments every tmux client of ours starts with: `-u`, then the socket. Without `-u` a client whose
 * environment names no UTF-8 locale (an MCP client's small environment, `env -i`, a desktop app) gets every
 * non-ASCII byte and control character of its output replaced by `_`, the snapshot's field separator included.
 */
export function clientArgs(options: SocketOptions): string[] {
  return ['-u', ...socketArgs(options)];
}

/** A tmux server on another machine, reached through OpenSSH (docs/multi-host.md). */
export interface RemoteHost {
  /** The host's name: the hosts file's, or the destination itself when it is not in the file. */
  name: string;
  /** What ssh is given as the destination (`user@host`, an alias of `~/.ssh/config`). */
  destination: string;
  /**
   * More ssh arguments from the hosts file, before tmux-orc's own defaults (ssh keeps the first value of an option).
   */
  sshArgs: readonly string[];
}
