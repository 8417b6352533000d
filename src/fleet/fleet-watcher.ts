import { paneQuery, toStatus } from '../agents/agent-status.js';
import { listAgents } from '../agents/find-agent.js';
import { readPaneStates } from '../agents/read-pane-state.js';
import { OrcError, toOrcError } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import { monitorPaths } from '../monitor/monitor-paths.js';
import { runningPid } from '../monitor/pidfile.js';
import { readStatus } from '../monitor/status-file.js';
import { TOPOLOGY_NOTIFICATIONS } from '../tmux/control-notification.js';
import { readAgentScreen, type AgentScreen } from './agent-screen.js';
import { lastWordsLine, sortRows, type FleetRow, type FleetView } from './fleet-view.js';

/** How a {@link FleetWatcher} reads. */
export interface FleetWatcherOptions {
  /** Only this session's agents. */
  session?: string;
  /**
   * How often every screen is read again (ms, default 1000): hooks, exits and windows made or closed come as events
   * at once, but tmux tells nothing of new text on a screen, and a pane's title and program (format subscriptions)
   * only for the session the control client is attached to.
   */
  refreshMs?: number;
}

/** The least time between two reads, so a burst of events is one read. */
const MIN_GAP_MS = 50;

interface Seen {
  state: string;
  sinceMs: number;
  screen: string;
  screenSeq: number;
}

/**
 * Keeps a live view of the fleet: reads every agent's state and screen in one pipelined round trip whenever the core
 * reports something (a hook event, a watched pane's change, a window made or closed), at most one read at a time and
 * bursts coalesced, and every `refreshMs` for screen text. Listeners hear of each view that differs from the last.
 *
 * "Since" is when the watcher saw the state change. An agent first seen is taken to have been in its state since the
 * running monitor says (when it saw the same state), else since its pane last printed anything.
 */
export class FleetWatcher {
  private view: FleetView = { takenAt: 0, serverRunning: false, rows: [], monitor: { running: false } };
  private key = '';
  private readonly listeners = new Set<(view: FleetView) => void>();
  private readonly seen = new Map<string, Seen>();
  private readonly stops: (() => void)[] = [];
  private reading: Promise<void> | undefined;
  private dirty = false;
  private stopped = false;
  private lastRead = 0;
  private seq = 0;

  constructor(
    private readonly manager: TMUXManager,
    private readonly options: FleetWatcherOptions = {},
  ) {}

  /** Reads the fleet once, then follows the core's events until {@link stop}; resolves with the first view. */
  async start(): Promise<FleetView> {
    this.stops.push(this.manager.onHookEvent(() => this.refresh()));
    this.stops.push(this.manager.onPaneChange(() => this.refresh()));
    this.stops.push(
      this.manager.transport.onNotification((n) => {
        if (TOPOLOGY_NOTIFICATIONS.has(n.name) || n.name === 'exit') this.refresh();
      }),
    );
    const timer = setInterval(() => this.refresh(), this.options.refreshMs ?? 1000);
    timer.unref();
    this.stops.push(() => clearInterval(timer));
    this.refresh();
    await this.reading;
    return this.view;
  }

  /** Reads the fleet once, without following anything (a snapshot). */
  async once(): Promise<FleetView> {
    this.refresh();
    await this.settled();
    return this.view;
  }

  /** Stops following; the manager stays open (it is the caller's). */
  stop(): void {
    this.stopped = true;
    for (const stop of this.stops.splice(0)) stop();
    this.listeners.clear();
  }

  /** The latest view. */
  current(): FleetView {
    return this.view;
  }

