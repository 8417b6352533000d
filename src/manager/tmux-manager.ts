import { randomBytes } from 'node:crypto';
import { OrcError } from '../errors.js';
import { LatencyRecorder } from '../metrics/latency-recorder.js';
import { AutoTransport } from '../tmux/auto-transport.js';
import { requireAllOk } from '../tmux/batch-outcomes.js';
import { ControlTransport } from '../tmux/control-transport.js';
import { SpawnTransport } from '../tmux/spawn-transport.js';
import {
  capturePane as capturePaneArgv,
  deleteBuffer,
  displayFormat,
  killSession,
  killWindow,
  pasteBuffer,
  reapChildren,
  sendKeys as sendKeysArgv,
  sendLiteral,
  setBuffer,
  setOption,
} from '../tmux/tmux-commands.js';
import type { CloseOptions, CommandOutcome, SocketOptions, Transport } from '../tmux/transport.js';
import { HookSignal } from './hook-signal.js';
import { PaneWatch } from './pane-watch.js';
import { parseTarget } from './parse-target.js';
import { isReadOnlyTmuxCommand } from './read-only-commands.js';
import { resolveTarget, type ResolvedTarget } from './resolve-target.js';
import { readSnapshotWith, type Snapshot } from './snapshot.js';
import { SnapshotCache } from './snapshot-cache.js';
import {
  newSessionCommands,
  newWindowCommands,
  parseCreated,
  type CreatedWindow,
  type StartOptions,
} from './window-start.js';

export type { CreatedWindow, StartOptions } from './window-start.js';
export { validateSessionName, validateWindowName } from './validate-names.js';
// Where they were before they got modules of their own; branches in flight import them from here.
export { commandArgs } from '../tmux/tmux-commands.js';

/** How to build a TMUXManager. */
export interface ManagerOptions extends SocketOptions {
  /** `auto` (control mode, spawn when no server runs), `control`, or `spawn`. Default `auto`. */
  transport?: 'auto' | 'control' | 'spawn' | Transport;
  /** Snapshot time-to-live when no notifications keep it coherent (spawn transport). Default 1000 ms. */
  spawnTtlMs?: number;
  /**
   * Snapshot time-to-live in control mode. tmux notifies every session and window change, but pane changes
   * (split, kill-pane) only for the attached session, so this bounds how stale other sessions' panes can be.
   * Default 2000 ms.
   */
  controlTtlMs?: number;
  /** Refresh the snapshot right after a burst of change notifications, before the next read asks. */
  prefetch?: boolean;
  /** The slow-operation threshold for the recorder. Default 300 ms. */
  slowThresholdMs?: number;
  /** A one-shot CLI run (see AutoTransport's `oneShot`): on tmux before 3.7 it opens no control client. */
  oneShot?: boolean;
  /** A remote host: how long to wait before trying a host again that failed to connect (ControlConnectionOptions). */
  reconnectBackoffMs?: number;
}

/** What capturePane can be asked for. */
export interface CaptureOptions {
  /** The last N lines of history and screen; only the visible screen when absent. */
  lines?: number;
  /** Explicit start and end lines (tmux numbering: 0 is the top of the screen, negative is history). */
  start?: number;
  end?: number;
  /** Keep escape sequences (colours). */
  escapes?: boolean;
}

/**
 * The one core API over tmux: snapshot, sessions, windows, panes, keys, buffers, options and batches, with a
 * cache kept coherent by tmux's notifications and every operation's latency recorded.
 */
export class TMUXManager {
  readonly transport: Transport;
  readonly recorder: LatencyRecorder;
  private readonly cache: SnapshotCache;
  private readonly panes: PaneWatch;
  private readonly unsubscribe: () => void;
  /** The server this manager talks to (`-L`/`-S`, the tmux binary, the remote host): state files are keyed by it. */
  readonly socket: SocketOptions;
  private readonly hooks: HookSignal;

  constructor(options: ManagerOptions = {}) {
    this.transport = makeTransport(options);
    this.recorder = new LatencyRecorder(options.slowThresholdMs);
    const spawnTtlMs = options.spawnTtlMs ?? 1000;
    const controlTtlMs = options.controlTtlMs ?? 2000;
    const prefetch = options.prefetch ?? false;
    this.cache = new SnapshotCache({
      load: async (more) => {
        const read = await this.recorder.time('snapshot', () => readSnapshotWith(this.transport, more));
        // A long-lived manager (prefetch: the MCP server) has tmux watch every agent pane, so options other processes
        // set reach its cache.
        if (prefetch && read.snapshot.serverRunning)
          void this.watchPanes(agentPanes(read.snapshot)).catch(() => undefined);
        return read;
      },
      maxAgeMs: () => (this.coherent() ? controlTtlMs : spawnTtlMs),
      prefetch,
      recorder: this.recorder,
    });
    this.panes = new PaneWatch(this.transport, this.cache);
    this.socket = {
      ...(options.socketName ? { socketName: options.socketName } : {}),
      ...(options.socketPath ? { socketPath: options.socketPath } : {}),
      ...(options.tmuxBin ? { tmuxBin: options.tmuxBin } : {}),
      ...(options.remote ? { remote: options.remote } : {}),
    };
    this.hooks = new HookSignal(this.socket);
    this.unsubscribe = this.transport.onNotification((n) => {
      this.panes.onNotification(n);
      this.cache.onNotification(n);
    });
  }

