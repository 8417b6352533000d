import { randomBytes } from 'node:crypto';
import QuickLRU from 'quick-lru';
import { OrcError } from '../errors.js';
import { LatencyRecorder } from '../metrics/latency-recorder.js';
import { AutoTransport } from '../tmux/auto-transport.js';
import { TOPOLOGY_NOTIFICATIONS, type ControlNotification } from '../tmux/control-notification.js';
import { ChannelWaiter, HOOK_CHANNEL } from '../tmux/channel-waiter.js';
import { ControlTransport } from '../tmux/control-transport.js';
import { escapeFormat } from '../tmux/escape-format.js';
import { SpawnTransport } from '../tmux/spawn-transport.js';
import type { CloseOptions, CommandOutcome, SocketOptions, Transport } from '../tmux/transport.js';
import { parseTarget } from './parse-target.js';
import { resolveTarget, type ResolvedTarget } from './resolve-target.js';
import { parseSnapshot, SNAPSHOT_FORMAT, type Snapshot } from './snapshot.js';
import { isReadOnlyTmuxCommand } from './read-only-commands.js';
import { NAME_MAX_CHARS } from '../input-limits.js';

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

/** Options for starting a program in a new session or window. */
export interface StartOptions {
  /** Window name. */
  name?: string;
  /** The program and its arguments; the default shell when absent. Never run through a shell. */
  command?: readonly string[];
  cwd?: string;
  env?: Readonly<Record<string, string>>;
  width?: number;
  height?: number;
  /**
   * Window options set in the same tmux command list that creates the window (needs `name`): no other client can see
   * the window without them, and tmux cannot notice the program's exit before they are set (`remain-on-exit`).
   */
  windowOptions?: Readonly<Record<string, string>>;
  /** Window hooks set in the same command list (`set-hook -w`): tmux commands of ours, never user text. */
  windowHooks?: Readonly<Record<string, string>>;
}

/** Where a new window landed. */
export interface CreatedWindow {
  session: string;
  sessionId: string;
  windowId: string;
  windowIndex: number;
  paneId: string;
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

const NEW_WINDOW_FORMAT = '#{session_name}\x1f#{session_id}\x1f#{window_id}\x1f#{window_index}\x1f#{pane_id}';

/**
 * The one core API over tmux: snapshot, sessions, windows, panes, keys, buffers, options and batches, with a
 * cache kept coherent by tmux's notifications and every operation's latency recorded.
 */
export class TMUXManager {
  readonly transport: Transport;
  readonly recorder: LatencyRecorder;
  private readonly cache = new QuickLRU<string, Snapshot>({ maxSize: 4 });
  private readonly ttlMs: number;
  private readonly controlTtlMs: number;
  private readonly prefetch: boolean;
  private generation = 0;
  private inflight: { generation: number; promise: Promise<Snapshot> } | undefined;
  private prefetchScheduled = false;
  private readonly unsubscribe: () => void;
  /** The server this manager talks to (`-L`/`-S`, the tmux binary, the remote host): state files are keyed by it. */
  readonly socket: SocketOptions;
  private readonly hookListeners = new Set<() => void>();
  private readonly paneListeners = new Set<(paneId: string) => void>();
  /** Watched panes and the last value their subscription reported. */
  private readonly watched = new Map<string, string>();
  private hookWaiter: ChannelWaiter | undefined;