  /** Calls back with every new view; returns the unsubscribe. */
  onUpdate(listener: (view: FleetView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Asks for a read now (after an action, say); one read runs at a time, and requests made meanwhile make one more. */
  refresh(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.dirty = true;
      return;
    }
    this.reading = this.loop().finally(() => (this.reading = undefined));
  }

  /** Resolves once no read is running or asked for (for tests and for a view that must show an action's effect). */
  async settled(): Promise<void> {
    while (this.reading) await this.reading;
  }

  /** The screen of an agent of the current view, with its colours; `agent.notFound` for any other target. */
  async screen(target: string): Promise<AgentScreen> {
    const row = this.view.rows.find((r) => r.target === target);
    if (!row) throw new OrcError('agent.notFound', `no agent "${target.slice(0, 200)}" in this fleet`);
    return readAgentScreen(this.manager, row.target, row.paneId);
  }

  private async loop(): Promise<void> {
    do {
      this.dirty = false;
      const wait = this.lastRead + MIN_GAP_MS - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (this.stopped) return;
      this.lastRead = Date.now();
      this.publish(await this.read());
    } while (this.dirty && !this.stopped);
  }

  private async read(): Promise<FleetView> {
    const monitor = this.monitorState();
    try {
      const snap = await this.manager.snapshot();
      const agents = await listAgents(this.manager, this.options.session);
      const states = agents.length ? await readPaneStates(this.manager, agents.map(paneQuery)) : [];
      void this.manager.watchPanes(agents.map((a) => a.paneId)).catch(() => undefined);
      const now = Date.now();
      const firstSeen = agents.some((a) => !this.seen.has(a.target))
        ? this.monitorSince(monitor.running)
        : new Map<string, { state: string; since: string }>();
      const rows = agents.map((agent, i): FleetRow => {
        const state = states[i]!;
        const status = toStatus(agent, state);
        const before = this.seen.get(agent.target);
        const told = firstSeen.get(agent.target);
        const sinceMs =
          before?.state === status.state
            ? before.sinceMs
            : before
              ? now
              : told?.state === status.state && Number.isFinite(Date.parse(told.since))
                ? Date.parse(told.since)
                : now - (status.idleSeconds ?? 0) * 1000;
        const screenSeq = before?.screen === state.screen ? before.screenSeq : ++this.seq;
        this.seen.set(agent.target, { state: status.state, sinceMs, screen: state.screen, screenSeq });
        return {
          target: agent.target,
          session: agent.session,
          name: agent.name,
          role: agent.role,
          kind: agent.kind,
          paneId: agent.paneId,
          state: status.state,
          source: status.source,
          reason: status.reason,
          sinceMs,
          lastLine: lastWordsLine(state.screen),
          screenSeq,
        };
      });
      const live = new Set(agents.map((a) => a.target));
      for (const target of this.seen.keys()) if (!live.has(target)) this.seen.delete(target);
      return { takenAt: now, serverRunning: snap.serverRunning, rows: sortRows(rows), monitor };
    } catch (error) {
      const { code, message } = toOrcError(error);
      // An agent killed between the listing and the read: read again at once, without it.
      if (code === 'agent.notFound') {
        this.manager.invalidate();
        this.dirty = true;
      }
      const serverRunning = code === 'tmux.noServer' ? false : this.view.serverRunning;
      return {
        ...this.view,
        takenAt: Date.now(),
        serverRunning,
        ...(code === 'tmux.noServer' ? { rows: [] } : {}),
        monitor,
        error: { code, message },
      };
    }
  }

  private publish(view: FleetView): void {
    this.view = view;
    const { takenAt: _, ...rest } = view;
    const key = JSON.stringify(rest);
    if (key === this.key) return;
    this.key = key;
    for (const listener of this.listeners) listener(view);
  }

  private monitorState(): FleetView['monitor'] {
    try {
      const pid = runningPid(monitorPaths(this.manager.socket).pidfile);
      return pid === undefined ? { running: false } : { running: true, pid };
    } catch {
      return { running: false };
    }
  }

  /** The running monitor's states and their start, by target (its status file). */
  private monitorSince(running: boolean): Map<string, { state: string; since: string }> {
    if (!running) return new Map();
    try {
      const status = readStatus(monitorPaths(this.manager.socket).status);
      return new Map((status?.agents ?? []).map((a) => [a.target, a]));
    } catch {
      return new Map();
    }
  }
}
