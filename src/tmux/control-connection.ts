import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Socket } from 'node:net';
import { OrcError } from '../errors.js';
import type { ControlNotification } from './control-notification.js';
import { ControlStreamParser, type ControlEvent } from './control-stream-parser.js';
import { toControlLine } from './quote-tmux-arg.js';
import { parentDeathWrapper } from './parent-death.js';
import { sshFailure } from '../hosts/ssh-failure.js';
import { tmuxClientCommand } from './tmux-client.js';
import {
  DEFAULT_TIMEOUT_MS,
  SKIPPED_MARK,
  type CloseOptions,
  type CommandOutcome,
  type SocketOptions,
} from './transport.js';
import { unlessArgv } from './tmux-commands.js';
import { tmuxError } from './tmux-error.js';

/** How much longer than a command an attach over ssh may take: the connection (ssh's ConnectTimeout is 5 s). */
const REMOTE_CONNECT_MS = 6000;

/** Lines of stderr that are not ssh's notices (a known host added). */
function sshLess(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => !/^Warning: Permanently added/.test(l))
    .join('\n');
}

/** An error for a command that was never started because the connection closed first: safe to resend. */
export class UnstartedCommandError extends OrcError {
  readonly unstarted = true;
}

/** One line sent to tmux: one command, or a command list whose commands each answer with a block of their own. */
interface Request {
  argv: readonly string[];
  /** How many reply blocks end it: one per command of the line; fewer when one fails (tmux skips the rest). */
  blocks: number;
  lines: string[];
  deadline: number;
  begun: boolean;
  /** Handed to the client process (over ssh: possibly run by the remote tmux, even if no answer comes back). */
  written: boolean;
  settled: boolean;
  resolve(lines: string[]): void;
  reject(error: OrcError): void;
}

/** Options for one control-mode connection. */
export interface ControlConnectionOptions extends SocketOptions {
  /** Session to attach to; tmux picks the most recently used one when absent. */
  session?: string;
  /**
   * A remote host only: after a failed connect (host unreachable, keys refused, no tmux), commands fail at once with
   * the same error until this much time has passed, doubling on each failure in a row up to 15 s (default 500 ms).
   */
  reconnectBackoffMs?: number;
}

/**
 * One `tmux -C` client process: commands go one per line and replies are paired in FIFO order; every other line is
 * a notification. When the process ends, the command being run fails with `tmux.connectionLost` and the ones not yet
 * started fail with {@link UnstartedCommandError}, so the owner can resend them on a new connection. Every command,
 * and the attach itself, fails with `tmux.timeout` when tmux does not answer in time (a frozen server).
 */
