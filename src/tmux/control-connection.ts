import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Socket } from 'node:net';
import { OrcError } from '../errors.js';
import type { ControlNotification } from './control-notification.js';
import { ControlStreamParser, type ControlEvent } from './control-stream-parser.js';
import { toControlLine } from './quote-tmux-arg.js';
import { socketArgs, type CloseOptions, type CommandOutcome, type SocketOptions } from './transport.js';
import { tmuxError } from './tmux-error.js';

/** An error for a command that was never started because the connection closed first: safe to resend. */
export class UnstartedCommandError extends OrcError {
  readonly unstarted = true;
}

interface Request {
  argv: readonly string[];
  deadline: number;
  begun: boolean;
  settled: boolean;
  resolve(lines: string[]): void;
  reject(error: OrcError): void;
}

/** Options for one control-mode connection. */
export interface ControlConnectionOptions extends SocketOptions {
  /** Session to attach to; tmux picks the most recently used one when absent. */
  session?: string;
  /** Milliseconds before a command is failed with `tmux.timeout` (default 15000). */
  commandTimeoutMs?: number;
}

/**
 * One `tmux -C` client process: commands go one per line and replies are paired in FIFO order; every other line is
 * a notification. When the process ends, the command being run fails with `tmux.connectionLost` and the ones not yet
 * started fail with {@link UnstartedCommandError}, so the owner can resend them on a new connection.
 */