  /** Runs one raw tmux command (argument array); mutating commands invalidate the cache. */
  async run(argv: readonly string[], target?: string): Promise<string[]> {
    if (!isReadOnlyTmuxCommand(argv[0] ?? '')) this.invalidate();
    try {
      return await this.recorder.time(`tmux.${argv[0]}`, () => this.transport.run(argv), target);
    } finally {
      if (!isReadOnlyTmuxCommand(argv[0] ?? '')) this.invalidate();
    }
  }

  /** Pipelines many commands over the one connection; each gets its own outcome, one failure sinks none. */
  async batch(commands: readonly (readonly string[])[]): Promise<CommandOutcome[]> {
    const mutating = commands.some((c) => !isReadOnlyTmuxCommand(c[0] ?? ''));
    if (mutating) this.invalidate();
    const outcomes = await this.recorder.time('batch', () => this.transport.runMany(commands));
    if (mutating) this.invalidate();
    return outcomes;
  }

  /**
   * Runs commands as one tmux command list: no other client's command runs in between, and the first failure skips
   * the rest (see Transport.runList). Resolves with all of their output lines; rejects with the first failure.
   */
  async runList(commands: readonly (readonly string[])[], target?: string): Promise<string[]> {
    this.invalidate();
    try {
      return await this.recorder.time(
        `tmux.${commands[0]?.[0] ?? 'list'}`,
        () => this.transport.runList(commands),
        target,
      );
    } finally {
      this.invalidate();
    }
  }

  /**
   * Runs a command unless a tmux format condition holds for a pane (by id: `%3`), checked by tmux in the same step;
   * true when it ran.
   */
  async runUnless(condition: string, pane: string, command: readonly string[], target?: string): Promise<boolean> {
    return this.recorder.time(`tmux.${command[0]}`, () => this.transport.runUnless(condition, pane, command), target);
  }

  /** Sessions, windows, panes and agent metadata in one round trip; served from cache while coherent. */
  async snapshot(options: { fresh?: boolean } = {}): Promise<Snapshot> {
    return this.cache.get(options);
  }

  /**
   * A fresh snapshot, and read-only commands run in the same round trip right after it (their outcomes, one each):
   * for a caller that knows from {@link lastSnapshot} what it will need to read next. Cached as snapshot()'s are.
   */
  async snapshotWith(
    commands: readonly (readonly string[])[],
  ): Promise<{ snapshot: Snapshot; outcomes: CommandOutcome[] }> {
    if (commands.some((c) => !isReadOnlyTmuxCommand(c[0] ?? ''))) {
      throw new OrcError('usage.invalid', 'snapshotWith: only read-only tmux commands may go with a snapshot');
    }
    return this.cache.readWith(commands);
  }

  /**
   * The last snapshot read from tmux, even one the cache has dropped since: a guess of what tmux holds, for deciding
   * what to read along with the next snapshot ({@link snapshotWith}), never an answer.
   */
  lastSnapshot(): Snapshot | undefined {
    return this.cache.lastRead();
  }

  /** Parses and finds a target (`session[:window[.pane]]` or an id) by exact name. */
  async resolve(target: string, options: { fresh?: boolean } = {}): Promise<ResolvedTarget> {
    return resolveTarget(await this.snapshot(options), parseTarget(target));
  }

  /** The pane id (`%N`) a target points at. */
  async paneId(target: string): Promise<string> {
    const found = await this.resolve(target);
    if (!found.pane) throw new OrcError('tmux.paneNotFound', `no pane at "${target}"`);
    return found.pane.id;
  }

  /** True when a session of exactly that name exists. */
  async hasSession(name: string): Promise<boolean> {
    return (await this.snapshot()).sessions.some((s) => s.name === name);
  }

