import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrcError } from '../../../src/errors.js';
import {
  acquirePidfile,
  holdsPidfile,
  isSameProcess,
  processAlive,
  processStartTime,
  psStartTime,
  readPidfile,
  releasePidfile,
  runningPid,
} from '../../../src/monitor/pidfile.js';

let dir = '';
let path = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'orc-pid-'));
  path = join(dir, 'sub', 'monitor.pid');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that surely ran and surely ended. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

describe('pidfile', () => {
  it('takes a free pidfile and releases it', () => {
    acquirePidfile(path);
    expect(readFileSync(path, 'utf8')).toMatch(new RegExp(`^${process.pid}\\b`));
    expect(runningPid(path)).toBe(process.pid);
    expect(holdsPidfile(path)).toBe(true);
    releasePidfile(path);
    expect(runningPid(path)).toBeUndefined();
  });

  it('refuses when a live process holds it', () => {
    acquirePidfile(path);
    let error: unknown;
    try {
      acquirePidfile(path, 999_999_999);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OrcError);
    expect((error as OrcError).code).toBe('monitor.alreadyRunning');
    expect(holdsPidfile(path)).toBe(true);
  });

  it('replaces a stale pidfile whose process is gone', () => {
    acquirePidfile(path, deadPid());
    expect(runningPid(path)).toBeUndefined();
    acquirePidfile(path);
    expect(holdsPidfile(path)).toBe(true);
  });

  it('treats a reused pid (another start time) as stale', () => {
    if (processStartTime(process.pid) === undefined) return; // no /proc here
    acquirePidfile(path);
    writeFileSync(path, `${process.pid} 1\n`);
    expect(runningPid(path)).toBeUndefined();
  });

  it('does not release a pidfile another process holds', () => {
    acquirePidfile(path);
    releasePidfile(path, 12345);
    expect(holdsPidfile(path)).toBe(true);
  });

  it('tells live from dead processes', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(deadPid())).toBe(false);
  });

  it('proves nothing with a record that has no start time, even for a live process', () => {
    expect(isSameProcess({ pid: process.pid })).toBe(false);
    expect(isSameProcess({ pid: process.pid, startTime: processStartTime(process.pid)! })).toBe(true);
  });

  it('reads only well-formed pidfiles', () => {
    for (const text of ['0x10\n', '-5\n', '12 34 56\n', '12 a;b\n', '', '1e3\n']) {
      writeFileSync(join(dir, 'bad.pid'), text);
      expect([text, readPidfile(join(dir, 'bad.pid'))]).toEqual([text, undefined]);
    }
    writeFileSync(join(dir, 'ps.pid'), '42 Tue_Dec_1_08:57:59_2026\n');
    expect(readPidfile(join(dir, 'ps.pid'))).toEqual({ pid: 42, startTime: 'Tue_Dec_1_08:57:59_2026' });
  });

  it('falls back to ps for the start time: stable for one process, none for a gone one', () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const first = psStartTime(child.pid!);
      expect(first).toMatch(/^\w{3}_\w{3}_\d{1,2}_\d{2}:\d{2}:\d{2}_\d{4}$/);
      expect(psStartTime(child.pid!)).toBe(first);
    } finally {
      child.kill('SIGKILL');
    }
    expect(psStartTime(deadPid())).toBeUndefined();
  });
});
