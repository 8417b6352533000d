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
  emit({
    type: 'monitor',
    event: 'start',
    detail: `pid ${process.pid}, every ${request.intervalMs} ms, ${paths.socketPath}`,
  });
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
      ...(request.options.restore
        ? { onServerGone: () => restoreOnLoss(pickSocket(request.socket), request.options.session, emit) }
        : {}),
      ...(request.backoffMs !== undefined ? { backoffMs: request.backoffMs } : {}),
      ...(request.maxBackoffMs !== undefined ? { maxBackoffMs: request.maxBackoffMs } : {}),
      afterSweep: async (connected) => {
        if (connected) await manager.watchPanes(monitor.panes()).catch(() => undefined);
        // Two monitors raced over a stale pidfile and the other one won: this one leaves.
        if (!holdsPidfile(paths.pidfile)) {
          emit({
            type: 'error',
            code: 'monitor.alreadyRunning',
            message: 'another monitor took the pidfile; stopping',
          });
          controller.abort();
          return;
        }
        writeStatus(paths.status, {
          pid: process.pid,
          startedAt,
          updatedAt: new Date().toISOString(),
          socketPath: paths.socketPath,
          connected,
          intervalMs: request.intervalMs,
          options: request.given ?? {},
          figures: monitor.figures(),
          agents: monitor.agents(),
          recorder: {
            operations: manager.recorder.stats(),
            slow: manager.recorder.slowOperations(),
            thresholdMs: manager.recorder.thresholdMs,
          },
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
  return {
    ...(socket.socketName ? { socketName: socket.socketName } : {}),
    ...(socket.socketPath ? { socketPath: socket.socketPath } : {}),
    ...(socket.tmuxBin ? { tmuxBin: socket.tmuxBin } : {}),
    ...(socket.remote ? { remote: socket.remote } : {}),
  };
}

/** One host's server for {@link runFleetMonitor}. */
export interface FleetMonitorHost {
  name: string;
  socket: SocketOptions;
}

/**
 * Runs one monitor per host in this process (`monitor run --all-hosts`), each on its own connection, with its own
 * pidfile, event log and status file (so `-H <host> monitor status` and `logs` read that host's), reporting to the
 * PMs on its own host. A host whose server already has a monitor is left to it; a host that is down is retried as
 * a lost server is. Stops them all on the signal (or SIGTERM, SIGINT).
 */
export async function runFleetMonitor(
  hosts: readonly FleetMonitorHost[],
  request: Omit<RunMonitorRequest, 'socket'>,
): Promise<RunMonitorResult & { hosts: Array<{ host: string; ok: boolean; code?: string }> }> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  request.signal?.addEventListener('abort', stop);
  const results = await Promise.all(
    hosts.map((h) =>
      runMonitor({ ...request, socket: h.socket, signal: controller.signal }).then(
        (result) => ({ host: h.name, ok: true as const, result }),
        (error: unknown) => ({
          host: h.name,
          ok: false as const,
          code: (error as { code?: string }).code ?? 'internal.error',
        }),
      ),
    ),
  );
  request.signal?.removeEventListener('abort', stop);
  const ran = results.flatMap((r) => (r.ok ? [r.result] : []));
  const sum = (pick: (r: RunMonitorResult) => number) => ran.reduce((n, r) => n + pick(r), 0);
  const last = ran.map((r) => r.sweepMs.last);
  return {
    sweeps: sum((r) => r.sweeps),
    checks: sum((r) => r.checks),
    captures: sum((r) => r.captures),
    events: sum((r) => r.events),
    sweepMs: {
      last: Math.max(0, ...last),
      avg: ran.length ? Math.round(sum((r) => r.sweepMs.avg) / ran.length) : 0,
      max: Math.max(0, ...ran.map((r) => r.sweepMs.max)),
    },
    log: ran[0]?.log ?? '',
    hosts: results.map((r) => (r.ok ? { host: r.host, ok: true } : { host: r.host, ok: false, code: r.code })),
  };
}
