import { createHash } from 'node:crypto';
import type { TMUXManager } from '../manager/tmux-manager.js';
import { displayFormat } from '../tmux/tmux-commands.js';
import { TOPOLOGY_NOTIFICATIONS, type ControlNotification } from '../tmux/control-notification.js';
import type { AgentRecord } from './agent-record.js';
import { paneQuery, toStatus, type AgentStatus } from './agent-status.js';
import { listAgents } from './find-agent.js';
import { HOOK_LAST_OPTION } from './hooks/hook-event.js';
import { readPaneStates, type PaneState } from './read-pane-state.js';

/** What changed about one followed agent: its state (the status) and its visible screen, read once for both. */
export interface AgentChange {
  agent: AgentRecord;
  status: AgentStatus;
  read: PaneState;
  statusChanged: boolean;
  screenChanged: boolean;
  /** The first read since the agent was followed: there was nothing to compare it with. */
  first: boolean;
}

/** What a follower hears. */
export interface FleetListener {
  /** Agents came or went, or one was renamed: the new list. */
  agents?(agents: readonly AgentRecord[]): void;
  /** A followed agent's state or screen changed. */
  agent?(change: AgentChange): void;
}

/** Which agents a follower follows closely: every one, and these (a window tmux-orc did not spawn, too). */
export interface FleetScope {
  all?: boolean;
  agents?: readonly AgentRecord[];
}

/** One follower's handle: what it follows closely, and its end. */
export interface FleetFollower {
  /** Follows this scope; resolves once each pane in it has been read once, so any later change is heard. */
  follow(scope: FleetScope): Promise<void>;
  close(): void;
}

/**
 * A followed pane's fingerprint: what moves when its program redraws (cursor, history, activity second), exits,
 * changes its foreground program or title, or reports through a hook. The pane id leads (a pane that is gone prints
 * an empty line), the title goes last (it may hold anything).
 */
const FINGERPRINT = `#{pane_id}\x1f#{pane_dead}\x1f#{pane_current_command}\x1f#{cursor_x},#{cursor_y}\x1f#{history_size}\x1f#{window_activity}\x1f#{${HOOK_LAST_OPTION}}\x1f#{pane_title}`;
/** How often the followed panes' fingerprints are looked at (hook events and deaths: at once). */
export const FINGERPRINT_EVERY_MS = 500;

interface Track {
  agent: AgentRecord;
  statusKey?: string;
  screenHash?: string;
  fingerprint?: string;
  /** Settles once the pane has been read for the first time (or is no longer followed): changes count from then. */
  baseline: Promise<void>;
  settle(): void;
}

function newTrack(agent: AgentRecord): Track {
  let settle = () => undefined as void;
  const baseline = new Promise<void>((resolve) => (settle = resolve));
  return { agent, baseline, settle };
}

interface Follower {
  listener: FleetListener;
  scope: FleetScope;
}

/**
 * The fleet's live events: tmux's topology notifications (agents come and go), the hook channel (an agent's hook
 * reported, or its program died: at once), and, for what tmux notifies nobody about (a screen redrawn, a title or
 * foreground program changed), the followed panes' fingerprints, read in one pipelined round trip every
 * {@link FINGERPRINT_EVERY_MS} ms and only while some pane is followed. tmux 3.3's own format subscriptions would
 * do that check inside tmux, but report only panes of the control client's session, and one control client per
 * session is what crashes tmux before 3.7 (docs/security.md). A pane whose fingerprint moved is read (state and
 * screen in one round trip) and compared with what was read last, so a follower hears only real changes: an idle
 * fleet costs one small command per interval and no capture. Control mode only (the MCP server's manager).
 */
export class FleetWatch {
  private readonly followers = new Set<Follower>();
  private readonly tracks = new Map<string, Track>();
  private known: AgentRecord[] = [];
  private knownKey: string | undefined;
  private offNotifications: (() => void) | undefined;
  private offHooks: (() => void) | undefined;
  private listing: Promise<void> | undefined;
  private listAgain = false;
  private looking = false;
  private lookAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly dirty = new Set<string>();
  private reading = false;
  private closed = false;

