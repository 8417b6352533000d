import { ChannelWaiter, HOOK_CHANNEL } from '../tmux/channel-waiter.js';
import type { SocketOptions } from '../tmux/transport.js';

/**
 * The agents' hook channel of one server, shared by every listener of a manager: one `tmux wait-for` process while
 * anyone listens (ChannelWaiter), none once the last listener has gone or the manager closed.
 */
export class HookSignal {
  private readonly listeners = new Set<() => void>();
  private waiter: ChannelWaiter | undefined;

  constructor(private readonly socket: SocketOptions) {}

  /** Calls back on each signal from now on; returns the unsubscribe function. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    this.waiter ??= new ChannelWaiter(this.socket, HOOK_CHANNEL, () => {
      for (const l of this.listeners) l();
    });
    this.waiter.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Stops waiting and forgets every listener. */
  close(): void {
    this.stop();
    this.listeners.clear();
  }

  private stop(): void {
    this.waiter?.stop();
    this.waiter = undefined;
  }
}
