import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrcError } from '../../../src/errors.js';
import { EventLog } from '../../../src/monitor/event-log.js';
import { acquirePidfile } from '../../../src/monitor/pidfile.js';
import { writeStatus, type MonitorStatus } from '../../../src/monitor/status-file.js';

// A planted symlink in the state directory must never make the monitor write through it: the file it points at
// (here `victim`) keeps its content, and the operation fails with state.unsafe (or replaces the link itself).

let dir = '';
let victim = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'orc-files-state-'));
  victim = join(dir, 'victim.txt');
  writeFileSync(victim, 'precious\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const transition = {
  type: 'transition' as const,
  agent: 's:a',
  from: 'busy' as const,
  to: 'idle' as const,
  reason: 'r',
};

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof OrcError ? error.code : `not an OrcError: ${String(error)}`;
  }
  return undefined;
}

function status(): MonitorStatus {
  return {
    pid: process.pid,
    startedAt: '',
    updatedAt: '',
    socketPath: '/x',
    connected: true,
    intervalMs: 1000,
    options: {},
    figures: {} as MonitorStatus['figures'],
    agents: [],
    recorder: { operations: [], slow: [], thresholdMs: 100 },
  };
}

describe('state files never follow a planted symlink', () => {
  it('the event log is not appended through a symlink at its path', () => {
    const path = join(dir, 'm.log');
    symlinkSync(victim, path);
    const code = codeOf(() => new EventLog(path).append(transition));
    expect(code).toBe('state.unsafe');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('the event log is not appended through a dangling symlink (it would create the target)', () => {
    const path = join(dir, 'm.log');
    const target = join(dir, 'created-by-link');
    symlinkSync(target, path);
    expect(codeOf(() => new EventLog(path).append(transition))).toBe('state.unsafe');
    expect(existsSync(target)).toBe(false);
  });

  it("the status file's temp file is not written through a symlink", () => {
    const path = join(dir, 'm.status.json');
    symlinkSync(victim, `${path}.${process.pid}.tmp`);
    expect(codeOf(() => writeStatus(path, status()))).toBe('state.unsafe');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('a symlink at the status file itself is replaced by the rename, its target untouched', () => {
    const path = join(dir, 'm.status.json');
    symlinkSync(victim, path);
    writeStatus(path, status());
    expect(lstatSync(path).isSymbolicLink()).toBe(false);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('a pidfile that is a symlink is not read through nor written through', () => {
    const path = join(dir, 'm.pid');
    writeFileSync(victim, `${process.pid}\n`);
    symlinkSync(victim, path);
    acquirePidfile(path, process.pid);
    expect(lstatSync(path).isSymbolicLink()).toBe(false);
    expect(readFileSync(victim, 'utf8')).toBe(`${process.pid}\n`);
  });
});

describe('the state directory', () => {
  const unsafe = (state: string) => codeOf(() => new EventLog(join(state, 'm.log')));

  it('is created 0700', () => {
    const state = join(dir, 'new', 'state');
    new EventLog(join(state, 'm.log')).append(transition);
    expect(lstatSync(state).mode & 0o777).toBe(0o700);
  });

  it('is refused when it is a symlink', () => {
    const real = join(dir, 'real');
    mkdirSync(real, { mode: 0o700 });
    symlinkSync(real, join(dir, 'link'));
    expect(unsafe(join(dir, 'link'))).toBe('state.unsafe');
    expect(existsSync(join(real, 'm.log'))).toBe(false);
  });

  it('is refused when it is not a directory', () => {
    writeFileSync(join(dir, 'file'), '');
    expect(unsafe(join(dir, 'file'))).toBe('state.unsafe');
  });

  it('is refused when group or world can write to it', () => {
    for (const mode of [0o770, 0o707, 0o777]) {
      const state = join(dir, `open-${mode.toString(8)}`);
      mkdirSync(state);
      chmodSync(state, mode);
      expect(unsafe(state)).toBe('state.unsafe');
      expect(codeOf(() => acquirePidfile(join(state, 'm.pid')))).toBe('state.unsafe');
      expect(existsSync(join(state, 'm.pid'))).toBe(false);
    }
  });

  it('is refused when another user owns it', () => {
    if (process.getuid?.() !== 0) return; // only root can give a directory away
    const state = join(dir, 'theirs');
    mkdirSync(state, { mode: 0o700 });
    chownSync(state, 65534, 65534);
    expect(unsafe(state)).toBe('state.unsafe');
  });

  it('names the path and the reason', () => {
    const state = join(dir, 'open');
    mkdirSync(state);
    chmodSync(state, 0o777);
    try {
      new EventLog(join(state, 'm.log'));
      throw new Error('accepted');
    } catch (error) {
      expect((error as OrcError).code).toBe('state.unsafe');
      expect((error as OrcError).message).toContain(state);
    }
  });
});