export class ControlConnection {
  private readonly inFlight: Request[] = [];
  /** How many of inFlight's first requests tmux has begun (replies come in order, so the begun ones lead). */
  private begunCount = 0;
  private readonly listeners = new Set<(n: ControlNotification) => void>();
  private closedWith: OrcError | null = null;
  private outgoing: string[] = [];
  private timeoutTimer: NodeJS.Timeout | undefined;
  private readonly closedPromise: Promise<void>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly timeoutMs: number,
    closed: Promise<void>,
  ) {
    this.closedPromise = closed;
  }

  /** Starts `tmux -C attach-session` and resolves once tmux has answered the attach. */
  static async open(options: ControlConnectionOptions): Promise<ControlConnection> {
    // Loaded here, not at the top: node:child_process and what it pulls in are milliseconds of start-up that
    // `tmux-orc mcp` need not pay before its first tool call.
    const { spawn } = await import('node:child_process');
    // -N: attach-session would otherwise start a server (loading the user's config) just to answer "no sessions",
    // and that short-lived server makes concurrent commands fail with "no current target" instead of no server.
    const args = ['-N', ...socketArgs(options), '-C', 'attach-session'];
    if (options.session) args.push('-t', options.session);
    args.push('-f', 'no-output,ignore-size');
    const child = spawn(options.tmuxBin ?? 'tmux', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let markClosed!: () => void;
    const closed = new Promise<void>((r) => (markClosed = r));
    const conn = new ControlConnection(child, options.commandTimeoutMs ?? 15000, closed);

    return new Promise((resolve, reject) => {
      let attached = false;
      const parser = new ControlStreamParser((event) => {
        if (!attached) {
          if (event.type !== 'reply') return;
          attached = true;
          if (event.reply.ok) resolve(conn);
          else {
            reject(tmuxError(['attach-session'], event.reply.lines.join('\n')));
            child.stdin.end();
          }
          return;
        }
        conn.handle(event);
      });
      child.stdout.on('data', (chunk: Buffer) => parser.push(chunk));
      // The server going away shows first as the end of stdout; the process may take a moment longer to exit.
      child.stdout.on('end', () => {
        if (attached) conn.fail(new OrcError('tmux.connectionLost', 'tmux control connection closed'));
      });
      child.stdin.on('error', () => undefined);
      child.on('error', (err: NodeJS.ErrnoException) => {
        const error = err.code === 'ENOENT'
          ? new OrcError('tmux.notInstalled', `tmux was not found (${options.tmuxBin ?? 'tmux'})`, { hint: 'install tmux 3.2 or newer, e.g. apt-get install tmux' })
          : new OrcError('tmux.connectionLost', err.message, { cause: err });
        if (!attached) { attached = true; reject(error); }
        conn.fail(error);
        markClosed();
      });
      child.on('close', () => {
        if (!attached) {
          attached = true;
          reject(tmuxError(['attach-session'], stderr || 'tmux control client exited'));
        }
        conn.fail(new OrcError('tmux.connectionLost', `tmux control connection closed${stderr ? `: ${stderr.trim()}` : ''}`));
        markClosed();
      });
    });
  }

  /** True once the connection has closed; a closed connection accepts no more commands. */
  get closed(): boolean {
    return this.closedWith !== null;
  }

  /** Resolves when the client process has gone. */
  whenClosed(): Promise<void> {
    return this.closedPromise;
  }

  /** Sends one command and resolves with its output lines, or rejects with a coded error. */
  send(argv: readonly string[]): Promise<string[]> {
    if (this.closedWith) return Promise.reject(new UnstartedCommandError('tmux.connectionLost', this.closedWith.message));
    return new Promise((resolve, reject) => this.enqueue(argv, resolve, reject));
  }

  /**
   * Sends many commands at once and resolves, when all have answered, with one outcome each (never rejects): one
   * promise for the batch instead of one per command, which a batch of a few hundred commands notices.
   */
  sendMany(commands: readonly (readonly string[])[]): Promise<CommandOutcome[]> {
    const outcomes: CommandOutcome[] = new Array(commands.length);
    if (commands.length === 0) return Promise.resolve(outcomes);
    return new Promise((done) => {
      let left = commands.length;
      const settle = (i: number, outcome: CommandOutcome) => {
        outcomes[i] = outcome;
        if (--left === 0) done(outcomes);
      };
      commands.forEach((argv, i) => {
        if (this.closedWith) settle(i, { ok: false, error: new UnstartedCommandError('tmux.connectionLost', this.closedWith.message) });
        else this.enqueue(argv, (lines) => settle(i, { ok: true, lines }), (error) => settle(i, { ok: false, error }));
      });
    });
  }

  private enqueue(argv: readonly string[], resolve: (lines: string[]) => void, reject: (error: OrcError) => void): void {
    this.inFlight.push({ argv, begun: false, settled: false, resolve, reject, deadline: Date.now() + this.timeoutMs });
    // Commands issued in the same tick (a batch) go to tmux in one write.
    this.outgoing.push(toControlLine(argv) + '\n');
    if (this.outgoing.length === 1) queueMicrotask(() => this.flush());
    this.watchTimeouts();
  }

  private flush(): void {
    const text = this.outgoing.join('');
    this.outgoing = [];
    if (!this.closedWith) this.child.stdin.write(text);
  }

  /** One timer per connection, not one per command: it fails the oldest request once its deadline has passed. */
  private watchTimeouts(): void {
    if (this.timeoutTimer) return;
    this.timeoutTimer = setInterval(() => {
      const now = Date.now();
      for (const request of this.inFlight) {
        if (request.settled || request.deadline > now) continue;
        request.settled = true;
        request.reject(new OrcError('tmux.timeout', `tmux did not answer ${request.argv[0]} within ${this.timeoutMs} ms`));
      }
      if (this.inFlight.every((r) => r.settled)) {
        clearInterval(this.timeoutTimer);
        this.timeoutTimer = undefined;
      }
    }, Math.min(1000, this.timeoutMs));
    this.timeoutTimer.unref();
  }

  /** Subscribes to notifications; returns the unsubscribe function. */
  onNotification(listener: (n: ControlNotification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Detaches by closing stdin, and kills the client if it lingers. With `wait: false` it does not wait for the tmux
   * client to exit (it does once it reads the end of its stdin) and lets this process exit before it: what a
   * one-shot CLI run wants, ~3 ms sooner.
   */
  async close(options: CloseOptions = {}): Promise<void> {
    if (!this.closedWith) this.child.stdin.end();
    if (options.wait === false) {
      this.child.unref();
      for (const stream of [this.child.stdout, this.child.stderr]) (stream as Partial<Socket>).unref?.();
      return;
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 1000);
    timer.unref();
    await this.closedPromise;
    clearTimeout(timer);
  }

  private handle(event: ControlEvent): void {
    if (event.type === 'begin') {
      const next = this.inFlight[this.begunCount];
      if (next) {
        next.begun = true;
        this.begunCount++;
      }
      return;
    }
    if (event.type === 'reply') {
      const request = this.inFlight.shift();
      if (this.begunCount > 0) this.begunCount--;
      if (!request || request.settled) return;
      request.settled = true;
      if (event.reply.ok) request.resolve(event.reply.lines);
      else request.reject(tmuxError(request.argv, event.reply.lines.join('\n')));
      return;
    }
    if (event.notification.name !== 'exit') for (const listener of this.listeners) listener(event.notification);
    else this.fail(new OrcError('tmux.connectionLost', `tmux control client exited${event.notification.reason ? `: ${event.notification.reason}` : ''}`));
  }

  private fail(error: OrcError): void {
    if (this.closedWith) return;
    this.closedWith = error;
    clearInterval(this.timeoutTimer);
    this.timeoutTimer = undefined;
    this.begunCount = 0;
    for (const request of this.inFlight.splice(0)) {
      if (request.settled) continue;
      request.settled = true;
      request.reject(request.begun ? error : new UnstartedCommandError('tmux.connectionLost', error.message));
    }
    // One exit event however the end showed itself (%exit, end of stdout, process gone), so caches drop at once.
    for (const listener of this.listeners) listener({ name: 'exit', reason: error.message });
  }
}
