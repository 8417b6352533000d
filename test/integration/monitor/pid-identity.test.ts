import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorPaths } from '../../../src/monitor/monitor-paths.js';
import { processAlive, processStartTime, readPidfile, runningPid } from '../../../src/monitor/pidfile.js';
import { requireBuiltCli } from '../../helpers/built-cli.js';
import { killAllPrivateTmux, privateTmux, type PrivateTmux } from '../../helpers/private-tmux.js';

// A pidfile is only a claim: `monitor stop` must not signal the process it names unless the recorded start time
// proves that process is the monitor that wrote it. These run the built CLI with a throwaway HOME and state dir.

let stateDir = '';
let tmux: PrivateTmux;
const sleepers: ChildProcess[] = [];
const daemons = new Set<number>();

beforeAll(() => {
  requireBuiltCli();
  stateDir = mkdtempSync(join(tmpdir(), 'orc-files-pid-'));
  tmux = privateTmux('orc-files-pid');
  tmux.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '600');
});

afterAll(async () => {
  for (const child of sleepers) child.kill('SIGKILL');
  const held = readPidfile(paths().pidfile)?.pid;
  if (held !== undefined && !sleepers.some((s) => s.pid === held)) daemons.add(held);
  for (const pid of daemons) if (processAlive(pid)) process.kill(pid, 'SIGKILL');
  await killAllPrivateTmux();
  rmSync(stateDir, { recursive: true, force: true });
});

/** The environment every CLI and daemon of this file gets: nothing under the real HOME. */
function env(): NodeJS.ProcessEnv {
  const { XDG_RUNTIME_DIR: _xdg, ...rest } = process.env;
  return { ...rest, HOME: stateDir, TMUX_ORC_STATE_DIR: stateDir };
}

const paths = () => monitorPaths({ socketName: tmux.socketName }, env());

async function cli(...argv: string[]): Promise<any> {
  const result = spawnSync(process.execPath, [requireBuiltCli(), '-L', tmux.socketName, '--json', ...argv], {
    encoding: 'utf8',
    env: env(),
    timeout: 20_000,
  });
  return JSON.parse(result.stdout);
}

/** A live process that is surely not a monitor. */
function liveSleep(): number {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  sleepers.push(child);
  return child.pid!;
}

const WRONG_START = '12345';

describe('pid identity', () => {
  it('a pidfile naming a live process without its start time names no running monitor', () => {
    const pid = liveSleep();
    writeFileSync(paths().pidfile, `${pid}\n`);
    expect(runningPid(paths().pidfile)).toBeUndefined();
    writeFileSync(paths().pidfile, `${pid} ${WRONG_START}\n`);
    expect(runningPid(paths().pidfile)).toBeUndefined();
    const start = processStartTime(pid);
    expect(start).toBeDefined();
    writeFileSync(paths().pidfile, `${pid} ${start}\n`);
    expect(runningPid(paths().pidfile)).toBe(pid);
  });

  it.each([
    ['without a start time', ''],
    ['with another start time', ` ${WRONG_START}`],
  ])('monitor stop does not signal a live process named %s', async (_label, suffix) => {
    const pid = liveSleep();
    writeFileSync(paths().pidfile, `${pid}${suffix}\n`);
    const envelope = await cli('monitor', 'stop');
    expect(envelope.error?.code).toBe('monitor.notRunning');
    await new Promise((r) => setTimeout(r, 200));
    expect(processAlive(pid)).toBe(true);
  });

  it('monitor status reports such a pidfile as not running', async () => {
    const pid = liveSleep();
    writeFileSync(paths().pidfile, `${pid}\n`);
    expect((await cli('monitor', 'status')).data).toMatchObject({ running: false });
  });

  it('monitor start replaces an unproven pidfile, and stop then stops the new daemon only', async () => {
    const pid = liveSleep();
    writeFileSync(paths().pidfile, `${pid}\n`);
    const started = await cli('monitor', 'start', '--interval', '0.5', '--no-report');
    expect(started.error).toBeUndefined();
    daemons.add(started.data.pid);
    expect(started.data.pid).not.toBe(pid);
    expect(readPidfile(paths().pidfile)?.pid).toBe(started.data.pid);
    expect((await cli('monitor', 'stop')).data).toMatchObject({ pid: started.data.pid, forced: false });
    expect(processAlive(started.data.pid)).toBe(false);
    expect(processAlive(pid)).toBe(true);
  }, 30_000);

  it("monitor start does not truncate through a symlink planted at the daemon's output file", async () => {
    const victim = join(stateDir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    rmSync(paths().output, { force: true });
    rmSync(paths().pidfile, { force: true });
    symlinkSync(victim, paths().output);
    const started = await cli('monitor', 'start', '--interval', '0.5', '--no-report');
    if (started.ok) daemons.add(started.data.pid);
    expect(started.error?.code).toBe('state.unsafe');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(existsSync(paths().pidfile) && runningPid(paths().pidfile)).toBeFalsy();
    rmSync(paths().output, { force: true });
  }, 30_000);
});
