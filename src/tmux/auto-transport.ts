import { OrcError } from '../errors.js';
import type { ControlNotification } from './control-notification.js';
import { ControlTransport } from './control-transport.js';
import { SpawnTransport } from './spawn-transport.js';
import type { CloseOptions, CommandOutcome, SocketOptions, Transport } from './transport.js';

/**
 * Control mode when a server with a session is there to attach to, spawned processes otherwise: a control client
 * cannot attach to a server that is not running, and `new-session` is what starts one.
 */
export class AutoTransport implements Transport {
  readonly kind = 'control' as const;
  private readonly control: ControlTransport;
  private readonly spawned: SpawnTransport;

  constructor(options: SocketOptions = {}) {
    this.control = new ControlTransport(options);
    this.spawned = new SpawnTransport(options);
  }

  /** The transport that served the last command. */
  lastUsed: 'control' | 'spawn' = 'control';

  async run(argv: readonly string[]): Promise<string[]> {
    return (await this.pick()).run(argv);
  }

  async runMany(commands: readonly (readonly string[])[]): Promise<CommandOutcome[]> {
    return (await this.pick()).runMany(commands);
  }

  attachedSessionId(): string | undefined {
    return this.lastUsed === 'control' ? this.control.attachedSessionId() : undefined;
  }

  onNotification(listener: (n: ControlNotification) => void): () => void {
    return this.control.onNotification(listener);
  }

  close(options?: CloseOptions): Promise<void> {
    return this.control.close(options);
  }

  private async pick(): Promise<Transport> {
    try {
      await this.control.connect();
      this.lastUsed = 'control';
      return this.control;
    } catch (error) {
      if (error instanceof OrcError && error.code === 'tmux.noServer') {
        this.lastUsed = 'spawn';
        return this.spawned;
      }
      throw error;
    }
  }
}