export class ControlConnection {
  private readonly inFlight: Request[] = [];
  private readonly listeners = new Set<(n: ControlNotification) => void>();
  private closedWith: OrcError | null = null;
  private outgoing: string[] = [];
  private timeoutTimer: NodeJS.Timeout | undefined;
  private readonly closedPromise: Promise<void>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly timeoutMs: number,
    closed: Promise<void>,
    private readonly remote: boolean,
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
    const args = ['-N', '-C', 'attach-session'];
    if (options.session) args.push('-t', options.session);
    args.push('-f', 'no-output,ignore-size');
    const remote = options.remote;
    const [bin, clientArgv] = tmuxClientCommand(options, args, 'control');
    // The client must die with this process however it ends: an orphaned control client that was still attaching
    // when its parent died waits forever, and the server then never finishes a kill-server. (Over ssh: the ssh
    // client dies, the remote tmux client sees its stdin close.)
    const [file, argv] = parentDeathWrapper(bin, clientArgv);
    const child = spawn(file, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let markClosed!: () => void;
    const closed = new Promise<void>((r) => (markClosed = r));
    const timeoutMs = options.commandTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    const conn = new ControlConnection(child, timeoutMs, closed, remote !== undefined);
    // Over ssh the attach waits for the connection too (ssh's own ConnectTimeout is 5 s).
    const attachMs = remote ? timeoutMs + REMOTE_CONNECT_MS : timeoutMs;
    const notInstalled = () =>
      remote
        ? new OrcError(
            'host.unreachable',
            `ssh (the OpenSSH client) was not found, so ${remote.name} cannot be reached`,
            { hint: 'install it, e.g. apt-get install openssh-client' },
          )
        : new OrcError('tmux.notInstalled', `tmux was not found (${bin})`, {
            hint: 'install tmux 3.2 or newer, e.g. apt-get install tmux',
          });

    return new Promise((resolve, reject) => {
      let attached = false;
      const settleAttach = (error?: OrcError) => {
        if (attached) return false;
        attached = true;
        clearTimeout(attachTimer);
        if (error) reject(error);
        else resolve(conn);
        return true;
      };
      const attachTimer = setTimeout(() => {
        const error = remote
          ? new OrcError('host.unreachable', `no answer from ${remote.name} (ssh and its tmux) within ${attachMs} ms`, {
              hint: `check with: ssh ${remote.destination} tmux -V`,
            })
          : new OrcError('tmux.timeout', `tmux did not answer the control client's attach within ${timeoutMs} ms`, {
              hint: 'is the tmux server stopped or hung?',
            });
        if (settleAttach(error)) child.kill('SIGKILL');
      }, attachMs);
      const parser = new ControlStreamParser((event) => {
        if (!attached) {
          // A server that is exiting answers a new client with `%exit server exited unexpectedly` and nothing else.
          if (event.type === 'notification' && event.notification.name === 'exit') {
            settleAttach(tmuxError(['attach-session'], event.notification.reason || 'tmux control client exited'));
            return;
          }
          if (event.type !== 'reply') return;
          if (event.reply.ok) settleAttach();
          else {
            settleAttach(tmuxError(['attach-session'], event.reply.lines.join('\n')));
            child.stdin.end();
          }
          return;
        }
        conn.handle(event);
      });
      child.stdout.on('data', (chunk: Buffer) => parser.push(chunk));
      // The server going away shows first as the end of stdout; the process may take a moment longer to exit. Over
      // ssh only its exit status tells a lost link (255) from a remote tmux that ended: that waits for the exit.
      child.stdout.on('end', () => {
        if (attached && !remote) conn.fail(new OrcError('tmux.connectionLost', 'tmux control connection closed'));
      });
      child.stdin.on('error', () => undefined);
      child.on('error', (err: NodeJS.ErrnoException) => {
        const error =
          err.code === 'ENOENT'
            ? notInstalled()
            : new OrcError(remote ? 'host.connectionLost' : 'tmux.connectionLost', err.message, { cause: err });
        settleAttach(error);
        conn.fail(error);
        markClosed();
      });
      child.on('close', (code) => {
        // The wrapper execs tmux (or ssh); 127 from it means that program itself was not found.
        if (code === 127 && file !== bin && /^setpriv: .*(No such file|not found)/im.test(stderr))
          settleAttach(notInstalled());
        if (remote)
          settleAttach(
            sshFailure(remote, code, stderr, 'connect') ??
              tmuxError(['attach-session'], sshLess(stderr) || 'tmux control client exited'),
          );
        else settleAttach(tmuxError(['attach-session'], stderr || 'tmux control client exited'));
        const lost = remote ? sshFailure(remote, code, stderr, 'running') : undefined;
        conn.fail(
          lost ??
            new OrcError(
              'tmux.connectionLost',
              `tmux control connection closed${stderr ? `: ${sshLess(stderr).trim()}` : ''}`,
            ),
        );
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
    if (this.closedWith) return Promise.reject(this.unstarted());
    return new Promise((resolve, reject) => this.enqueue(toControlLine(argv), argv, 1, resolve, reject));
  }

  /**
   * Sends commands as one command list on one line (see Transport.runList): tmux answers each command with a block
   * of its own and skips the rest after a failure, so the request ends after one block per command or at the first
   * error. Resolves with the output lines of all of them.
   */
  sendList(commands: readonly (readonly string[])[]): Promise<string[]> {
    if (commands.length === 0) return Promise.resolve([]);
    if (this.closedWith) return Promise.reject(this.unstarted());
    const line = commands.map((argv) => toControlLine(argv)).join(' ; ');
    return new Promise((resolve, reject) => this.enqueue(line, commands.flat(), commands.length, resolve, reject));
  }

  /**
   * Runs a command unless a format condition holds (Transport.runUnless). tmux answers `if-shell` with a block of its
   * own and then one for the command it chose, so the request ends after two blocks, or at an error of the first.
   */
  async sendUnless(condition: string, pane: string, argv: readonly string[]): Promise<boolean> {
    if (this.closedWith) throw this.unstarted();
    const line = toControlLine(unlessArgv(condition, pane, toControlLine(argv)));
    const lines = await new Promise<string[]>((resolve, reject) => this.enqueue(line, argv, 2, resolve, reject));
    return !lines.includes(SKIPPED_MARK);
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
        if (this.closedWith) settle(i, { ok: false, error: this.unstarted() });
        else
          this.enqueue(
            toControlLine(argv),
            argv,
            1,
            (lines) => settle(i, { ok: true, lines }),
            (error) => settle(i, { ok: false, error }),
          );
      });
    });
  }