  constructor(options: ManagerOptions = {}) {
    const t = options.transport ?? 'auto';
    this.transport = typeof t !== 'string' ? t : t === 'spawn' ? new SpawnTransport(options) : t === 'control' ? new ControlTransport(options) : new AutoTransport(options);
    this.recorder = new LatencyRecorder(options.slowThresholdMs);
    this.ttlMs = options.spawnTtlMs ?? 1000;
    this.controlTtlMs = options.controlTtlMs ?? 2000;
    this.prefetch = options.prefetch ?? false;
    this.socket = {
      ...(options.socketName ? { socketName: options.socketName } : {}), ...(options.socketPath ? { socketPath: options.socketPath } : {}),
      ...(options.tmuxBin ? { tmuxBin: options.tmuxBin } : {}), ...(options.remote ? { remote: options.remote } : {}),
    };
    this.unsubscribe = this.transport.onNotification((n) => this.onNotification(n));
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
      return await this.recorder.time(`tmux.${commands[0]?.[0] ?? 'list'}`, () => this.transport.runList(commands), target);
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
    const cached = options.fresh ? undefined : this.cache.get('snapshot');
    if (cached) {
      this.recorder.record('snapshot.cached', 0);
      return cached;
    }
    // Callers that arrive while a query for the current generation is running (a prefetch, a burst of reads) share it.
    const generation = this.generation;
    if (this.inflight?.generation === generation) return this.inflight.promise;
    const promise = this.querySnapshot(generation);
    this.inflight = { generation, promise };
    try {
      return await promise;
    } finally {
      if (this.inflight?.promise === promise) this.inflight = undefined;
    }
  }

  private async querySnapshot(generation: number): Promise<Snapshot> {
    const snap = await this.recorder.time('snapshot', async () => {
      try {
        // The clients in the same round trip: control-mode ones (ours, a monitor's, an MCP server's) are not people.
        const [panes, clients] = await this.transport.runMany([['list-panes', '-a', '-F', SNAPSHOT_FORMAT], ['list-clients', '-F', '#{session_id}\x1f#{client_control_mode}']]);
        if (!panes!.ok) throw panes!.error;
        return withoutControlClients(parseSnapshot(panes!.lines), clients!.ok ? clients!.lines : []);
      } catch (error) {
        if (error instanceof OrcError && error.code === 'tmux.noServer') return { serverRunning: false, sessions: [], takenAt: Date.now() };
        throw error;
      }
    });
    // A long-lived manager (prefetch: the MCP server) has tmux watch every agent pane, so options other processes
    // set reach its cache.
    if (this.prefetch && snap.serverRunning) void this.watchPanes(snap.sessions.flatMap((s) => s.windows.filter((w) => w.meta.name).map((w) => w.panes[0]?.id ?? ''))).catch(() => undefined);
    // A notification that arrived while we were reading means this answer may already be stale. "No server" is never
    // kept: nothing notifies us when another process starts one, and the next read must see it.
    if (generation === this.generation && snap.serverRunning) this.cache.set('snapshot', snap, { maxAge: this.coherent() ? this.controlTtlMs : this.ttlMs });
    return snap;
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
    validateSessionName(name);
    const setup = windowSetup(`=${name}`, options);
    const argv = ['new-session', '-d', '-P', '-F', NEW_WINDOW_FORMAT, '-s', escapeFormat(name), ...startArgs(options, setup?.temp)];
    if (options.width) argv.push('-x', String(options.width));
    if (options.height) argv.push('-y', String(options.height));
    try {
      // new-session -e sets the session's environment, which tmux gives every later window of the session: the
      // first program keeps it, the session forgets it in the same list (another agent's keys are not this one's).
      const forget = Object.keys(options.env ?? {}).map((k) => ['set-environment', '-t', `=${name}`, '-u', k]);
      return parseCreated(await this.runList([[...argv, ...commandArgs(options.command)], ...(setup?.commands ?? []), ...forget], name));
    } catch (error) {
      // tmux refuses an exact duplicate itself ("duplicate session"): no snapshot read to ask first.
      if (error instanceof OrcError && error.code === 'tmux.sessionExists') throw new OrcError('tmux.sessionExists', `a session named "${name}" exists already`);
      throw error;
    }
  }

  /** Kills a session by exact name. */
  async killSession(name: string): Promise<void> {
    const found = await this.resolve(name);
    await this.run(['kill-session', '-t', found.session.id], name);
  }

