import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBuiltCli } from '../helpers/built-cli.js';
import { eventually, loggedMessages, sleep } from '../helpers/fake-agent-support.js';
import { spawnMcp, throwawayEnv, type McpProcess } from '../helpers/mcp-process.js';
import { startSshLab, type SshLab } from '../helpers/ssh-lab.js';
import { fakeAgentArgv } from '../helpers/test-servers.js';

// The built CLI and `tmux-orc mcp` drive fake agents on two "hosts" (sshd instances of the lab, each in front of a
// tmux server of its own), named in a hosts file: the same commands, the same envelopes, a host's faults as its codes.
let lab: SshLab;
let dir: string;
let env: NodeJS.ProcessEnv;
let mcp: McpProcess | undefined;
const LOCAL_SOCKET = `orc-h15-e2e-local-${process.pid}`;
type Envelope = { ok: boolean; data?: any; error?: { code: string } };

function cli(args: string[], timeoutMs = 30_000): Promise<Envelope> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [requireBuiltCli(), '--json', ...args],
      { env, timeout: timeoutMs },
      (_error, stdout) => {
        try {
          resolve(JSON.parse(stdout) as Envelope);
        } catch {
          resolve({ ok: false, error: { code: `no envelope: ${stdout}` } });
        }
      },
    );
  });
}

const log = (host: string, name: string) => join(dir, `${host}-${name}.jsonl`);
const agentArgv = (host: string, name: string, ...flags: string[]) => [
  '--',
  ...fakeAgentArgv('claude', log(host, name), ...flags),
];

beforeAll(async () => {
  requireBuiltCli();
  lab = await startSshLab(['alpha', 'beta'], { prefix: 'orc-h15-e2e' });
  dir = mkdtempSync(join(tmpdir(), 'orc-h15-e2e-'));
  env = { ...throwawayEnv(dir), TMUX_ORC_HOSTS: lab.hostsFile, TMUX_ORC_SOCKET_NAME: LOCAL_SOCKET };
}, 30_000);