  constructor(
    private readonly manager: TMUXManager,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** Adds a follower; it hears of agents coming and going at once, and of the agents in its scope (none at first). */
  watch(listener: FleetListener): FleetFollower {
    const follower: Follower = { listener, scope: {} };
    this.followers.add(follower);
    this.offNotifications ??= this.manager.transport.onNotification((n) => this.onNotification(n));
    if (this.knownKey === undefined) this.relist();
    return {
      follow: (scope) => {
        follower.scope = scope;
        return this.sync();
      },
      close: () => {
        this.followers.delete(follower);
        void this.sync();
      },
    };
  }

  /** How many panes are followed now (what the followers' scopes add up to). */
  followed(): number {
    return this.tracks.size;
  }

  /** The agents as last listed (empty before the first list). */
  agents(): readonly AgentRecord[] {
    return this.known;
  }

  /** Resolves once the agents have been listed since the last change tmux announced (for tests and first reads). */
  async settled(): Promise<void> {
    while (this.listing) await this.listing;
  }

  /** Stops listening, unsubscribes every followed pane and drops every follower. */
  close(): void {
    this.closed = true;
    this.followers.clear();
    this.offNotifications?.();
    this.offNotifications = undefined;
    this.offHooks?.();
    this.offHooks = undefined;
    clearInterval(this.timer);
    this.timer = undefined;
    for (const track of this.tracks.values()) track.settle();
    this.tracks.clear();
  }

  private onNotification(n: ControlNotification): void {
    if (TOPOLOGY_NOTIFICATIONS.has(n.name) || n.name === 'exit') this.relist();
  }

  /** Lists the agents again (a burst of notifications is one list), then follows what the followers ask for. */
  private relist(): void {
    if (this.closed) return;
    if (this.listing) {
      this.listAgain = true;
      return;
    }
    this.listing = (async () => {
      do {
        this.listAgain = false;
        // After the manager's own listener: the notification has dropped its cache already.
        await new Promise((resolve) => setImmediate(resolve));
        try {
          const agents = await listAgents(this.manager);
          const key = agents.map((a) => `${a.paneId} ${a.target}`).join('\n');
          const changed = this.knownKey !== undefined && key !== this.knownKey;
          this.known = agents;
          this.knownKey = key;
          if (changed) for (const f of [...this.followers]) f.listener.agents?.(agents);
        } catch (error) {
          this.log(`tmux-orc: fleet watch: ${(error as Error).message}`);
        }
        await this.sync();
      } while (this.listAgain && !this.closed);
    })().finally(() => (this.listing = undefined));
  }

  /**
   * Follows the union of the followers' scopes: new panes are read at once, dropped ones forgotten. Resolves once
   * every followed pane has its first read (what later reads are compared with): a change after that is heard.
   */
  private async sync(): Promise<void> {
    if (this.closed) return;
    const wanted = new Map<string, AgentRecord>();
    const byPane = new Map(this.known.map((a) => [a.paneId, a]));
    for (const f of this.followers) {
      for (const a of [...(f.scope.all ? this.known : []), ...(f.scope.agents ?? [])]) {
        if (a.paneId) wanted.set(a.paneId, byPane.get(a.paneId) ?? a);
      }
    }
    for (const [paneId, track] of this.tracks) {
      if (wanted.has(paneId)) continue;
      this.tracks.delete(paneId);
      track.settle();
    }
    for (const [paneId, agent] of wanted) {
      const track = this.tracks.get(paneId);
      if (track) track.agent = agent;
      else {
        this.tracks.set(paneId, newTrack(agent));
        this.markDirty(paneId);
      }
    }
    // The hook channel's process and the fingerprint timer run only while some pane is followed.
    if (this.tracks.size > 0) {
      this.offHooks ??= this.manager.onHookEvent(() => this.look());
      if (!this.timer) {
        this.timer = setInterval(() => this.look(), FINGERPRINT_EVERY_MS);
        this.timer.unref();
      }
    } else {
      this.offHooks?.();
      this.offHooks = undefined;
      clearInterval(this.timer);
      this.timer = undefined;
    }
    await Promise.all([...this.tracks.values()].map((t) => t.baseline));
  }

  /** Reads the followed panes' fingerprints (one pipelined round trip) and marks those that moved. */
  private look(): void {
    if (this.looking) {
      this.lookAgain = true;
      return;
    }
    this.looking = true;
    void (async () => {
      do {
        this.lookAgain = false;
        const panes = [...this.tracks.keys()];
        if (panes.length === 0) break;
        try {
          const outcomes = await this.manager.batch(panes.map((id) => displayFormat(id, FINGERPRINT)));
          outcomes.forEach((outcome, i) => {
            const track = this.tracks.get(panes[i]!);
            const value = outcome.ok ? outcome.lines.join('\n') : '';
            if (!track || track.fingerprint === value) return;
            track.fingerprint = value;
            this.markDirty(panes[i]!);
          });
        } catch (error) {
          this.log(`tmux-orc: fleet watch: ${(error as Error).message}`);
        }
      } while (this.lookAgain && !this.closed);
    })().finally(() => (this.looking = false));
  }

  private markDirty(paneId: string): void {
    if (!this.tracks.has(paneId)) return;
    this.dirty.add(paneId);
    if (this.reading) return;
    this.reading = true;
    setImmediate(
      () =>
        void this.readDirty().finally(() => {
          this.reading = false;
          if (this.dirty.size > 0 && !this.closed) this.markDirty([...this.dirty][0]!);
        }),
    );
  }

  /** Reads the panes that may have changed (each its own pipelined round trip) and tells the followers what did. */
  private async readDirty(): Promise<void> {
    const panes = [...this.dirty].filter((id) => this.tracks.has(id));
    this.dirty.clear();
    await Promise.all(
      panes.map(async (paneId) => {
        const track = this.tracks.get(paneId)!;
        let read: PaneState;
        try {
          [read] = (await readPaneStates(this.manager, [paneQuery(track.agent)])) as [PaneState];
        } catch {
          // Gone (killed, or its session): the list says so, and drops it.
          track.settle();
          this.relist();
          return;
        }
        // Dropped meanwhile (or dropped and followed again: the new track has its own read coming).
        if (this.tracks.get(paneId) !== track || this.closed) return;
        const status = toStatus(track.agent, read);
        const statusKey = [status.state, status.reason, status.source, status.resetAt ?? ''].join('\x1f');
        const screenHash = createHash('sha1').update(read.screen).digest('hex');
        const first = track.statusKey === undefined;
        const change: AgentChange = {
          agent: track.agent,
          status,
          read,
          first,
          statusChanged: statusKey !== track.statusKey,
          screenChanged: screenHash !== track.screenHash,
        };
        track.statusKey = statusKey;
        track.screenHash = screenHash;
        track.settle();
        if (!change.statusChanged && !change.screenChanged) return;
        for (const f of [...this.followers]) {
          const inScope =
            (f.scope.all && this.known.some((a) => a.paneId === paneId)) ||
            f.scope.agents?.some((a) => a.paneId === paneId);
          if (inScope) f.listener.agent?.(change);
        }
      }),
    );
  }
}
