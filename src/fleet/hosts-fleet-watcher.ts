import { OrcError } from '../errors.js';
import type { AgentScreen } from './agent-screen.js';
import type { FleetWatcher } from './fleet-watcher.js';
import { sortRows, type FleetView } from './fleet-view.js';

/** What the dashboards read the fleet from: one server's {@link FleetWatcher}, or a {@link HostsFleetWatcher}. */
export type FleetSource = Pick<FleetWatcher, 'start' | 'once' | 'stop' | 'current' | 'onUpdate' | 'refresh' | 'screen'>;

/** How long start() waits for the slowest host before the view goes out with the others (a down host takes 5 s). */
const FIRST_VIEW_MS = 1500;

/**
 * The fleet over several hosts (issue 15): one {@link FleetWatcher} per host, each on its own manager (over ssh for a
 * remote one, in control mode: its events come as the local server's do), merged into one view. Every row gets its
 * `host`, and its target the `host/` prefix every command takes (`build/proj:dev`), so actions and screen reads go
 * to the host the row came from; a host that fails is in `hosts` with its error and holds up none of the others.
 */
export class HostsFleetWatcher implements FleetSource {
  private readonly listeners = new Set<(view: FleetView) => void>();
  private readonly stops: (() => void)[] = [];
  private key = '';

  /** `parts` in the order the hosts file names them, `local` first. */
  constructor(private readonly parts: ReadonlyArray<{ host: string; watcher: FleetWatcher }>) {}

  /** Starts every host's watcher; resolves with the view once all answered, or after 1.5 s with those that did. */
  async start(): Promise<FleetView> {
    for (const { watcher } of this.parts) this.stops.push(watcher.onUpdate(() => this.publish()));
    const started = Promise.all(this.parts.map((p) => p.watcher.start()));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([started, new Promise((resolve) => (timer = setTimeout(resolve, FIRST_VIEW_MS)))]);
    clearTimeout(timer);
    return this.current();
  }

  /** Reads every host once (a snapshot), each within its manager's own timeouts. */
  async once(): Promise<FleetView> {
    await Promise.all(this.parts.map((p) => p.watcher.once()));
    return this.current();
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
    for (const { watcher } of this.parts) watcher.stop();
    this.listeners.clear();
  }

  /** The hosts' latest views as one. */
  current(): FleetView {
    const views = this.parts.map((p) => ({ host: p.host, view: p.watcher.current() }));
    const local = views.find((v) => v.host === 'local')?.view;
    const prefixed = views.flatMap(({ host, view: v }) =>
      v.rows.map((r) => ({ ...r, host, target: `${host}/${r.target}` })),
    );
    return {
      takenAt: Math.max(0, ...views.map((v) => v.view.takenAt)),
      serverRunning: views.some((v) => v.view.serverRunning),
      rows: sortRows(prefixed),
      monitor: local?.monitor ?? { running: false },
      hosts: views.map(({ host, view: v }) => ({
        host,
        serverRunning: v.serverRunning,
        ...(v.error ? { error: v.error } : {}),
      })),
    };
  }

  onUpdate(listener: (view: FleetView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  refresh(): void {
    for (const { watcher } of this.parts) watcher.refresh();
  }

  /** The screen of a row of the current view, by its `host/` target; `agent.notFound` for any other. */
  async screen(target: string): Promise<AgentScreen> {
    const slash = target.indexOf('/');
    const part = slash > 0 ? this.parts.find((p) => p.host === target.slice(0, slash)) : undefined;
    if (!part) throw new OrcError('agent.notFound', `no agent "${target.slice(0, 200)}" in this fleet`);
    return { ...(await part.watcher.screen(target.slice(slash + 1))), target };
  }

  private publish(): void {
    const view = this.current();
    const { takenAt: _, ...rest } = view;
    const key = JSON.stringify(rest);
    if (key === this.key) return;
    this.key = key;
    for (const listener of this.listeners) listener(view);
  }
}