  private unstarted(): UnstartedCommandError {
    return new UnstartedCommandError(this.closedWith!.code, this.closedWith!.message);
  }

  private enqueue(
    line: string,
    argv: readonly string[],
    blocks: number,
    resolve: (lines: string[]) => void,
    reject: (error: OrcError) => void,
  ): void {
    this.inFlight.push({
      argv,
      blocks,
      lines: [],
      begun: false,
      written: false,
      settled: false,
      resolve,
      reject,
      deadline: Date.now() + this.timeoutMs,
    });
    // Commands issued in the same tick (a batch) go to tmux in one write.
    this.outgoing.push(line + '\n');
    if (this.outgoing.length === 1) queueMicrotask(() => this.flush());
    this.armTimeout();
  }

  private flush(): void {
    const text = this.outgoing.join('');
    this.outgoing = [];
    if (this.closedWith) return;
    for (const request of this.inFlight) request.written = true;
    this.child.stdin.write(text);
  }

  /**
   * One timer per connection, not one per command, due at the earliest deadline still open (requests are queued in
   * deadline order, so it is the first unsettled one): a request fails as soon as its time is up, not up to a
   * second later. A timed-out request keeps its place in the queue, so the replies tmux sends when it wakes still
   * pair with the right requests.
   */
  private armTimeout(): void {
    if (this.timeoutTimer) return;
    const next = this.inFlight.find((r) => !r.settled);
    if (!next) return;
    this.timeoutTimer = setTimeout(
      () => {
        this.timeoutTimer = undefined;
        const now = Date.now();
        for (const request of this.inFlight) {
          if (request.settled) continue;
          if (request.deadline > now) break;
          request.settled = true;
          request.reject(
            new OrcError('tmux.timeout', `tmux did not answer ${request.argv[0]} within ${this.timeoutMs} ms`, {
              hint: 'is the tmux server stopped or hung?',
            }),
          );
        }
        this.armTimeout();
      },
      Math.max(0, next.deadline - Date.now()),
    );
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
      // tmux runs one command at a time, so a block that begins belongs to the oldest request still open.
      const head = this.inFlight[0];
      if (head) head.begun = true;
      return;
    }
    if (event.type === 'reply') {
      const request = this.inFlight[0];
      if (!request) return;
      request.lines.push(...event.reply.lines);
      const done = !event.reply.ok || --request.blocks === 0;
      if (!done) return;
      this.inFlight.shift();
      if (request.settled) return;
      request.settled = true;
      if (event.reply.ok) request.resolve(request.lines);
      else request.reject(tmuxError(request.argv, event.reply.lines.join('\n')));
      if (this.inFlight.length === 0 && this.timeoutTimer) {
        clearTimeout(this.timeoutTimer);
        this.timeoutTimer = undefined;
      }
      return;
    }
    if (event.notification.name !== 'exit') for (const listener of this.listeners) listener(event.notification);
    else
      this.fail(
        new OrcError(
          'tmux.connectionLost',
          `tmux control client exited${event.notification.reason ? `: ${event.notification.reason}` : ''}`,
        ),
      );
  }

  private fail(error: OrcError): void {
    if (this.closedWith) return;
    this.closedWith = error;
    clearTimeout(this.timeoutTimer);
    this.timeoutTimer = undefined;
    for (const request of this.inFlight.splice(0)) {
      if (request.settled) continue;
      request.settled = true;
      // Locally a command tmux had not begun never ran. Over ssh a command that went down the link may have run even
      // though its %begin never came back: only one never written is safe to send again (nothing runs twice).
      const maybeRan = this.remote ? request.written : request.begun;
      request.reject(maybeRan ? error : new UnstartedCommandError(error.code, error.message));
    }
    // One exit event however the end showed itself (%exit, end of stdout, process gone), so caches drop at once.
    for (const listener of this.listeners) listener({ name: 'exit', reason: error.message });
  }
}
