import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrcError } from '../../../src/errors.js';
import { acquirePidfile, holdsPidfile, processAlive, processStartTime, releasePidfile, runningPid } from '../../../src/monitor/pidfile.js';

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
});
