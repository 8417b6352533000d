import { spawn } from 'node:child_process';
import { closeSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, OrcError, type ErrorCode } from '../errors.js';
import type { SocketOptions } from '../tmux/transport.js';
import { monitorPaths, type MonitorPaths } from './monitor-paths.js';
import { isSameProcess, provenPidRecord, readPidfile, releasePidfile, runningPid, type PidRecord } from './pidfile.js';
import { checkStateDir, ensureStateDir } from './state-dir.js';
import { readStateFile, truncateStateFile } from './state-file-io.js';
import { sleep } from './sweep-loop.js';

/**
 * The built CLI the daemon runs (`dist/cli/tmux-orc.cjs`, the bin), found from the package root, so it is the same file
 * whether
 * this module runs from dist/ or, under a test runner, from the TypeScript sources. The daemon needs the build.
 */
export function builtCliPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++, dir = dirname(dir)) {
    try {
      if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name !== 'tmux-orc')
        continue;
    } catch {
      continue;
    }
    const cli = join(dir, 'dist', 'cli', 'tmux-orc.cjs');
    if (existsSync(cli)) return cli;
    throw new OrcError('monitor.notBuilt', `the monitor daemon runs the built CLI, and ${cli} is missing`, {
      hint: `build it with: npm run build (in ${dir})`,
    });
  }
  throw new OrcError('monitor.notBuilt', 'the tmux-orc package root was not found', {
    hint: 'run tmux-orc from its installed package',
  });
}

/** A started daemon. */
export interface StartedDaemon {
  pid: number;
  paths: MonitorPaths;
}

/**
 * Starts `tmux-orc monitor run <args>` as a detached daemon for one tmux server and waits until it holds the
 * pidfile. Fails with `monitor.alreadyRunning` when one provably runs, `state.unsafe` for an unsafe state directory
 * or output file, or with the daemon's own error when it exits early.
 */
export async function startDaemon(
  socket: SocketOptions,
  args: readonly string[],
  options: { timeoutMs?: number } = {},
): Promise<StartedDaemon> {
  const paths = monitorPaths(socket);
  ensureStateDir(paths.dir);
  const running = runningPid(paths.pidfile);
  if (running !== undefined) {
    throw new OrcError(
      'monitor.alreadyRunning',
      `a monitor is already running for ${paths.socketPath} (pid ${running})`,
      { hint: 'stop it with: tmux-orc monitor stop' },
    );
  }
  const cli = builtCliPath();
  const out = truncateStateFile(paths.output);
  // Always -S: the daemon must reach the server this process resolved, whatever its environment says later. A remote
  // host's by its name (read again from the hosts file) and socket.
  const server = socket.remote
    ? [
        '-H',
        socket.remote.name,
        ...(socket.socketPath ? ['-S', socket.socketPath] : socket.socketName ? ['-L', socket.socketName] : []),
      ]
    : ['-S', paths.socketPath];
  const child = spawn(process.execPath, [cli, ...server, '--json', 'monitor', 'run', ...args], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  let exited = false;
  child.once('exit', () => (exited = true));
  child.unref();
  const pid = child.pid!;
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  while (Date.now() < deadline) {
    if (readPidfile(paths.pidfile)?.pid === pid) return { pid, paths };
    if (exited) throw startError(paths.output);
    await sleep(50);
  }
  // The child object, not the pid: it signals only while Node has not reaped the child, so never a reused pid.
  if (!exited) child.kill('SIGKILL');
  throw new OrcError(
    'monitor.startFailed',
    `the monitor daemon (pid ${pid}) did not take its pidfile within ${options.timeoutMs ?? 10_000} ms`,
    { hint: `see ${paths.output}` },
  );
}

/**
 * Stops the daemon of a tmux server: SIGTERM, then SIGKILL after `timeoutMs`. Only a process whose start time
 * matches the pidfile's is signalled; anything else is `monitor.notRunning` (and its pidfile removed).
 */
export async function stopDaemon(
  socket: SocketOptions,
  options: { timeoutMs?: number } = {},
): Promise<{ pid: number; forced: boolean }> {
  const paths = monitorPaths(socket);
  const record = checkStateDir(paths.dir) ? provenPidRecord(paths.pidfile) : undefined;
  if (!record) {
    rmSync(paths.pidfile, { force: true }); // stale or unproven, if anything
    throw new OrcError('monitor.notRunning', `no monitor is running for ${paths.socketPath}`, {
      hint: 'start one with: tmux-orc monitor start',
    });
  }
  const { pid } = record;
  process.kill(pid, 'SIGTERM');
  const forced = !(await exitWithin(record, options.timeoutMs ?? 5000));
  if (forced) {
    if (isSameProcess(record)) process.kill(pid, 'SIGKILL');
    await exitWithin(record, 2000);
  }
  releasePidfile(paths.pidfile, pid);
  if (forced) rmSync(paths.status, { force: true });
  return { pid, forced };
}

/** Waits until the recorded process is gone, or another one has its pid (which is the same, for this wait). */
async function exitWithin(record: PidRecord, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; isSameProcess(record); await sleep(50)) if (Date.now() >= end) return false;
  return true;
}

/** The daemon printed its envelope as its last line before exiting: rethrow its error. */
function startError(outputPath: string): OrcError {
  const text = readStateFile(outputPath) ?? '';
  const last = text
    .trim()
    .split('\n')
    .reverse()
    .find((line) => line.startsWith('{'));
  try {
    const envelope = JSON.parse(last ?? '') as {
      ok: boolean;
      error?: { code: string; message: string; hint?: string };
    };
    if (envelope.error && Object.hasOwn(ERROR_CODES, envelope.error.code)) {
      return new OrcError(
        envelope.error.code as ErrorCode,
        envelope.error.message,
        envelope.error.hint ? { hint: envelope.error.hint } : {},
      );
    }
  } catch {
    // not an envelope
  }
  return new OrcError(
    'monitor.startFailed',
    `the monitor daemon exited while starting${text.trim() ? `: ${text.trim().split('\n').slice(-3).join(' | ')}` : ''}`,
    { hint: `see ${outputPath}` },
  );
}
