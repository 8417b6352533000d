import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { OrcError } from '../errors.js';
import { checkStateDir, ensureStateDir } from './state-dir.js';
import { createStateFile, readStateFile } from './state-file-io.js';

/** What a pidfile holds: the pid, and the process start time where the OS tells it (to detect pid reuse). */
export interface PidRecord {
  pid: number;
  startTime?: string;
}

/** Whether a process with this pid runs (EPERM means it does, owned by someone else; a zombie does not). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return procStat(pid)?.[0] !== 'Z';
}

/** The fields of /proc/<pid>/stat after the command name (state first), or undefined where there is no /proc. */
function procStat(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

let procMounted: boolean | undefined;

/**
 * The start time of a process: clock ticks since boot from Linux /proc, or, where there is no /proc, what
 * `ps -o lstart=` says (in C locale and UTC, so every caller reads it alike). Undefined when it is gone.
 */
export function processStartTime(pid: number): string | undefined {
  procMounted ??= existsSync('/proc/self/stat');
  return procMounted ? procStat(pid)?.[19] /* field 22 of stat */ : psStartTime(pid);
}

/** A process's start time as `ps -o lstart=` gives it, whitespace folded to `_`; undefined when ps cannot tell. */
export function psStartTime(pid: number): string | undefined {
  try {
    const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], {
      encoding: 'utf8',
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' },
    });
    return out.trim().replace(/\s+/g, '_') || undefined;
  } catch {
    return undefined; // no such process (ps exits 1), or no ps
  }
}

/** Reads a pidfile (never through a symlink); undefined when it is missing, unreadable or malformed. */
export function readPidfile(path: string): PidRecord | undefined {
  const text = readStateFile(path);
  const match = text && /^(\d{1,10})(?:[ \t]+([\w:.-]{1,64}))?\s*$/.exec(text);
  if (!match) return undefined;
  const pid = Number(match[1]);
  if (pid <= 0) return undefined;
  return match[2] ? { pid, startTime: match[2] } : { pid };
}

/**
 * True only when the process a record names runs and is provably the one that wrote it: its recorded start time
 * equals the live process's. A record without a start time proves nothing (the pid may have been reused).
 */
export function isSameProcess(record: PidRecord): boolean {
  if (!record.startTime || !processAlive(record.pid)) return false;
  return processStartTime(record.pid) === record.startTime;
}

/**
 * The record of the process a pidfile names when that process provably still runs (see {@link isSameProcess});
 * otherwise undefined. Throws `state.unsafe` when the pidfile's directory is not a safe state directory.
 */
export function provenPidRecord(path: string): PidRecord | undefined {
  if (!checkStateDir(dirname(path))) return undefined;
  const record = readPidfile(path);
  return record && isSameProcess(record) ? record : undefined;
}

/** The pid of the monitor a pidfile names when it provably still runs (see {@link provenPidRecord}). */
export function runningPid(path: string): number | undefined {
  return provenPidRecord(path)?.pid;
}

/**
 * Takes the pidfile for this process: created exclusively (O_EXCL, never through a symlink) in a checked state
 * directory, and one whose process is not provably alive replaced. Throws `monitor.alreadyRunning` when a live
 * process holds it.
 */
export function acquirePidfile(path: string, pid = process.pid): void {
  ensureStateDir(dirname(path));
  const start = processStartTime(pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      createStateFile(path, `${pid}${start ? ` ${start}` : ''}\n`);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const other = runningPid(path);
    if (other !== undefined && other !== pid) throw alreadyRunning(other, path);
    rmSync(path, { force: true }); // unlink: a symlink there goes, its target stays
  }
  throw alreadyRunning(readPidfile(path)?.pid, path);
}

/** True while the pidfile still names this process (another monitor may have replaced a file it thought stale). */
export function holdsPidfile(path: string, pid = process.pid): boolean {
  return readPidfile(path)?.pid === pid;
}

/** Removes the pidfile if it is ours. */
export function releasePidfile(path: string, pid = process.pid): void {
  if (holdsPidfile(path, pid)) rmSync(path, { force: true });
}

function alreadyRunning(pid: number | undefined, path: string): OrcError {
  return new OrcError(
    'monitor.alreadyRunning',
    `a monitor is already running for this tmux server${pid ? ` (pid ${pid})` : ''}`,
    {
      hint: `stop it with: tmux-orc monitor stop (pidfile ${path})`,
    },
  );
}
