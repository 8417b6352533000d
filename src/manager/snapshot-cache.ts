import QuickLRU from 'quick-lru';
import type { LatencyRecorder } from '../metrics/latency-recorder.js';
import { TOPOLOGY_NOTIFICATIONS, type ControlNotification } from '../tmux/control-notification.js';
import type { CommandOutcome } from '../tmux/transport.js';
import type { Snapshot } from './snapshot.js';

/** How a {@link SnapshotCache} loads and keeps snapshots. */
export interface SnapshotCacheOptions {
  /** Reads a snapshot from tmux, and more commands in the same round trip (their outcomes after it). */
  load: (more: readonly (readonly string[])[]) => Promise<{ snapshot: Snapshot; outcomes: CommandOutcome[] }>;
  /** How long a snapshot may be served, asked when it is stored (longer while notifications keep it coherent). */
  maxAgeMs: () => number;
  /** Refresh the snapshot right after a burst of change notifications, before the next read asks. */
  prefetch: boolean;
  /** Counts the reads served from the cache (`snapshot.cached`). */
  recorder: LatencyRecorder;
}

/**
 * The manager's one cached snapshot: served while coherent, dropped on every topology notification and every
 * mutating command ({@link invalidate}), and never kept when a change may have come while it was being read (a
 * generation counter). Concurrent reads share one query.
 */
export class SnapshotCache {
  private readonly cache = new QuickLRU<string, Snapshot>({ maxSize: 4 });
  private generation = 0;
  private inflight: { generation: number; promise: Promise<Snapshot> } | undefined;
  private prefetchScheduled = false;
  /** The last snapshot read from tmux, coherent or not: a guess of what the next one holds, never served. */
  private last: Snapshot | undefined;

  constructor(private readonly options: SnapshotCacheOptions) {}

  /** The snapshot: the cached one unless `fresh`, else the query running for the current generation, else a new one. */
  async get(options: { fresh?: boolean } = {}): Promise<Snapshot> {
    const cached = options.fresh ? undefined : this.cache.get('snapshot');
    if (cached) {
      this.options.recorder.record('snapshot.cached', 0);
      return cached;
    }
    // Callers that arrive while a query for the current generation is running (a prefetch, a burst of reads) share it.
    const generation = this.generation;
    if (this.inflight?.generation === generation) return this.inflight.promise;
    const promise = this.query(generation, []).then((r) => r.snapshot);
    this.inflight = { generation, promise };
    try {
      return await promise;
    } finally {
      if (this.inflight?.promise === promise) this.inflight = undefined;
    }
  }

  /**
   * A fresh snapshot, read with more commands in the same round trip (their outcomes come back with it). It is kept
   * as {@link get}'s are: not when a change may have come while it was read.
   */
  async readWith(more: readonly (readonly string[])[]): Promise<{ snapshot: Snapshot; outcomes: CommandOutcome[] }> {
    return this.query(this.generation, more);
  }

  /**
   * The last snapshot read from tmux, even one dropped since: only a guess of what tmux holds now (which panes to
   * read along with the next snapshot), never an answer.
   */
  lastRead(): Snapshot | undefined {
    return this.last;
  }

  /** The cached snapshot, if one is cached now; never queries. */
  peek(): Snapshot | undefined {
    return this.cache.get('snapshot');
  }

  /** Drops the cached snapshot; an answer still being read is then not kept, and later reads do not share it. */
  invalidate(): void {
    this.generation++;
    this.cache.clear();
  }

  /** Keeps the cache coherent: a topology change or the connection's end drops it (and may schedule a prefetch). */
  onNotification(n: ControlNotification): void {
    if (!TOPOLOGY_NOTIFICATIONS.has(n.name) && n.name !== 'exit') return;
    this.invalidate();
    if (!this.options.prefetch || this.prefetchScheduled || n.name === 'exit') return;
    this.prefetchScheduled = true;
    // One refresh for a burst: wait until the notifications already queued have been handled.
    setImmediate(() => {
      this.prefetchScheduled = false;
      this.get().catch(() => undefined);
    });
  }

  private async query(
    generation: number,
    more: readonly (readonly string[])[],
  ): Promise<{ snapshot: Snapshot; outcomes: CommandOutcome[] }> {
    const read = await this.options.load(more);
    const snap = read.snapshot;
    if (snap.serverRunning) this.last = snap;
    // A notification that arrived while we were reading means this answer may already be stale. "No server" is never
    // kept: nothing notifies us when another process starts one, and the next read must see it.
    if (generation === this.generation && snap.serverRunning) {
      this.cache.set('snapshot', snap, { maxAge: this.options.maxAgeMs() });
    }
    return read;
  }
}
