import type { ControlNotification } from './control-notification.js';
import { ControlConnection, UnstartedCommandError, type ControlConnectionOptions } from './control-connection.js';
import { OrcError, toOrcError } from '../errors.js';
import type { CloseOptions, CommandOutcome, Transport } from './transport.js';
import { subscribeFormat } from './tmux-commands.js';

/** Connect failures of a remote host that are worth waiting out before trying again. */
const BACKOFF_CODES = new Set(['host.unreachable', 'host.authFailed', 'host.noTmux']);
const MAX_BACKOFF_MS = 15_000;

/**
 * The persistent control-mode transport. It attaches lazily to the most recently used session and, when that
 * connection ends (its session killed, the server restarted), attaches again on the next command; commands that
 * had not started yet are resent once, the one being run fails with `tmux.connectionLost`. Once closed it stays
 * closed: a command that comes after close() fails at once instead of opening a new connection.
 */
export class ControlTransport implements Transport {
  readonly kind = 'control' as const;
  private connection: ControlConnection | null = null;
  private connecting: Promise<ControlConnection> | null = null;
  private readonly listeners = new Set<(n: ControlNotification) => void>();
  private closing = false;
  /** Format subscriptions (`refresh-client -B`), by name: `<what>:<format>`; applied again on every new connection. */
  private readonly subscriptions = new Map<string, string>();
  /** A remote host that could not be reached: the error, and when to try again (see reconnectBackoffMs). */
  private backoff: { error: OrcError; until: number; failures: number } | undefined;

  constructor(private readonly options: ControlConnectionOptions = {}) {}

  /** Opens the connection now (it is otherwise opened by the first command). */
  async connect(): Promise<void> {
    await this.current();
  }

  run(argv: readonly string[]): Promise<string[]> {
    return this.once((conn) => conn.send(argv));
  }

  runList(commands: readonly (readonly string[])[]): Promise<string[]> {
    return this.once((conn) => conn.sendList(commands));
  }

  async runUnless(condition: string, pane: string, command: readonly string[]): Promise<boolean> {
    try {
      return await (await this.current()).sendUnless(condition, pane, command);
    } catch (error) {
      if (!(error instanceof UnstartedCommandError) || this.closing) throw error;
      return (await this.current()).sendUnless(condition, pane, command);
    }
  }

  async runMany(commands: readonly (readonly string[])[]): Promise<CommandOutcome[]> {
    const outcomes = await (await this.current()).sendMany(commands);
    // Those the lost connection never started go once more, on the next one (as run does for one command).
    const again = this.closing
      ? []
      : outcomes.flatMap((o, i) => (!o.ok && o.error instanceof UnstartedCommandError ? [i] : []));
    if (again.length > 0) {
      const retried = await this.current().then(
        (conn) => conn.sendMany(again.map((i) => commands[i]!)),
        (error: unknown) => again.map(() => ({ ok: false as const, error: toOrcError(error) })),
      );
      again.forEach((index, k) => (outcomes[index] = retried[k]!));
    }
    return outcomes;
  }

  /**
   * Subscribes this control client to a format (`refresh-client -B name:what:format`; what: a pane `%3`, a window
   * `@2`, `%*` or `@*` for the attached session's): tmux checks it about once a second and sends
   * `%subscription-changed` with the latest value when it changed. Kept across reconnections. An empty format
   * unsubscribes.
   */
  async subscribe(name: string, what: string, format: string): Promise<void> {
    if (format) this.subscriptions.set(name, `${what}:${format}`);
    else if (!this.subscriptions.delete(name)) return;
    if (!this.connection || this.connection.closed) return; // applied when the next connection opens
    await this.connection.send(subscribeFormat(name, format ? `${what}:${format}` : undefined)).catch(() => undefined);
  }

  onNotification(listener: (n: ControlNotification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(options?: CloseOptions): Promise<void> {
    this.closing = true;
    // Both: a lost connection may be there while its successor is still being opened.
    const conns = [this.connection, await this.connecting?.catch(() => null)];
    this.connection = null;
    await Promise.all([...new Set(conns)].map((conn) => conn?.close(options)));
  }

  /** Sends on the current connection; a request the lost connection never started goes once more, on the next. */
  private async once(send: (conn: ControlConnection) => Promise<string[]>): Promise<string[]> {
    try {
      return await send(await this.current());
    } catch (error) {
      if (!(error instanceof UnstartedCommandError) || this.closing) throw error;
      return send(await this.current());
    }
  }

  private current(): Promise<ControlConnection> {
    if (this.closing) return Promise.reject(new OrcError('tmux.connectionLost', 'the tmux connection was closed'));
    if (this.connection && !this.connection.closed) return Promise.resolve(this.connection);
    // A host that just failed to connect is not tried again on every command: each try costs a connect timeout, and
    // a caller polling it (the monitor, a fleet view) gets its error at once.
    if (this.backoff && Date.now() < this.backoff.until && !this.connecting) {
      const { error } = this.backoff;
      return Promise.reject(new OrcError(error.code, error.message, error.hint ? { hint: error.hint } : {}));
    }
    if (!this.connecting) {
      this.connecting = ControlConnection.open(this.options).then(
        (conn) => {
          this.connecting = null;
          this.backoff = undefined;
          // Opened while close() ran: close() waits for this one and closes it.
          this.connection = conn;
          conn.onNotification((n) => this.emit(n));
          // A new client has no subscriptions: the old one's go again (not awaited: the replies come in order).
          for (const [name, spec] of this.subscriptions)
            void conn.send(subscribeFormat(name, spec)).catch(() => undefined);
          // The connection itself reports one `exit` however it ends, which drops the cache: nothing is heard while
          // disconnected, and whatever is read after that comes through the new connection.
          return conn;
        },
        (error: unknown) => {
          this.connecting = null;
          if (this.options.remote && error instanceof OrcError && BACKOFF_CODES.has(error.code)) {
            const failures = (this.backoff?.failures ?? 0) + 1;
            const base = this.options.reconnectBackoffMs ?? 500;
            this.backoff = {
              error,
              failures,
              until: Date.now() + Math.min(MAX_BACKOFF_MS, base * 2 ** (failures - 1)),
            };
          }
          throw error;
        },
      );
    }
    return this.connecting;
  }

  private emit(n: ControlNotification): void {
    for (const listener of this.listeners) listener(n);
  }
}
