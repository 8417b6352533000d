import { rmSync } from 'node:fs';
import { TMUXManager } from '../manager/tmux-manager.js';
import type { SocketOptions } from '../tmux/transport.js';
import { EventLog } from './event-log.js';
import { Monitor, type MonitorFigures } from './monitor.js';
import type { LoggedEvent, MonitorEvent } from './monitor-event.js';
import type { MonitorOptions } from './monitor-options.js';
import { monitorPaths } from './monitor-paths.js';
import { acquirePidfile, holdsPidfile, releasePidfile } from './pidfile.js';
import { restoreOnLoss } from './restore-on-loss.js';
import { writeStatus } from './status-file.js';
import { runSweepLoop } from './sweep-loop.js';

/** What {@link runMonitor} needs. */
export interface RunMonitorRequest {
  socket: SocketOptions;
  intervalMs: number;
  options: Partial<MonitorOptions>;
  /** The options as given, recorded in the status file. */
  given?: Record<string, unknown>;
  /** Stops the monitor (SIGINT and SIGTERM also do). */
  signal?: AbortSignal;
  /** Sees every event as it is logged (a person watching a foreground monitor). */
  echo?(event: LoggedEvent): void;
  /** Reconnect backoff, for tests (default 1 s doubling to 30 s). */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/** What a monitor did by the time it stopped. */
export interface RunMonitorResult extends MonitorFigures {
  events: number;
  log: string;
}

/**
 * Runs the monitor in this process until stopped: takes the server's pidfile (one monitor per tmux server), opens
 * one control-mode connection, sweeps, logs events and rewrites the status file after each sweep. Removes its
 * pidfile and status file on the way out. This is what `monitor run` and the daemon `monitor start` spawns do.
 */
export async function runMonitor(request: RunMonitorRequest): Promise<RunMonitorResult> {
  const paths = monitorPaths(request.socket);
  acquirePidfile(paths.pidfile);
  const release = () => releasePidfile(paths.pidfile);
  process.once('exit', release);
  const startedAt = new Date().toISOString();
  const log = new EventLog(paths.log);
  let events = 0;
  const emit = (event: MonitorEvent) => {
    events++;
    const logged = log.append(event);
    request.echo?.(logged);
  };
  // A lower slow threshold than the CLI's: a sweep is a few milliseconds, so 100 ms is already worth a look.
  const manager = new TMUXManager({ ...pickSocket(request.socket), transport: 'control', slowThresholdMs: 100 });
  const monitor = new Monitor(manager, request.options, emit);
  const controller = new AbortController();
  const stop = () => controller.abort();
  request.signal?.addEventListener('abort', stop);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  emit({ type: 'monitor', event: 'start', detail: `pid ${process.pid}, every ${request.intervalMs} ms, ${paths.socketPath}` });
  try {
    await runSweepLoop(monitor, {
      intervalMs: request.intervalMs,
      signal: controller.signal,
      emit,
      // An agent's hook reporting an event brings the next sweep forward: its new state is seen at once; so does a
      // change tmux's subscriptions report (a pane dead, its title, its program), within about a second.
      wakeOn: (wake) => {
        const offHooks = manager.onHookEvent(wake);
        const offPanes = manager.onPaneChange(wake);
        return () => (offHooks(), offPanes());
      },
      // --restore: a server found gone (a kill-server, a reboot) gets its fleet back, once per disappearance.
      ...(request.options.restore ? { onServerGone: () => restoreOnLoss(pickSocket(request.socket), request.options.session, emit) } : {}),
      ...(request.backoffMs !== undefined ? { backoffMs: request.backoffMs } : {}),
      ...(request.maxBackoffMs !== undefined ? { maxBackoffMs: request.maxBackoffMs } : {}),
      afterSweep: async (connected) => {
        if (connected) await manager.watchPanes(monitor.panes()).catch(() => undefined);
        // Two monitors raced over a stale pidfile and the other one won: this one leaves.
        if (!holdsPidfile(paths.pidfile)) {
          emit({ type: 'error', code: 'monitor.alreadyRunning', message: 'another monitor took the pidfile; stopping' });
          controller.abort();
          return;
        }
        writeStatus(paths.status, {
          pid: process.pid, startedAt, updatedAt: new Date().toISOString(), socketPath: paths.socketPath, connected,
          intervalMs: request.intervalMs, options: request.given ?? {}, figures: monitor.figures(), agents: monitor.agents(),
          recorder: { operations: manager.recorder.stats(), slow: manager.recorder.slowOperations(), thresholdMs: manager.recorder.thresholdMs },
        });
      },
    });
  } finally {
    request.signal?.removeEventListener('abort', stop);
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    await monitor.close().catch(() => undefined);
    await manager.close().catch(() => undefined);
    emit({ type: 'monitor', event: 'stop' });
    if (holdsPidfile(paths.pidfile)) rmSync(paths.status, { force: true });
    release();
    process.off('exit', release);
  }
  return { ...monitor.figures(), events, log: paths.log };
}

function pickSocket(socket: SocketOptions): SocketOptions {
  return { ...(socket.socketName ? { socketName: socket.socketName } : {}), ...(socket.socketPath ? { socketPath: socket.socketPath } : {}), ...(socket.tmuxBin ? { tmuxBin: socket.tmuxBin } : {}) };
}
