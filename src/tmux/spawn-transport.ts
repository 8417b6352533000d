import { OrcError } from '../errors.js';
import { escapeTmuxArgv, toControlLine } from './quote-tmux-arg.js';
import { clientArgs, DEFAULT_TIMEOUT_MS, SKIPPED_MARK, unlessArgv, type CommandOutcome, type SocketOptions, type Transport } from './transport.js';
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
    const { execFile } = await import('node:child_process');
    const bin = this.options.tmuxBin ?? 'tmux';
    const timeoutMs = this.options.commandTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    const out = await new Promise<string>((resolve, reject) => {
      const child = execFile(bin, [...clientArgs(this.options), ...args], {
        encoding: 'utf8', maxBuffer: MAX_OUTPUT_BYTES, timeout: timeoutMs, killSignal: 'SIGKILL', windowsHide: true,
      }, (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const e = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string };
        if (e.code === 'ENOENT') {
          return reject(new OrcError('tmux.notInstalled', `tmux was not found (${bin})`, { hint: 'install tmux 3.2 or newer, e.g. apt-get install tmux' }));
        }
        if (e.killed && e.signal === 'SIGKILL') {
          return reject(new OrcError('tmux.timeout', `tmux did not answer ${command[0]} within ${timeoutMs} ms`, { hint: 'is the tmux server stopped or hung?' }));
        }
        reject(tmuxError(command, String(stderr || e.message)));
      });
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
