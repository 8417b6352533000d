import type { PaneFacts } from '../agents/agent-state.js';
import { HOOK_FORMATS, parseHookFacts, type HookFacts } from '../agents/hook-events.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import { capturePane, listAllPanes } from '../tmux/tmux-commands.js';
import { parseSnapshot, SNAPSHOT_FORMAT, type PaneInfo, type Snapshot, type WindowInfo } from '../manager/snapshot.js';

// Appended to the snapshot's fields: the pane's foreground program (crash detection; the snapshot leaves it out), and
// what moves when a pane redraws without changing its title or activity second.
const EXTRA = [
  '#{pane_id}',
  '#{pane_current_command}',
  '#{cursor_x}',
  '#{cursor_y}',
  '#{history_size}',
  ...HOOK_FORMATS,
];
const FORMAT = `${SNAPSHOT_FORMAT}\x1f${EXTRA.join('\x1f')}`;

/** A pane to look at this sweep, with the window it sits in (for its activity time). */
export interface PaneToWatch {
  pane: PaneInfo;
  window: WindowInfo;
}

/** The server as one sweep read it: the snapshot with agent metadata, and the extra facts per pane id. */
export interface ServerRead {
  snapshot: Snapshot;
  extra: Map<string, string>;
  /** Each pane's foreground program (`pane_current_command`). */
  commands: Map<string, string>;
  /** What each pane's agent hooks last reported. */
  hooks: Map<string, HookFacts>;
}

/**
 * Reads the whole server's panes in one command per sweep and captures only the panes that may have changed:
 * a new pane, a changed fingerprint (title, command, dead, activity second, cursor, history size, size), output
 * in the very second of the last capture (activity has one-second resolution), or every `fullEvery` sweeps.
 */
export class PaneObserver {
  /** Panes checked, and screens captured, since the start. */
  checks = 0;
  captures = 0;
  private readonly seen = new Map<string, { fingerprint: string; screen: string; capturedAt: number }>();

  constructor(
    private readonly manager: TMUXManager,
    private readonly fullEvery: number,
  ) {}

  /** Sessions, windows, panes, agent metadata and pane facts, always fresh, in one round trip. */
  async readServer(): Promise<ServerRead> {
    const lines = await this.manager.run(listAllPanes(FORMAT));
    const extra = new Map<string, string>();
    const commands = new Map<string, string>();
    const hooks = new Map<string, HookFacts>();
    for (const line of lines) {
      const parts = line.split('\x1f');
      const tail = parts.slice(-EXTRA.length);
      if (!tail[0]) continue;
      extra.set(tail[0], tail.slice(1).join(','));
      commands.set(tail[0], tail[1] ?? '');
      hooks.set(tail[0], parseHookFacts(tail.slice(EXTRA.length - HOOK_FORMATS.length)));
    }
    return { snapshot: parseSnapshot(lines), extra, commands, hooks };
  }

  /** The screen of each pane, captured in one pipelined round trip for those that need it, cached for the rest. */
  async screens(read: ServerRead, panes: readonly PaneToWatch[], sweep: number): Promise<Map<string, string>> {
    const full = this.fullEvery > 0 && sweep % this.fullEvery === 0;
    const stale = panes.filter(({ pane, window }) => {
      const before = this.seen.get(pane.id);
      if (!before || before.fingerprint !== fingerprint(pane, window, read.extra)) return true;
      // A pane whose agent's hooks report its events changes its fingerprint with each event (and with each redraw:
      // cursor, history, activity): neither a full round nor the one-second rule for it. So an idle fleet of agents
      // with hooks costs no capture at all.
      if (read.hooks.get(pane.id)?.last) return false;
      if (full) return true;
      return window.activity >= Math.floor(before.capturedAt / 1000);
    });
    this.checks += panes.length;
    const capturedAt = Date.now();
    const outcomes = stale.length ? await this.manager.batch(stale.map(({ pane }) => capturePane(pane.id))) : [];
    stale.forEach(({ pane, window }, i) => {
      const outcome = outcomes[i]!;
      if (!outcome.ok) return;
      this.captures++;
      this.seen.set(pane.id, {
        fingerprint: fingerprint(pane, window, read.extra),
        screen: trimEnd(outcome.lines).join('\n'),
        capturedAt,
      });
    });
    const live = new Set(panes.map((p) => p.pane.id));
    for (const id of this.seen.keys()) if (!live.has(id)) this.seen.delete(id);
    return new Map(panes.map(({ pane }) => [pane.id, this.seen.get(pane.id)?.screen ?? '']));
  }

  /** Forgets every cached screen (after a reconnect the pane ids may belong to a new server). */
  reset(): void {
    this.seen.clear();
  }
}

/** The facts a detector reads: the snapshot's pane and window, and the foreground program the sweep read. */
export function paneFacts(
  pane: PaneInfo,
  window: WindowInfo,
  currentCommand: string,
  startCommand: string | undefined,
  now: number,
): PaneFacts {
  return {
    title: pane.title,
    currentCommand,
    dead: pane.dead,
    ...(pane.deadStatus !== undefined ? { deadStatus: pane.deadStatus } : {}),
    ...(startCommand ? { startCommand } : {}),
    idleSeconds: Math.max(0, Math.round(now / 1000 - window.activity)),
  };
}

function fingerprint(pane: PaneInfo, window: WindowInfo, extra: Map<string, string>): string {
  return [
    pane.title,
    pane.dead,
    pane.deadStatus,
    pane.pid,
    window.activity,
    pane.width,
    pane.height,
    extra.get(pane.id),
  ].join('\x1f');
}

function trimEnd(lines: readonly string[]): string[] {
  const out = [...lines];
  while (out.length > 0 && out[out.length - 1]!.trim() === '') out.pop();
  return out;
}