  /** Opens a window in a session (appended after the last index). */
  async newWindow(session: string, options: StartOptions = {}): Promise<CreatedWindow> {
    const found = await this.resolve(session);
    return this.newWindowIn(found.session.id, options, session);
  }

  /** Creates a detached window in the session with this id (`$3`), for a caller that knows it: no snapshot read. */
  async newWindowIn(sessionId: string, options: StartOptions = {}, label = sessionId): Promise<CreatedWindow> {
    const setup = windowSetup(sessionId, options);
    const argv = ['new-window', '-d', '-P', '-F', NEW_WINDOW_FORMAT, '-t', `${sessionId}:`, ...startArgs(options, setup?.temp)];
    return parseCreated(await this.runList([[...argv, ...commandArgs(options.command)], ...(setup?.commands ?? [])], label));
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
    await this.run(['kill-window', '-t', found.window.id], target);
  }

  /** The pane's text: the visible screen, the last N lines, or a line range. */
  async capturePane(target: string, options: CaptureOptions = {}): Promise<string> {
    const pane = await this.paneId(target);
    const argv = ['capture-pane', '-p', '-t', pane];
    if (options.escapes) argv.push('-e');
    if (options.lines !== undefined) argv.push('-S', String(-Math.max(0, options.lines)));
    else if (options.start !== undefined) argv.push('-S', String(options.start));
    if (options.end !== undefined) argv.push('-E', String(options.end));
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
    if (CONTROL.test(text)) throw new OrcError('usage.invalid', 'sendText: the text holds a control character, which would be typed as a key');
    const pane = await this.paneId(target);
    const argv = ['send-keys', '-t', pane, '-l', '--', text];
    if (options.unless) return this.runUnless(options.unless, pane, argv, target);
    await this.run(argv, target);
    return true;
  }

  /** Presses keys by name (`Enter`, `Escape`, `C-c`, `y`...). */
  async sendKeys(target: string, ...keys: string[]): Promise<void> {
    await this.run(['send-keys', '-t', await this.paneId(target), '--', ...keys], target);
  }

  /** Presses keys unless a tmux format condition holds at that moment (checked by tmux in the same step). */
  async sendKeysUnless(condition: string, target: string, ...keys: string[]): Promise<boolean> {
    const pane = await this.paneId(target);
    return this.runUnless(condition, pane, ['send-keys', '-t', pane, '--', ...keys], target);
  }

  /**
   * Pastes text through a tmux buffer, bracketed (`paste-buffer -p`) so newlines do not submit. Only newlines and tabs
   * may be in it: an ESC could end the bracketed paste early (`ESC [201~`) and what follows would be typed as keys.
   * With `unless` (a tmux format), nothing is pasted when it holds at that moment; resolves false then.
   */
  async pasteText(target: string, text: string, options: { bracketed?: boolean; unless?: string } = {}): Promise<boolean> {
    if (PASTE_CONTROL.test(text)) throw new OrcError('usage.invalid', 'pasteText: the text holds a control character other than newline or tab');
    const pane = await this.paneId(target);
    // A buffer of its own for every paste, so concurrent pastes never share one.
    const buffer = `tmux-orc-${process.pid}-${(++pasteCount).toString(36)}-${randomBytes(4).toString('hex')}`;
    const paste = ['paste-buffer', '-d', ...(options.bracketed === false ? [] : ['-p']), '-b', buffer, '-t', pane];
    if (!options.unless) {
      await this.runList([['set-buffer', '-b', buffer, '--', text], paste], target);
      return true;
    }
    await this.run(['set-buffer', '-b', buffer, '--', text], target);
    const pasted = await this.runUnless(options.unless, pane, paste, target).catch(async (error: unknown) => {
      await this.run(['delete-buffer', '-b', buffer]).catch(() => undefined);
      throw error;
    });
    if (!pasted) await this.run(['delete-buffer', '-b', buffer]).catch(() => undefined);
    return pasted;
  }

