import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { OrcError } from '../errors.js';

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

/** The start time of a process in clock ticks since boot (Linux /proc), or undefined elsewhere. */
export function processStartTime(pid: number): string | undefined {
  return procStat(pid)?.[19]; // field 22 of stat
}

/** Reads a pidfile; undefined when it is missing or unreadable. */
export function readPidfile(path: string): PidRecord | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const [pid, startTime] = text.trim().split(/\s+/);
  const n = Number(pid);
  if (!Number.isInteger(n) || n <= 0) return undefined;
  return startTime ? { pid: n, startTime } : { pid: n };
}

/** The pid a pidfile names when that process still runs (and is the same process); otherwise undefined. */
export function runningPid(path: string): number | undefined {
  const record = readPidfile(path);
  if (!record || !processAlive(record.pid)) return undefined;
  if (record.startTime) {
    const now = processStartTime(record.pid);
    if (now !== undefined && now !== record.startTime) return undefined;
  }
  return record.pid;
}

/**
 * Takes the pidfile for this process: created exclusively, and a stale one (its process gone) replaced.
 * Throws `monitor.alreadyRunning` when a live process holds it.
 */
export function acquirePidfile(path: string, pid = process.pid): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const start = processStartTime(pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, `${pid}${start ? ` ${start}` : ''}\n`, { flag: 'wx', mode: 0o600 });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const other = runningPid(path);
    if (other !== undefined && other !== pid) throw alreadyRunning(other, path);
    rmSync(path, { force: true });
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
  return new OrcError('monitor.alreadyRunning', `a monitor is already running for this tmux server${pid ? ` (pid ${pid})` : ''}`, {
    hint: `stop it with: tmux-orc monitor stop (pidfile ${path})`,
  });
}
