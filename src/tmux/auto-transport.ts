import { OrcError } from '../errors.js';
import type { ControlNotification } from './control-notification.js';
import { ControlTransport } from './control-transport.js';
import { SpawnTransport } from './spawn-transport.js';
import { controlClientsSafe, tmuxVersion } from './tmux-version.js';
import type { CloseOptions, CommandOutcome, SocketOptions, Transport } from './transport.js';

/** The commands that can start a server, so the only ones worth spawning when none runs. */
const STARTS_SERVER = new Set(['new-session', 'new', 'start-server', 'start']);

/** Options of {@link AutoTransport}. */
export interface AutoOptions extends SocketOptions {
  /**
   * A short-lived process (a one-shot CLI run): on tmux versions where a control client that connects while others
   * come and go can crash the server (before 3.7, see tmux-version.ts), it spawns a `tmux` per command instead of
   * opening a control client. Long-lived processes (the MCP server, the monitor) connect once and keep control mode.
   */
  oneShot?: boolean;
}

/**
 * Control mode when a server with a session is there to attach to, spawned processes otherwise: a control client
 * cannot attach to a server that is not running, and `new-session` is what starts one. Any other command on a
 * socket with no server fails with `tmux.noServer` at once, as a spawned tmux would after ~10 ms.
 */
export class AutoTransport implements Transport {
  readonly kind = 'control' as const;
  private readonly control: ControlTransport;
  private readonly spawned: SpawnTransport;
  private spawnOnly: Promise<boolean> | undefined;

  constructor(private readonly options: AutoOptions = {}) {
    this.control = new ControlTransport(options);
    this.spawned = new SpawnTransport(options);
  }

  /** The transport that served the last command. */
  lastUsed: 'control' | 'spawn' = 'control';

  async run(argv: readonly string[]): Promise<string[]> {
    return (await this.pick([argv])).run(argv);
  }

  async runMany(commands: readonly (readonly string[])[]): Promise<CommandOutcome[]> {
    return (await this.pick(commands)).runMany(commands);
  }

  async runList(commands: readonly (readonly string[])[]): Promise<string[]> {
    return (await this.pick(commands)).runList(commands);
  }

  async runUnless(condition: string, pane: string, command: readonly string[]): Promise<boolean> {
    return (await this.pick([command])).runUnless(condition, pane, command);
  }

  /** Subscriptions need the control connection: on spawned tmux processes there is none to send them. */
  subscribe(name: string, what: string, format: string): Promise<void> {
    return this.lastUsed === 'control' && !this.options.oneShot
      ? this.control.subscribe(name, what, format)
      : Promise.resolve();
  }

  onNotification(listener: (n: ControlNotification) => void): () => void {
    return this.control.onNotification(listener);
  }

  close(options?: CloseOptions): Promise<void> {
    return this.control.close(options);
  }

  private async pick(commands: readonly (readonly string[])[]): Promise<Transport> {
    if (this.options.oneShot && (await (this.spawnOnly ??= this.controlUnsafe()))) {
      this.lastUsed = 'spawn';
      return this.spawned;
    }
    try {
      await this.control.connect();
      this.lastUsed = 'control';
      return this.control;
    } catch (error) {
      if (
        error instanceof OrcError &&
        error.code === 'tmux.noServer' &&
        commands.some((argv) => STARTS_SERVER.has(argv[0] ?? ''))
      ) {
        this.lastUsed = 'spawn';
        return this.spawned;
      }
      throw error;
    }
  }

  private async controlUnsafe(): Promise<boolean> {
    const version = await tmuxVersion(this.options);
    // tmux that does not run at all: control mode reports tmux.notInstalled as it always has.
    return version !== undefined && !controlClientsSafe(version);
  }
}
