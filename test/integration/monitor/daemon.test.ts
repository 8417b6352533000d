import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorPaths } from '../../../src/monitor/monitor-paths.js';
import { processAlive, readPidfile } from '../../../src/monitor/pidfile.js';
import { killAllPrivateTmux, privateTmux, type PrivateTmux } from '../../helpers/private-tmux.js';

// The daemon is the built CLI: these tests spawn dist/cli/tmux-orc.cjs, building it first when it is missing.
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'tmux-orc.cjs');

let tmux: PrivateTmux;
let stateDir = '';
const pids = new Set<number>();

interface Envelope {
  ok: boolean;
  data?: any;
  error?: { code: string };
}

function cli(...args: string[]): { status: number; envelope: Envelope } {
  const result = spawnSync(process.execPath, [CLI, '-L', tmux.socketName, '--json', ...args], {
    encoding: 'utf8',
    env: { ...process.env, TMUX_ORC_STATE_DIR: stateDir },
    timeout: 20_000,
  });
  return { status: result.status ?? -1, envelope: JSON.parse(result.stdout) as Envelope };
}

const pidfile = () =>
  monitorPaths({ socketName: tmux.socketName }, { ...process.env, TMUX_ORC_STATE_DIR: stateDir }).pidfile;

async function until<T>(what: string, read: () => T | undefined, ms = 10_000): Promise<T> {
  for (const end = Date.now() + ms; ; await new Promise((r) => setTimeout(r, 100))) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

beforeAll(() => {
  if (!existsSync(CLI)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore', timeout: 170_000 });
  stateDir = mkdtempSync(join(tmpdir(), 'orc-daemon-'));
  tmux = privateTmux('orc-daemon');
  tmux.tmux('new-session', '-d', '-s', 'work');
}, 180_000);

// Runs after failures too: whatever daemon the pidfile names is killed, then the server and the temp dir go.
afterAll(async () => {
  const held = stateDir && tmux ? readPidfile(pidfile())?.pid : undefined;
  for (const pid of [...pids, ...(held ? [held] : [])]) if (processAlive(pid)) process.kill(pid, 'SIGKILL');
  await killAllPrivateTmux();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

describe('monitor daemon', () => {
  let pid = 0;

  it('starts detached and reports its status and figures', async () => {
    const started = cli('monitor', 'start', '--interval', '0.2', '--no-report');
    expect(started.envelope).toMatchObject({ ok: true, data: { pid: expect.any(Number) } });
    pid = started.envelope.data.pid;
    pids.add(pid);
    expect(processAlive(pid)).toBe(true);
    expect(readPidfile(pidfile())?.pid).toBe(pid);
    const status = await until('two sweeps in the status', () => {
      const s = cli('monitor', 'status').envelope;
      return s.data?.figures?.sweeps >= 2 ? s.data : undefined;
    });
    expect(status).toMatchObject({ running: true, pid, connected: true, options: { interval: 0.2, report: false } });
    expect(status.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(status.figures.checks).toBeGreaterThanOrEqual(0);
  });

  it('refuses a second monitor for the same server', () => {
    const second = cli('monitor', 'start');
    expect(second.status).toBe(1);
    expect(second.envelope.error?.code).toBe('monitor.alreadyRunning');
    expect(readPidfile(pidfile())?.pid).toBe(pid);
  });

  it('shares its latency figures through metrics and its events through logs', () => {
    const metrics = cli('metrics', '--slow-ms', '0').envelope;
    expect(metrics.data.monitor.pid).toBe(pid);
    expect(metrics.data.monitor.operations.map((o: { operation: string }) => o.operation)).toContain('monitor.sweep');
    const logs = cli('monitor', 'logs', '-n', '5').envelope;
    expect(logs.data.events).toContainEqual(expect.objectContaining({ type: 'monitor', event: 'start' }));
  });

  it('stops, removing its pidfile; a second stop says it is not running', () => {
    expect(cli('monitor', 'stop').envelope).toMatchObject({ ok: true, data: { pid, forced: false } });
    expect(processAlive(pid)).toBe(false);
    expect(existsSync(pidfile())).toBe(false);
    expect(cli('monitor', 'status').envelope.data).toMatchObject({ running: false });
    expect(cli('monitor', 'stop').envelope.error?.code).toBe('monitor.notRunning');
    expect(cli('monitor', 'logs', '-n', '1').envelope.data.events).toEqual([
      expect.objectContaining({ type: 'monitor', event: 'stop' }),
    ]);
  });

  it('takes over a stale pidfile left by a dead monitor', () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(pidfile(), `${dead}\n`);
    expect(cli('monitor', 'status').envelope.data.running).toBe(false);
    const started = cli('monitor', 'start', '--interval', '0.5');
    expect(started.envelope.ok).toBe(true);
    pids.add(started.envelope.data.pid);
    expect(cli('monitor', 'stop').envelope.ok).toBe(true);
  });

  it('leaves no process behind', () => {
    expect([...pids].filter(processAlive)).toEqual([]);
    const orphans = spawnSync('pgrep', ['-f', `monitor run.*${tmux.socketName}|${tmux.socketName}.*monitor run`], {
      encoding: 'utf8',
    }).stdout.trim();
    expect(orphans).toBe('');
  });
});