  /** Sets `@tmux-orc-<key>` options on a window (agent metadata). */
  async setWindowMeta(target: string, meta: Readonly<Record<string, string>>): Promise<void> {
    const found = await this.resolve(target);
    if (!found.window) throw new OrcError('tmux.windowNotFound', `no window at "${target}"`);
    const outcomes = await this.batch(Object.entries(meta).map(([k, v]) => ['set-option', '-w', '-t', found.window!.id, `@tmux-orc-${k}`, v]));
    const failed = outcomes.find((o) => !o.ok);
    if (failed && !failed.ok) throw failed.error;
  }

  /** Sets a window option (e.g. `remain-on-exit on`). */
  async setWindowOption(target: string, option: string, value: string): Promise<void> {
    const found = await this.resolve(target);
    await this.run(['set-option', '-w', '-t', found.window?.id ?? found.session.id, option, value], target);
  }

  /**
   * Evaluates a tmux format for a target (fresh, not cached). tmux 3.3 expands it with no context and no error when an
   * id target (`%pane`, `@window`, `$session`) is gone, so the session id is read first: empty means not found.
   */
  async display(target: string, format: string): Promise<string> {
    const lines = await this.recorder.time('display', () => this.transport.run(['display-message', '-p', '-t', target, `#{session_id}\x1f${format}`]));
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
    this.hookListeners.add(listener);
    this.hookWaiter ??= new ChannelWaiter(this.socket, HOOK_CHANNEL, () => {
      for (const l of this.hookListeners) l();
    });
    this.hookWaiter.start();
    return () => {
      this.hookListeners.delete(listener);
      if (this.hookListeners.size === 0) {
        this.hookWaiter?.stop();
        this.hookWaiter = undefined;
      }
    };
  }

  /**
   * Has tmux watch these panes (control mode: a format subscription each, checked by tmux about once a second) for
   * what tmux sends no notification about: hook events, dead, the foreground program, the title, and the agent
   * options other processes set. A change calls the {@link onPaneChange} listeners and, when it touches the agent's
   * options, drops the cached snapshot. Panes no longer in the list are unwatched.
   */
  async watchPanes(paneIds: readonly string[]): Promise<void> {
    const subscribe = this.transport.subscribe?.bind(this.transport);
    if (!subscribe) return;
    const wanted = new Set(paneIds.filter((id) => /^%\d+$/.test(id)));
    const changes: Promise<void>[] = [];
    for (const id of this.watched.keys()) if (!wanted.has(id)) {
      this.watched.delete(id);
      changes.push(subscribe(`tmux-orc-${id}`, id, ''));
    }
    for (const id of wanted) if (!this.watched.has(id)) {
      this.watched.set(id, '');
      changes.push(subscribe(`tmux-orc-${id}`, id, WATCH_FORMAT));
    }
    await Promise.all(changes);
  }

  /** Calls back with a pane's id when a watched pane changed (see {@link watchPanes}); returns the unsubscribe. */
  onPaneChange(listener: (paneId: string) => void): () => void {
    this.paneListeners.add(listener);
    return () => this.paneListeners.delete(listener);
  }

  /**
   * Has tmux reap programs that exited: tmux 3.3 sometimes misses the SIGCHLD of a program that ends at once and keeps
   * it a zombie (the pane dead, with no exit status and no pane-died hook) until another child of the server exits.
   * A fixed `run-shell -b true` is such a child; nothing of the user's is in it.
   */
  async reapChildren(): Promise<void> {
    await this.run(['run-shell', '-b', 'true']).catch(() => undefined);
  }

  /** Drops the cached snapshot. */
  invalidate(): void {
    this.generation++;
    this.cache.clear();
  }

  /** True when tmux's notifications keep the cache coherent (a live control-mode connection). */
  coherent(): boolean {
    return this.transport instanceof AutoTransport ? this.transport.lastUsed === 'control' : this.transport.kind === 'control';
  }

