import type { ControlNotification } from '../tmux/control-notification.js';
import type { Transport } from '../tmux/transport.js';
import type { SnapshotCache } from './snapshot-cache.js';

/** What a watched pane's subscription reports: the agent options first (a change there drops the cache). */
const WATCH_FORMAT =
  '#{@tmux-orc-name}|#{@tmux-orc-kind}|#{@tmux-orc-role}|#{@tmux-orc-hook-last}|#{pane_dead}' +
  '|#{pane_current_command}|#{pane_title}';
const META_PART = /^([^|]*\|[^|]*\|[^|]*)\|/;

/**
 * The panes tmux watches for us (control mode: a format subscription each, checked by tmux about once a second) for
 * what it sends no notification about, the last value each reported, and who listens for their changes. A change of
 * a pane's agent options drops the cached snapshot.
 */
export class PaneWatch {
  /** Watched panes and the last value their subscription reported. */
  private readonly watched = new Map<string, string>();
  private readonly listeners = new Set<(paneId: string) => void>();

  constructor(
    private readonly transport: Transport,
    private readonly cache: SnapshotCache,
  ) {}

  /** Watches exactly these panes (ids `%N`; others are ignored): new ones are subscribed, the rest unsubscribed. */
  async watch(paneIds: readonly string[]): Promise<void> {
    const subscribe = this.transport.subscribe?.bind(this.transport);
    if (!subscribe) return;
    const wanted = new Set(paneIds.filter((id) => /^%\d+$/.test(id)));
    const changes: Promise<void>[] = [];
    for (const id of this.watched.keys())
      if (!wanted.has(id)) {
        this.watched.delete(id);
        changes.push(subscribe(`tmux-orc-${id}`, id, ''));
      }
    for (const id of wanted)
      if (!this.watched.has(id)) {
        this.watched.set(id, '');
        changes.push(subscribe(`tmux-orc-${id}`, id, WATCH_FORMAT));
      }
    await Promise.all(changes);
  }

  /** Calls back with a pane's id when a watched pane changed; returns the unsubscribe. */
  onChange(listener: (paneId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A subscription's report is a change; the connection's end forgets the values (a new one reports them again). */
  onNotification(n: ControlNotification): void {
    if (n.name === 'subscription-changed') this.changed(n.paneId, n.value);
    else if (n.name === 'exit') this.watched.forEach((_, id) => this.watched.set(id, ''));
  }

  private changed(paneId: string, value: string): void {
    const before = this.watched.get(paneId);
    if (before === undefined) return;
    this.watched.set(paneId, value);
    // Another process set an agent option (a spawn, a rename of the role): what the cache holds is stale. The first
    // report is checked against the cached snapshot, since the change may have come before it.
    const meta = META_PART.exec(value)?.[1];
    const was = before !== '' ? META_PART.exec(before)?.[1] : this.cachedMeta(paneId);
    if (was !== undefined && was !== meta) this.cache.invalidate();
    for (const listener of this.listeners) listener(paneId);
  }

  /** The `name|kind|role` the cached snapshot holds for a pane's window, if it is cached. */
  private cachedMeta(paneId: string): string | undefined {
    for (const session of this.cache.peek()?.sessions ?? []) {
      const w = session.windows.find((window) => window.panes.some((p) => p.id === paneId));
      if (w) return `${w.meta.name ?? ''}|${w.meta.kind ?? ''}|${w.meta.role ?? ''}`;
    }
    return undefined;
  }
}