  /** Creates a detached session whose first window runs the given program. */
  async newSession(name: string, options: StartOptions = {}): Promise<CreatedWindow> {
    const commands = newSessionCommands(name, options);
    try {
      return parseCreated(await this.runList(commands, name));
    } catch (error) {
      // tmux refuses an exact duplicate itself ("duplicate session"): no snapshot read to ask first.
      if (error instanceof OrcError && error.code === 'tmux.sessionExists') {
        throw new OrcError('tmux.sessionExists', `a session named "${name}" exists already`);
      }
      throw error;
    }
  }

  /** Kills a session by exact name. */
  async killSession(name: string): Promise<void> {
    const found = await this.resolve(name);
    await this.run(killSession(found.session.id), name);
  }

  /** Opens a window in a session (appended after the last index). */
  async newWindow(session: string, options: StartOptions = {}): Promise<CreatedWindow> {
    const found = await this.resolve(session);
    return this.newWindowIn(found.session.id, options, session);
  }

  /** Creates a detached window in the session with this id (`$3`), for a caller that knows it: no snapshot read. */
  async newWindowIn(sessionId: string, options: StartOptions = {}, label = sessionId): Promise<CreatedWindow> {
    return parseCreated(await this.runList(newWindowCommands(sessionId, options), label));
  }

  /** Kills the window a target names. */
  async killWindow(target: string): Promise<void> {
    const parsed = parseTarget(target);
    // A bare session name would kill its current window: too easy a mistake for a destroy command.
    if (parsed.window === undefined && !parsed.id) {
      throw new OrcError('target.invalid', `"${target}" names a session, not a window`, { hint: 'use session:window' });
    }
    const found = resolveTarget(await this.snapshot(), parsed);
    if (!found.window) throw new OrcError('tmux.windowNotFound', `no window at "${target}"`);
    await this.run(killWindow(found.window.id), target);
  }

  /** The pane's text: the visible screen, the last N lines, or a line range. */
  async capturePane(target: string, options: CaptureOptions = {}): Promise<string> {
    const argv = capturePaneArgv(await this.paneId(target), options);
    const lines = await this.recorder.time('capturePane', () => this.transport.run(argv), target);
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines.join('\n');
  }

  /**
   * Types text literally (no key-name lookup). The text may hold no control character at all: typed, ESC, CR or
   * C-c would be key presses, not text (deliverMessage neutralises them first; see neutralize-text.ts). With
   * `unless` (a tmux format), nothing is typed when it holds at that moment; resolves false then.
   */
  async sendText(target: string, text: string, options: { unless?: string } = {}): Promise<boolean> {
    if (CONTROL.test(text)) {
      throw new OrcError(
        'usage.invalid',
        'sendText: the text holds a control character, which would be typed as a key',
      );
    }
    const pane = await this.paneId(target);
    const argv = sendLiteral(pane, text);
    if (options.unless) return this.runUnless(options.unless, pane, argv, target);
    await this.run(argv, target);
    return true;
  }

  /** Presses keys by name (`Enter`, `Escape`, `C-c`, `y`...). */
  async sendKeys(target: string, ...keys: string[]): Promise<void> {
    await this.run(sendKeysArgv(await this.paneId(target), keys), target);
  }

  /** Presses keys unless a tmux format condition holds at that moment (checked by tmux in the same step). */
  async sendKeysUnless(condition: string, target: string, ...keys: string[]): Promise<boolean> {
    const pane = await this.paneId(target);
    return this.runUnless(condition, pane, sendKeysArgv(pane, keys), target);
  }

  /**
   * Pastes text through a tmux buffer, bracketed (`paste-buffer -p`) so newlines do not submit. Only newlines and tabs
   * may be in it: an ESC could end the bracketed paste early (`ESC [201~`) and what follows would be typed as keys.
   * With `unless` (a tmux format), nothing is pasted when it holds at that moment; resolves false then.
   */
  async pasteText(
    target: string,
    text: string,
    options: { bracketed?: boolean; unless?: string } = {},
  ): Promise<boolean> {
    if (PASTE_CONTROL.test(text)) {
      throw new OrcError('usage.invalid', 'pasteText: the text holds a control character other than newline or tab');
    }
    const pane = await this.paneId(target);
    // A buffer of its own for every paste, so concurrent pastes never share one.
    const buffer = `tmux-orc-${process.pid}-${(++pasteCount).toString(36)}-${randomBytes(4).toString('hex')}`;
    const paste = pasteBuffer(buffer, pane, { bracketed: options.bracketed });
    if (!options.unless) {
      await this.runList([setBuffer(buffer, text), paste], target);
      return true;
    }
    await this.run(setBuffer(buffer, text), target);
    const pasted = await this.runUnless(options.unless, pane, paste, target).catch(async (error: unknown) => {
      await this.run(deleteBuffer(buffer)).catch(() => undefined);
      throw error;
    });
    if (!pasted) await this.run(deleteBuffer(buffer)).catch(() => undefined);
    return pasted;
  }

