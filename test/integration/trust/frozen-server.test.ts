import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { OrcError } from '../../../src/errors.js';
import { TMUXManager } from '../../../src/manager/tmux-manager.js';
import { requireBuiltCli } from '../../helpers/built-cli.js';
import { testServers } from '../../helpers/test-servers.js';

const run = promisify(execFile);
const servers = testServers('orc-frozen');

/** Stops the tmux server (SIGSTOP) for the length of `body`, and always lets it go on afterwards. */
async function frozen<T>(pid: number, body: () => Promise<T>): Promise<T> {
  process.kill(pid, 'SIGSTOP');
  try {
    return await body();
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}

/** The error code a promise rejects with, or a failure if it has not settled by then (a guard, not a timing). */
async function codeWithin(promise: Promise<unknown>, guardMs: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<string>(
    (resolve) => (timer = setTimeout(() => resolve(`still waiting after ${guardMs} ms`), guardMs)),
  );
  const code = promise.then(
    (v) => `resolved ${JSON.stringify(v)}`,
    (e: unknown) => (e instanceof OrcError ? e.code : String(e)),
  );
  try {
    return await Promise.race([code, guard]);
  } finally {
    clearTimeout(timer);
  }
}

// A frozen server (stopped, swapped out) used to make every call wait 15.9 s; now each answers tmux.timeout.
describe('a tmux server that stops answering', () => {
  test.each(['control', 'spawn'] as const)(
    'over %s: a command fails with tmux.timeout, and works again once tmux is back',
    async (transport) => {
      const tmux = servers.server();
      const pid = Number(tmux.tmux('display-message', '-p', '#{pid}').trim());
      const manager = tmux.manager({ transport, commandTimeoutMs: 1000 });
      await manager.snapshot();
      expect(await frozen(pid, () => codeWithin(manager.snapshot({ fresh: true }), 4000))).toBe('tmux.timeout');
      // Replies that come late pair with the request that timed out, not with the next one.
      expect((await manager.snapshot({ fresh: true })).sessions.map((s) => s.name)).toEqual(['keeper']);
      expect(await manager.run(['display-message', '-p', 'after'])).toEqual(['after']);
    },
  );

  test('connecting to a frozen server fails with tmux.timeout, and leaves no control client behind', async () => {
    const tmux = servers.server();
    const pid = Number(tmux.tmux('display-message', '-p', '#{pid}').trim());
    const manager: TMUXManager = tmux.manager({ transport: 'control', commandTimeoutMs: 1000 });
    expect(await frozen(pid, () => codeWithin(manager.snapshot(), 4000))).toBe('tmux.timeout');
    const clients = async () =>
      (await run('pgrep', ['-f', `-L ${tmux.socketName} -N -C`]).catch(() => ({ stdout: '' }))).stdout.trim();
    expect(await clients()).toBe('');
    expect((await manager.snapshot()).serverRunning).toBe(true);
  });

  // The run is killed at 15 s: the old 15.9 s wait fails here; how long it takes now is in docs/benchmarks.md.
  test('the CLI answers with tmux.timeout in the envelope (exit 1)', async () => {
    const cli = requireBuiltCli();
    const tmux = servers.server();
    const pid = Number(tmux.tmux('display-message', '-p', '#{pid}').trim());
    const out = await frozen(pid, () =>
      run(process.execPath, [cli, '-L', tmux.socketName, 'list', '--json'], { timeout: 15_000 }).then(
        (r) => ({ code: 0, stdout: r.stdout }),
        (e: { code?: number; stdout?: string }) => ({ code: e.code, stdout: e.stdout ?? '' }),
      ),
    );
    expect(out.code).toBe(1);
    expect(JSON.parse(out.stdout)).toMatchObject({ ok: false, error: { code: 'tmux.timeout' } });
  });
});
