import type { FleetSource } from '../../src/fleet/hosts-fleet-watcher.js';
import { handleKey, type DashboardState, type FleetAction } from './dashboard-state.js';
import { renderDashboard } from './render-dashboard.js';
import { KeyReader } from './terminal-keys.js';
import { TerminalScreen, type Terminal } from './terminal-screen.js';

/** What an action or a "go" came to, as one line for the status bar. */
export interface Outcome {
  ok: boolean;
  text: string;
}

/** What the interactive dashboard needs from outside. */
export interface DashboardDeps {
  watcher: FleetSource;
  /** Runs an action's command on an agent. */
  act(action: FleetAction, target: string, text?: string): Promise<Outcome>;
  /**
   * Takes this terminal to the agent (switch-client inside tmux, attach outside); the screen is handed over around it.
   */
  go(target: string): Promise<Outcome>;
  /** Whether `go` needs the terminal (attach) rather than only switching a tmux client. */
  goTakesTerminal: boolean;
  server: string;
  color: boolean;
  terminal?: Terminal;
  signal?: AbortSignal;
}

const PENDING: Record<FleetAction, string> = {
  send: 'sending to',
  approve: 'approving',
  deny: 'denying',
  restart: 'restarting',
  kill: 'killing',
};

/**
 * Runs the interactive dashboard until q, Ctrl-C, SIGTERM, SIGHUP, the end of input or the signal: a frame on every
 * new fleet view, key and resize, and once a second for the durations. Actions run in the background (the
 * keyboard stays live) and say how they ended in the status line. The terminal is given back however it ends.
 */
export async function runDashboard(deps: DashboardDeps): Promise<void> {
  const terminal = deps.terminal ?? { out: process.stdout, input: process.stdin };
  let state: DashboardState = { filter: '', mode: { kind: 'browse' } };
  const pending = new Map<number, string>();
  let ids = 0;
  let handedOver = false;
  const keys = new KeyReader();
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));

  let queued = false;
  const redraw = () => {
    if (queued) return;
    queued = true;
    setImmediate(() => {
      queued = false;
      if (handedOver) return;
      const { width, height } = screen.size();
      screen.draw(
        renderDashboard(deps.watcher.current(), state, {
          width,
          height,
          color: deps.color,
          now: Date.now(),
          server: deps.server,
          pending: [...pending.values()],
        }),
      );
    });
  };

  const track = async (label: string, work: () => Promise<Outcome>) => {
    const id = ++ids;
    pending.set(id, `${label}…`);
    redraw();
    const outcome = await work().catch((error: unknown) => ({
      ok: false,
      text: String((error as Error)?.message ?? error),
    }));
    pending.delete(id);
    state = { ...state, status: { text: outcome.text, error: !outcome.ok } };
    deps.watcher.refresh();
    redraw();
  };

  const onChunk = (chunk: string) => {
    for (const key of keys.feed(chunk)) {
      const { height } = screen.size();
      const step = handleKey(state, key, deps.watcher.current().rows, Math.max(1, height - 6));
      state = step.state;
      const effect = step.effect;
      if (effect?.kind === 'quit') return finish();
      if (effect?.kind === 'action')
        void track(`${PENDING[effect.action]} ${effect.target}`, () =>
          deps.act(effect.action, effect.target, effect.text),
        );
      if (effect?.kind === 'go') void go(effect.target);
    }
    redraw();
  };

  const go = async (target: string) => {
    if (!deps.goTakesTerminal) return track(`going to ${target}`, () => deps.go(target));
    // Attached outside tmux, tmux has the terminal until it detaches; then the dashboard takes it back.
    handedOver = true;
    screen.close();
    const outcome = await deps
      .go(target)
      .catch((error: unknown) => ({ ok: false, text: String((error as Error)?.message ?? error) }));
    handedOver = false;
    screen.open();
    screen.invalidate();
    state = { ...state, status: { text: outcome.text, error: !outcome.ok } };
    redraw();
  };

  const screen = new TerminalScreen(terminal, onChunk);
  const onResize = () => {
    screen.invalidate();
    redraw();
  };
  const stop = () => finish();
  const unsubscribe = deps.watcher.onUpdate(redraw);
  const tick = setInterval(redraw, 1000);
  terminal.out.on('resize', onResize);
  terminal.input.on('end', stop);
  deps.signal?.addEventListener('abort', stop);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
  screen.open();
  redraw();
  try {
    await done;
  } finally {
    clearInterval(tick);
    unsubscribe();
    terminal.out.off('resize', onResize);
    terminal.input.off('end', stop);
    deps.signal?.removeEventListener('abort', stop);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(signal, stop);
    screen.close();
  }
}