  /** Closes the connection (`wait: false`: without waiting for the tmux client to exit, for a one-shot CLI run). */
  async close(options?: CloseOptions): Promise<void> {
    this.unsubscribe();
    this.hookWaiter?.stop();
    this.hookWaiter = undefined;
    this.hookListeners.clear();
    await this.transport.close(options);
  }

  private onWatchedChange(paneId: string, value: string): void {
    const before = this.watched.get(paneId);
    if (before === undefined) return;
    this.watched.set(paneId, value);
    // Another process set an agent option (a spawn, a rename of the role): what the cache holds is stale. The first
    // report is checked against the cached snapshot, since the change may have come before it.
    const meta = META_PART.exec(value)?.[1];
    const was = before !== '' ? META_PART.exec(before)?.[1] : this.cachedMeta(paneId);
    if (was !== undefined && was !== meta) this.invalidate();
    for (const listener of this.paneListeners) listener(paneId);
  }

  /** The `name|kind|role` the cached snapshot holds for a pane's window, if it is cached. */
  private cachedMeta(paneId: string): string | undefined {
    for (const session of this.cache.get('snapshot')?.sessions ?? []) {
      for (const w of session.windows) if (w.panes.some((p) => p.id === paneId)) return `${w.meta.name ?? ''}|${w.meta.kind ?? ''}|${w.meta.role ?? ''}`;
    }
    return undefined;
  }

