import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireBuiltCli } from '../helpers/built-cli.js';
import { eventually, loggedMessages } from '../helpers/fake-agent-support.js';
import { fakeAgentArgv, testServers } from '../helpers/test-servers.js';

const run = promisify(execFile);
const servers = testServers('orc-nolocale');
let home = '';
beforeAll(() => (home = mkdtempSync(join(tmpdir(), 'orc-nolocale-home-'))));
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** The built CLI in the environment an MCP client gives a server: PATH and HOME, and no locale at all. */
async function bare<T = unknown>(
  socket: string,
  ...args: string[]
): Promise<{ ok: boolean; data: T; error?: { code: string } }> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
  const out = await run(process.execPath, [requireBuiltCli(), '-L', socket, '--json', ...args], {
    env,
    timeout: 30_000,
  }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  return JSON.parse(out.stdout) as { ok: boolean; data: T };
}

// Without a UTF-8 locale a tmux client turns every non-ASCII byte and control character of its output into "_", the
// snapshot's field separator included: `list` gave one session named "" whose id was the whole line, and
// `agent status s1:a1` said there was no session s1. Every tmux client of ours now runs with -u.
describe('under env -i (no LANG, no LC_*)', () => {
  test('list, status, spawn, send and read are right, with names and messages in non-ASCII text', async () => {
    const tmux = servers.server();
    const socket = tmux.socketName;
    expect(await bare(socket, 'session', 'new', 'café-名前', '--window-name', 'fenêtre')).toMatchObject({
      ok: true,
      data: { session: 'café-名前' },
    });
    const listed = await bare<{ sessions: { name: string; id: string }[] }>(socket, 'list');
    expect(listed.data.sessions.map((s) => s.name).sort()).toEqual(['café-名前', 'keeper']);
    expect(listed.data.sessions.every((s) => /^\$\d+$/.test(s.id))).toBe(true);
    const log = join(servers.dir(), 'nolocale.jsonl');
    expect(
      await bare(
        socket,
        'agent',
        'spawn',
        'café-名前',
        '--name',
        'a1',
        '--kind',
        'claude',
        '--',
        ...fakeAgentArgv('claude', log),
      ),
    ).toMatchObject({ ok: true, data: { ready: true } });
    expect(await bare(socket, 'agent', 'status', 'café-名前:a1')).toMatchObject({
      ok: true,
      data: { agents: [{ target: 'café-名前:a1', state: 'idle' }] },
    });
    const message = 'héllo wörld — 世界 ✓ 🚀';
    expect(await bare(socket, 'agent', 'send', 'café-名前:a1', message)).toMatchObject({
      ok: true,
      data: { submitted: true },
    });
    await eventually('the message', () => loggedMessages(log).length > 0);
    expect(loggedMessages(log)).toEqual([message]);
    expect(await bare(socket, 'agent', 'wait', 'café-名前:a1', '--until', 'idle', '--timeout', '10')).toMatchObject({
      ok: true,
    });
    const read = await bare<{ text: string }>(socket, 'agent', 'read', 'café-名前:a1');
    expect(read.data.text).toContain(`got: ${message}`);
    const windows = await bare<{ sessions: { name: string; windowList: { name: string }[] }[] }>(
      socket,
      'session',
      'list',
    );
    expect(windows.data.sessions.find((s) => s.name === 'café-名前')!.windowList.map((w) => w.name)).toEqual([
      'fenêtre',
      'a1',
    ]);
  }, 60_000);
});
