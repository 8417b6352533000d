import type { ChildProcess } from 'node:child_process';
import { parentDeathWrapper } from './parent-death.js';
import { tmuxClientCommand } from './tmux-client.js';
import type { SocketOptions } from './transport.js';

/**
 * Waits on a tmux `wait-for` channel in a process of its own (`tmux wait-for <channel>`, which blocks a client until
 * some client runs `wait-for -S <channel>`), and calls back each time it is signalled, then waits again. This is how
 * a hook's event reaches the core at once: the hook signals after writing its pane options (~4 ms from signal to
 * wake-up), where tmux's subscriptions report at most once a second. tmux remembers a signal nobody waited for, so
 * events between two waits are not lost (several collapse into one wake-up; the caller re-reads the options).
 * `wait-for` cannot run inside a control client without blocking it, hence the process.
 */
export class ChannelWaiter {
  private child: ChildProcess | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: SocketOptions,
    private readonly channel: string,
    private readonly onSignal: () => void,
  ) {}

  /** Starts waiting (idempotent). */
  start(): void {
    if (this.child || this.stopped) return;
    void this.spawnWaiter();
  }

  private async spawnWaiter(): Promise<void> {
    const { spawn } = await import('node:child_process');
    if (this.stopped) return;
    const [file, args] = parentDeathWrapper(...tmuxClientCommand(this.socket, ['wait-for', this.channel]));
    const started = Date.now();
    const child = spawn(file, args, { stdio: 'ignore' });
    this.child = child;
    child.unref();
    const again = (signalled: boolean) => {
      this.child = undefined;
      if (this.stopped) return;
      if (signalled) {
        this.onSignal();
        void this.spawnWaiter();
      } else {
        // No server (yet), or tmux failed: look again in a second rather than spin.
        this.retry = setTimeout(() => void this.spawnWaiter(), Math.max(0, 1000 - (Date.now() - started)));
        this.retry.unref();
      }
    };
    child.once('error', () => again(false));
    child.once('exit', (code) => again(code === 0));
  }

  /** Stops waiting and kills the waiting process. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }
}

/** The channel every tmux-orc hook signals after writing its event (src/agents/hooks/). */
export const HOOK_CHANNEL = 'tmux-orc-hook';