afterAll(async () => {
  mcp?.kill();
  await lab?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let mcpId = 0;
async function tool(name: string, args: Record<string, unknown>, ms = 20_000): Promise<Envelope> {
  const id = ++mcpId;
  mcp!.send({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });
  const reply = await mcp!.response(id, ms);
  return reply.result.structuredContent as Envelope;
}

test('agents on two hosts: spawn with a local @file briefing and a remote --cwd, send once, read, wait, fleet status', async () => {
  const briefing = join(dir, 'brief.txt');
  writeFileSync(briefing, 'Read me on this machine; I travel as text.');
  const cwd = join(lab.dir, 'home-alpha');
  const spawned = await cli([
    'agent',
    'spawn',
    'alpha/proj',
    '--name',
    'dev',
    '--role',
    'developer',
    '--kind',
    'claude',
    '--cwd',
    cwd,
    '--briefing',
    `@${briefing}`,
    ...agentArgv('alpha', 'dev'),
  ]);
  expect(spawned).toMatchObject({ ok: true });
  expect(
    await cli([
      '-H',
      'beta',
      'agent',
      'spawn',
      'proj',
      '--name',
      'dev',
      '--kind',
      'claude',
      ...agentArgv('beta', 'dev'),
    ]),
  ).toMatchObject({ ok: true });
  // The briefing was read here and typed there; the pane runs in the remote path.
  await eventually('the briefing', () => loggedMessages(log('alpha', 'dev')).length === 1, 10_000);
  expect(loggedMessages(log('alpha', 'dev'))).toEqual(['Read me on this machine; I travel as text.']);
  expect(lab.hosts.alpha!.tmux('display-message', '-p', '-t', 'proj:dev', '#{pane_current_path}').trim()).toBe(cwd);
  expect(lab.hosts.beta!.tmux('list-windows', '-t', 'proj', '-F', '#{window_name}').trim()).toBe('dev');

  expect(await cli(['agent', 'send', 'beta/proj:dev', 'hello beta', '--wait-idle'])).toMatchObject({ ok: true });
  expect(await cli(['agent', 'wait', 'beta/proj:dev', '--until', 'idle', '--timeout', '10'])).toMatchObject({
    ok: true,
    data: { state: 'idle' },
  });
  const read = await cli(['agent', 'read', 'beta/proj:dev']);
  expect(read.ok).toBe(true);
  expect(read.data.text).toContain('hello beta');
  await sleep(300);
  expect(loggedMessages(log('beta', 'dev'))).toEqual(['hello beta']);
  expect(loggedMessages(log('alpha', 'dev'))).toHaveLength(1);

  const fleet = await cli(['fleet', 'status']);
  expect(fleet.ok).toBe(true);
  const parts = Object.fromEntries((fleet.data.hosts as Array<{ host: string }>).map((h) => [h.host, h]));
  expect(parts.local).toMatchObject({ ok: true, serverRunning: false });
  expect(parts.alpha).toMatchObject({
    ok: true,
    serverRunning: true,
    agents: [expect.objectContaining({ target: 'alpha/proj:dev', host: 'alpha' })],
  });
  expect(parts.beta).toMatchObject({
    ok: true,
    agents: [expect.objectContaining({ target: 'beta/proj:dev', state: 'idle' })],
  });
}, 60_000);

test('team deploy on a remote host, and the monitor (every host, one process) reports to the PM there', async () => {
  const deployed = await cli(
    [
      'team',
      'deploy',
      'backend',
      '--project',
      'beta/shop',
      '--size',
      '2',
      '--kind',
      'claude',
      ...agentArgv('beta', 'team'),
    ],
    60_000,
  );
  expect(deployed).toMatchObject({ ok: true });
  expect((deployed.data.agents as Array<{ briefed: boolean }>).every((a) => a.briefed)).toBe(true);
  expect(lab.hosts.beta!.tmux('list-windows', '-t', 'shop', '-F', '#{window_name}').trim().split('\n')).toHaveLength(2);
  // A PM and a developer of our own on alpha, each with its own log, to see the report land on that host's PM.
  // (Busy for 2 s, so the monitor's sweeps see the turn.)
  for (const [name, role] of [
    ['pm', 'pm'],
    ['dev1', 'developer'],
  ] as const) {
    const argv = agentArgv('alpha', name, '--busy-ms', '2000');
    expect(
      await cli(['agent', 'spawn', 'alpha/team', '--name', name, '--role', role, '--kind', 'claude', ...argv]),
    ).toMatchObject({ ok: true });
  }
  const monitor = spawn(
    process.execPath,
    [requireBuiltCli(), '--json', 'monitor', 'run', '--all-hosts', '--interval', '0.3', '--report-cooldown', '0'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  monitor.stdout.on('data', (d: Buffer) => (out += d.toString()));
  try {
    await eventually(
      'the monitor watching alpha',
      async () => {
        const status = await cli(['-H', 'alpha', 'monitor', 'status']);
        return (
          status.ok &&
          (status.data.agents ?? []).some(
            (a: { target: string; state: string }) => a.target === 'team:dev1' && a.state === 'idle',
          )
        );
      },
      15_000,
    );
    expect(await cli(['agent', 'send', 'alpha/team:dev1', 'build the login page'])).toMatchObject({ ok: true });
    const reports = () => loggedMessages(log('alpha', 'pm')).filter((t) => t.startsWith('[tmux-orc monitor]'));
    await eventually(
      'a report to the PM on alpha',
      () => reports().some((t) => t.includes('- dev1 (developer): idle')),
      15_000,
    );
    // Its status and log are alpha's own, read with -H.
    const status = await cli(['-H', 'alpha', 'monitor', 'status']);
    expect(status).toMatchObject({ ok: true, data: { running: true, pid: monitor.pid } });
    expect(status.data.agents.map((a: { target: string }) => a.target)).toEqual(
      expect.arrayContaining(['team:dev1', 'team:pm']),
    );
    expect((await cli(['-H', 'beta', 'monitor', 'status'])).data).toMatchObject({ running: true, pid: monitor.pid });
  } finally {
    monitor.kill('SIGTERM');
    await new Promise((r) => monitor.once('exit', r));
  }
  const result = JSON.parse(out) as Envelope;
  expect(result.ok).toBe(true);
  expect(result.data.hosts).toEqual([
    { host: 'local', ok: true },
    { host: 'alpha', ok: true },
    { host: 'beta', ok: true },
  ]);
}, 90_000);

test('the monitor daemon for one remote host: -H alpha monitor start, status, stop', async () => {
  const started = await cli(['-H', 'alpha', 'monitor', 'start', '--interval', '0.5']);
  expect(started).toMatchObject({ ok: true, data: { socketPath: expect.stringMatching(/^ssh:\/\/alpha\//) } });
  try {
    await eventually(
      'the daemon sweeping alpha',
      async () => {
        const status = await cli(['-H', 'alpha', 'monitor', 'status']);
        return status.ok && status.data.connected === true && (status.data.agents ?? []).length > 0;
      },
      15_000,
    );
    // This machine's monitor is another one: not running.
    expect((await cli(['monitor', 'status'])).data).toMatchObject({ running: false });
  } finally {
    expect(await cli(['-H', 'alpha', 'monitor', 'stop'])).toMatchObject({ ok: true, data: { pid: started.data.pid } });
  }
}, 60_000);

test("one tmux-orc mcp for the fleet: calls name hosts; sshd or the remote tmux killed mid-call give the host's error, then it recovers", async () => {
  mkdirSync(join(dir, 'mcp'), { recursive: true });
  mcp = spawnMcp({ socketName: LOCAL_SOCKET, dir: join(dir, 'mcp'), env: { TMUX_ORC_HOSTS: lab.hostsFile } });
  mcp.handshake();
  await mcp.response('init');
  const both = await tool('agent_status', { allHosts: true });
  expect(both.ok).toBe(true);
  const targets = (both.data.agents as Array<{ target: string }>).map((a) => a.target);
  expect(targets).toEqual(expect.arrayContaining(['alpha/proj:dev', 'beta/proj:dev']));
  expect(await tool('agent_send', { target: 'alpha/proj:dev', message: 'over mcp' })).toMatchObject({ ok: true });
  await eventually('the MCP message', () => loggedMessages(log('alpha', 'dev')).includes('over mcp'), 10_000);

  // sshd goes down while a wait on alpha is under way: that call fails with alpha's code; beta answers meanwhile.
  const waiting = tool('agent_wait', { target: 'alpha/proj:dev', until: 'text:never-printed', timeout: 20 });
  await sleep(500);
  await lab.hosts.alpha!.stopSshd();
  const cut = await waiting;
  expect(cut.ok).toBe(false);
  expect(cut.error!.code).toMatch(/^host\.(connectionLost|unreachable)$/);
  expect(await tool('agent_status', { target: 'beta/proj:dev' })).toMatchObject({ ok: true });
  expect((await tool('agent_status', { target: 'alpha/proj:dev' })).error?.code).toBe('host.unreachable');
  const fleet = await tool('agent_status', { allHosts: true });
  expect(fleet.data.hosts).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        host: 'alpha',
        ok: false,
        error: expect.objectContaining({ code: 'host.unreachable' }),
      }),
      expect.objectContaining({ host: 'beta', ok: true }),
    ]),
  );
  await lab.hosts.alpha!.startSshd();
  await eventually('alpha back', async () => (await tool('agent_status', { target: 'alpha/proj:dev' })).ok, 20_000);
  expect(loggedMessages(log('alpha', 'dev')).filter((t) => t === 'over mcp')).toHaveLength(1);

  // beta's tmux server killed mid-call: tmux.connectionLost, then no server; a new server is reached again.
  const waitingBeta = tool('agent_wait', { target: 'beta/proj:dev', until: 'text:never-printed', timeout: 20 });
  await sleep(500);
  await lab.hosts.beta!.killTmux();
  expect((await waitingBeta).error?.code).toMatch(/^tmux\.(connectionLost|noServer|sessionNotFound)$/);
  expect((await tool('list', { allHosts: true })).data.hosts).toEqual(
    expect.arrayContaining([expect.objectContaining({ host: 'beta', ok: true, serverRunning: false })]),
  );
  lab.hosts.beta!.tmux('new-session', '-d', '-s', 'again', 'sleep', '600');
  await eventually(
    'beta back',
    async () => {
      const list = await tool('list', { allHosts: true });
      return (list.data.sessions as Array<{ name: string; host?: string }>).some(
        (s) => s.name === 'again' && s.host === 'beta',
      );
    },
    10_000,
  );
}, 90_000);