  private onNotification(n: ControlNotification): void {
    if (n.name === 'subscription-changed') return this.onWatchedChange(n.paneId, n.value);
    if (n.name === 'exit') this.watched.forEach((_, id) => this.watched.set(id, ''));
    if (!TOPOLOGY_NOTIFICATIONS.has(n.name) && n.name !== 'exit') return;
    this.invalidate();
    if (!this.prefetch || this.prefetchScheduled || n.name === 'exit') return;
    this.prefetchScheduled = true;
    // One refresh for a burst: wait until the notifications already queued have been handled.
    setImmediate(() => {
      this.prefetchScheduled = false;
      this.snapshot().catch(() => undefined);
    });
  }
}

// C0 controls and DEL; pastes may also hold newline and tab.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;
// eslint-disable-next-line no-control-regex
const PASTE_CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/;
let pasteCount = 0;

/**
 * The commands that finish a new window in the same command list: its options, set on the window found by a
 * temporary name (the list cannot learn its id), then its real name. undefined when there are no options to set.
 */
function windowSetup(session: string, options: StartOptions): { temp: string; commands: string[][] } | undefined {
  const entries = Object.entries(options.windowOptions ?? {});
  const hooks = Object.entries(options.windowHooks ?? {});
  if (entries.length === 0 && hooks.length === 0) return undefined;
  if (!options.name) throw new OrcError('internal.error', 'windowOptions need a window name');
  const temp = `tmux-orc-new-${randomBytes(6).toString('hex')}`;
  const window = `${session}:=${temp}`;
  return {
    temp,
    commands: [
      ...entries.map(([key, value]) => ['set-option', '-w', '-t', window, key, value]),
      ...hooks.map(([hook, command]) => ['set-hook', '-w', '-t', window, hook, command]),
      ['rename-window', '-t', window, escapeFormat(options.name)],
    ],
  };
}

/** What a watched pane's subscription reports: the agent options first (a change there drops the cache). */
const WATCH_FORMAT = '#{@tmux-orc-name}|#{@tmux-orc-kind}|#{@tmux-orc-role}|#{@tmux-orc-hook-last}|#{pane_dead}|#{pane_current_command}|#{pane_title}';
const META_PART = /^([^|]*\|[^|]*\|[^|]*)\|/;

/** The name, directory and environment arguments; names and paths are format-escaped (tmux expands `#{}`, `#()`). */
function startArgs(options: StartOptions, tempName?: string): string[] {
  if (options.name !== undefined) validateWindowName(options.name);
  if (options.cwd !== undefined) validateCwd(options.cwd);
  const argv: string[] = [];
  if (tempName) argv.push('-n', tempName);
  else if (options.name) argv.push('-n', escapeFormat(options.name));
  if (options.cwd) argv.push('-c', escapeFormat(options.cwd));
  for (const [k, v] of Object.entries(options.env ?? {})) argv.push('-e', `${k}=${v}`);
  return argv;
}

/**
 * The program as tmux is to start it, always through `env`: tmux runs a lone argument through `sh -c`, and `env`
 * makes it an argument array again, so nothing is shell-parsed; and a program that is not found is then reported
 * the same way whatever its arguments (status 127 and env's message; tmux's own exec failure is a bare status 1).
 */
export function commandArgs(command: readonly string[] | undefined): string[] {
  if (!command || command.length === 0) return [];
  return ['--', 'env', '--', ...command];
}

/**
 * People asking "attached?" mean people: control-mode clients (this connection, a monitor's, an MCP server's, any
 * `tmux -C`) are taken off each session's count, from `list-clients` lines of `session_id<US>client_control_mode`.
 */
function withoutControlClients(snap: Snapshot, clients: readonly string[]): Snapshot {
  const control = new Map<string, number>();
  for (const line of clients) {
    const [session = '', isControl] = line.split('\x1f');
    if (isControl === '1') control.set(session, (control.get(session) ?? 0) + 1);
  }
  for (const s of snap.sessions) s.attached = Math.max(0, s.attached - (control.get(s.id) ?? 0));
  return snap;
}

/** The error for a target tmux could not find, coded by the kind of id it is (a name counts as a session's). */
function targetGone(target: string): OrcError {
  if (target.startsWith('%')) return new OrcError('tmux.paneNotFound', `can't find pane ${target}`);
  if (target.startsWith('@')) return new OrcError('tmux.windowNotFound', `can't find window ${target}`);
  return new OrcError('tmux.sessionNotFound', `can't find session ${target}`);
}

function parseCreated(lines: string[]): CreatedWindow {
  const [session = '', sessionId = '', windowId = '', windowIndex = '', paneId = ''] = (lines[0] ?? '').split('\x1f');
  return { session, sessionId, windowId, windowIndex: Number(windowIndex), paneId };
}

/** Rejects names tmux would silently rewrite (it turns ":" and "." into "_"). */
export function validateSessionName(name: string): void {
  if (!name || name.length > NAME_MAX_CHARS || /[:.\x00-\x1f\x7f]/.test(name) || /^\s|\s$/.test(name) || hasLoneSurrogate(name)) {
    throw new OrcError('usage.invalid', `invalid session name ${quoteName(name)}: it must be 1-${NAME_MAX_CHARS} characters, without ":", "." or control characters`);
  }
}

/** Rejects window names tmux would rewrite or that a target could not name again. */
export function validateWindowName(name: string): void {
  if (!name || name.length > NAME_MAX_CHARS || /[:\x00-\x1f\x7f]/.test(name) || hasLoneSurrogate(name)) {
    throw new OrcError('usage.invalid', `invalid window name ${quoteName(name)}: it must be 1-${NAME_MAX_CHARS} characters, without ":" or control characters`);
  }
}

/** Rejects a working directory that is not an absolute-or-relative path tmux can take as it is. */
function validateCwd(cwd: string): void {
  if (cwd.length > 4096 || /[\x00-\x1f\x7f]/.test(cwd) || hasLoneSurrogate(cwd)) {
    throw new OrcError('usage.invalid', `invalid working directory ${quoteName(cwd)}: at most 4096 characters, without control characters`);
  }
}

function hasLoneSurrogate(text: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

function quoteName(name: string): string {
  const text = JSON.stringify(name);
  return text.length > 60 ? `${text.slice(0, 60)}..." (${name.length} characters)` : text;
}
