import { OrcError } from '../errors.js';
import { escapeTmuxArgv } from './quote-tmux-arg.js';
import { socketArgs, type CommandOutcome, type SocketOptions, type Transport } from './transport.js';
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

/** Runs every command as its own `tmux` process (execa); the fallback, and the benchmarks' baseline. */
export class SpawnTransport implements Transport {
  readonly kind = 'spawn' as const;
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SpawnOptions = {}) {}

  run(argv: readonly string[]): Promise<string[]> {
    if (!this.options.oneAtATime) return this.spawn(argv);
    const result = this.turn.then(() => this.spawn(argv));
    this.turn = result.catch(() => undefined);
    return result;
  }

  private async spawn(argv: readonly string[]): Promise<string[]> {
    const { execa } = await import('execa');
    const bin = this.options.tmuxBin ?? 'tmux';
    const result = await execa(bin, [...socketArgs(this.options), ...argv.map(escapeTmuxArgv)], {
      reject: false,
      stripFinalNewline: false,
      stdin: 'ignore',
    });
    if (result.failed) {
      if ((result as { code?: string }).code === 'ENOENT') {
        throw new OrcError('tmux.notInstalled', `tmux was not found (${bin})`, { hint: 'install tmux 3.2 or newer, e.g. apt-get install tmux' });
      }
      throw tmuxError(argv, String(result.stderr || result.message));
    }
    const out = String(result.stdout);
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