  /** Sets `@tmux-orc-<key>` options on a window (agent metadata). */
  async setWindowMeta(target: string, meta: Readonly<Record<string, string>>): Promise<void> {
    const found = await this.resolve(target);
    if (!found.window) throw new OrcError('tmux.windowNotFound', `no window at "${target}"`);
    const window = found.window.id;
    const commands = Object.entries(meta).map(([k, v]) => setOption('window', window, `@tmux-orc-${k}`, v));
    requireAllOk(await this.batch(commands));
  }

  /** Sets a window option (e.g. `remain-on-exit on`). */
  async setWindowOption(target: string, option: string, value: string): Promise<void> {
    const found = await this.resolve(target);
    await this.run(setOption('window', found.window?.id ?? found.session.id, option, value), target);
  }

  /**
   * Evaluates a tmux format for a target (fresh, not cached). tmux 3.3 expands it with no context and no error when an
   * id target (`%pane`, `@window`, `$session`) is gone, so the session id is read first: empty means not found.
   */
  async display(target: string, format: string): Promise<string> {
    const argv = displayFormat(target, `#{session_id}\x1f${format}`);
    const lines = await this.recorder.time('display', () => this.transport.run(argv));
    const text = lines.join('\n');
    const cut = text.indexOf('\x1f');
    if (cut <= 0) throw targetGone(target);
    return text.slice(cut + 1);
  }

  /**
   * Calls back each time an agent's hook reports an event on this server (any agent: read the panes' hook options to
   * see which), from the moment of the first listener until it unsubscribes or the manager closes. Returns the
   * unsubscribe function.
   */
  onHookEvent(listener: () => void): () => void {
    return this.hooks.listen(listener);
  }

  /**
   * Has tmux watch these panes (control mode: a format subscription each, checked by tmux about once a second) for
   * what tmux sends no notification about: hook events, dead, the foreground program, the title, and the agent
   * options other processes set. A change calls the {@link onPaneChange} listeners and, when it touches the agent's
   * options, drops the cached snapshot. Panes no longer in the list are unwatched.
   */
  async watchPanes(paneIds: readonly string[]): Promise<void> {
    return this.panes.watch(paneIds);
  }

  /** Calls back with a pane's id when a watched pane changed (see {@link watchPanes}); returns the unsubscribe. */
  onPaneChange(listener: (paneId: string) => void): () => void {
    return this.panes.onChange(listener);
  }

  /**
   * Has tmux reap programs that exited: tmux 3.3 sometimes misses the SIGCHLD of a program that ends at once and keeps
   * it a zombie (the pane dead, with no exit status and no pane-died hook) until another child of the server exits.
   * A fixed `run-shell -b true` is such a child; nothing of the user's is in it.
   */
  async reapChildren(): Promise<void> {
    await this.run(reapChildren()).catch(() => undefined);
  }

  /** Drops the cached snapshot. */
  invalidate(): void {
    this.cache.invalidate();
  }

  /** True when tmux's notifications keep the cache coherent (a live control-mode connection). */
  coherent(): boolean {
    return this.transport instanceof AutoTransport
      ? this.transport.lastUsed === 'control'
      : this.transport.kind === 'control';
  }

  /** Closes the connection (`wait: false`: without waiting for the tmux client to exit, for a one-shot CLI run). */
  async close(options?: CloseOptions): Promise<void> {
    this.unsubscribe();
    this.hooks.close();
    await this.transport.close(options);
  }
}

// C0 controls and DEL; pastes may also hold newline and tab.

const CONTROL = /[\x00-\x1f\x7f]/;

const PASTE_CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;
let pasteCount = 0;

/** The transport the options ask for (`auto` by default). */
function makeTransport(options: ManagerOptions): Transport {
  const t = options.transport ?? 'auto';
  if (typeof t !== 'string') return t;
  if (t === 'spawn') return new SpawnTransport(options);
  return t === 'control' ? new ControlTransport(options) : new AutoTransport(options);
}

/** The panes of agent windows (their first), which a long-lived manager watches. */
function agentPanes(snap: Snapshot): string[] {
  return snap.sessions.flatMap((s) => s.windows.filter((w) => w.meta.name).map((w) => w.panes[0]?.id ?? ''));
}

/** The error for a target tmux could not find, coded by the kind of id it is (a name counts as a session's). */
function targetGone(target: string): OrcError {
  if (target.startsWith('%')) return new OrcError('tmux.paneNotFound', `can't find pane ${target}`);
  if (target.startsWith('@')) return new OrcError('tmux.windowNotFound', `can't find window ${target}`);
  return new OrcError('tmux.sessionNotFound', `can't find session ${target}`);
}
