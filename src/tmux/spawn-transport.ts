import { OrcError } from '../errors.js';
import { escapeTmuxArgv, toControlLine } from './quote-tmux-arg.js';
import { sshFailure } from '../hosts/ssh-failure.js';
import { tmuxClientCommand } from './tmux-client.js';
import {
  DEFAULT_TIMEOUT_MS,
  SKIPPED_MARK,
  type CommandOutcome,
  type SocketOptions,
  type Transport,
} from './transport.js';
import { unlessArgv } from './tmux-commands.js';
import { tmuxError } from './tmux-error.js';
import { settle } from './settle.js';

/** Options of {@link SpawnTransport}. */
export interface SpawnOptions extends SocketOptions {
  /**
   * Run one `tmux` process at a time, each command waiting for the one before, as the Python original, libtmux
   * and the tmux MCP servers do (the benchmarks' baseline). By default a batch's processes run side by side.
   */
  oneAtATime?: boolean;
}

/** How many commands may run over one host's master connection at once (sshd's MaxSessions is 10 by default). */
const REMOTE_PARALLEL = 8;
/** The time a remote command may take on top of the command timeout: connecting, on the first one. */
const REMOTE_CONNECT_MS = 6000;

/** The most output one spawned command may print (a capture of a long history is a few MB). */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * Runs every command as its own `tmux` process (node:child_process, no shell); the fallback, what one-shot CLI runs
 * use on tmux versions where control clients are unsafe (docs/security.md), and the benchmarks' baseline. A process
 * that does not finish in time is killed and the command fails with `tmux.timeout`.
 */
export class SpawnTransport implements Transport {
  readonly kind = 'spawn' as const;
  private turn: Promise<unknown> = Promise.resolve();
  /** Remote commands running, and those waiting for a slot (see REMOTE_PARALLEL). */
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private masterUp = false;

  constructor(private readonly options: SpawnOptions = {}) {}

  run(argv: readonly string[]): Promise<string[]> {
    return this.inTurn(() => this.spawn(argv.map(escapeTmuxArgv), argv));
  }

  /**
   * One process for the list: tmux's own `;` separator between the commands' arguments. The benchmarks' baseline
   * (`oneAtATime`) runs them as one process each instead, as tools that spawn a `tmux` per command do (not atomic).
   */
  async runList(commands: readonly (readonly string[])[]): Promise<string[]> {
    if (commands.length === 0) return [];
    if (this.options.oneAtATime) {
      const lines: string[] = [];
      for (const command of commands) lines.push(...(await this.run(command)));
      return lines;
    }
    const argv = commands.flatMap((c, i) => [...(i > 0 ? [';'] : []), ...c.map(escapeTmuxArgv)]);
    return this.inTurn(() => this.spawn(argv, commands[0]!));
  }

  /** One process: `if-shell -F` with the command as a tmux command string (quoted as on a control line). */
  async runUnless(condition: string, pane: string, command: readonly string[]): Promise<boolean> {
    const argv = unlessArgv(condition, pane, toControlLine(command));
    const lines = await this.inTurn(() => this.spawn(argv.map(escapeTmuxArgv), command));
    return !lines.includes(SKIPPED_MARK);
  }

  private inTurn(work: () => Promise<string[]>): Promise<string[]> {
    if (!this.options.oneAtATime) return work();
    const result = this.turn.then(work);
    this.turn = result.catch(() => undefined);
    return result;
  }

  private async spawn(args: readonly string[], command: readonly string[]): Promise<string[]> {
    if (!this.options.remote) return this.spawnOnce(args, command);
    // Over ssh: a few at a time (sshd allows 10 sessions per connection), and the first one alone, so it becomes the
    // master connection the others ride instead of each racing to be one.
    const limit = this.masterUp ? REMOTE_PARALLEL : 1;
    if (this.running >= limit) await new Promise<void>((resume) => this.waiting.push(resume));
    this.running++;
    try {
      const lines = await this.spawnOnce(args, command);
      this.masterUp = true;
      return lines;
    } finally {
      this.running--;
      const free = (this.masterUp ? REMOTE_PARALLEL : 1) - this.running;
      for (let i = 0; i < free && this.waiting.length > 0; i++) this.waiting.shift()!();
    }
  }

  private async spawnOnce(args: readonly string[], command: readonly string[]): Promise<string[]> {
    const { execFile } = await import('node:child_process');
    const remote = this.options.remote;
    const [file, argv] = tmuxClientCommand(this.options, args, 'master');
    // Over ssh the first command also makes the master connection.
    const timeoutMs = (this.options.commandTimeoutMs ?? DEFAULT_TIMEOUT_MS) + (remote ? REMOTE_CONNECT_MS : 0);
    const out = await new Promise<string>((resolve, reject) => {
      const child = execFile(
        file,
        argv,
        {
          encoding: 'utf8',
          maxBuffer: MAX_OUTPUT_BYTES,
          timeout: timeoutMs,
          killSignal: 'SIGKILL',
          windowsHide: true,
        },
        (error, stdout, stderr) => {
          if (!error) return resolve(stdout);
          const e = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string; code?: number | string };
          if (e.code === 'ENOENT') {
            if (remote)
              return reject(
                new OrcError(
                  'host.unreachable',
                  `ssh (the OpenSSH client) was not found, so ${remote.name} cannot be reached`,
                ),
              );
            return reject(
              new OrcError('tmux.notInstalled', `tmux was not found (${file})`, {
                hint: 'install tmux 3.2 or newer, e.g. apt-get install tmux',
              }),
            );
          }
          if (e.killed && e.signal === 'SIGKILL') {
            const from = remote ? `${remote.name} (ssh and its tmux)` : 'tmux';
            return reject(
              new OrcError('tmux.timeout', `${from} did not answer ${command[0]} within ${timeoutMs} ms`, {
                hint: remote
                  ? 'is the link stalled, or the tmux server there hung?'
                  : 'is the tmux server stopped or hung?',
              }),
            );
          }
          const hostError =
            remote && typeof e.code === 'number' ? sshFailure(remote, e.code, String(stderr), 'connect') : undefined;
          reject(hostError ?? tmuxError(command, String(stderr || e.message)));
        },
      );
      child.stdin?.end();
    });
    return out === '' ? [] : out.replace(/\n$/, '').split('\n');
  }

  runMany(commands: readonly (readonly string[])[]): Promise<CommandOutcome[]> {
    return Promise.all(commands.map((argv) => settle(this.run(argv))));
  }

  onNotification(): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {}
}
