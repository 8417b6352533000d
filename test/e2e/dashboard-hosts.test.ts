import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentRecord } from '../../src/agents/agent-record.js';
import { spawnAgent } from '../../src/agents/spawn-agent.js';
import { launchBrowser, type Browser } from '../helpers/browser.js';
import { requireBuiltCli } from '../helpers/built-cli.js';
import { eventually, loggedAnswers, loggedMessages, sleep } from '../helpers/fake-agent-support.js';
import { killAllPrivateTmux, privateTmux, type PrivateTmux } from '../helpers/private-tmux.js';
import { startSshLab, type SshLab } from '../helpers/ssh-lab.js';
import { fakeAgentArgv } from '../helpers/test-servers.js';

// The dashboards over two hosts (issue 15): this machine's private tmux server and a "host" of the ssh lab (a real
// sshd on loopback in front of another private server). With the hosts file naming a host, `dashboard` and `web` show
// every host with a host column, act on a remote agent through its host, and keep the others when a host goes down.
const TOKEN = 'orc-d19-hosts-token-0123456789';
let lab: SshLab;
let local: PrivateTmux;
let dir: string;
let env: NodeJS.ProcessEnv;
let web: { child: ChildProcessWithoutNullStreams; url: string } | undefined;
let browser: Browser | undefined;
const agents: Record<string, AgentRecord> = {};
const log = (name: string) => join(dir, `${name}.jsonl`);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orc-d19-hosts-'));
  lab = await startSshLab(['build'], { prefix: 'orc-d19' });
  lab.hosts.build!.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '600');
  local = privateTmux('orc-d19-hosts');
  local.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '600');
  const fake = (name: string, role: string) => ({
    session: 'proj',
    name,
    role,
    kind: 'claude' as const,
    command: fakeAgentArgv('claude', log(name)),
  });
  agents.dev = (await spawnAgent(local.manager(), fake('dev', 'developer'))).agent;
  agents.rev = (await spawnAgent(lab.manager('build'), fake('rev', 'reviewer'))).agent;
  // This machine's server by TMUX_ORC_SOCKET_NAME (a -L would name the remote one too), the lab's hosts file, and a
  // HOME of its own.
  env = {
    ...lab.env(),
    TMUX_ORC_SOCKET_NAME: local.socketName,
    HOME: join(dir, 'home'),
    XDG_CONFIG_HOME: join(dir, 'config'),
    TMUX_ORC_STATE_DIR: join(dir, 'state'),
  };
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (web && web.child.exitCode === null) {
    const exited = new Promise((resolve) => web!.child.once('exit', resolve));
    web.child.kill('SIGTERM');
    await exited;
  }
  await killAllPrivateTmux();
  await lab?.close();
  rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [requireBuiltCli(), ...args], { env, timeout: 30_000 }, (error, stdout) => {
      resolve({ code: error ? Number(error.code) : 0, stdout });
    });
  });
}

test('dashboard --once over two hosts: every agent with its host and a host/ target, a part per host', async () => {
  const { code, stdout } = await cli(['--json', 'dashboard', '--once']);
  expect(code).toBe(0);
  const data = JSON.parse(stdout).data as {
    agents: Array<{ host: string; target: string; name: string }>;
    hosts: Array<{ host: string; serverRunning: boolean; error?: unknown }>;
  };
  expect(data.hosts).toEqual([
    { host: 'local', serverRunning: true },
    { host: 'build', serverRunning: true },
  ]);
  const targets = data.agents.map((a) => [a.host, a.target]).sort();
  expect(targets).toEqual([
    ['build', 'build/proj:rev'],
    ['local', 'local/proj:dev'],
  ]);
  // Without a terminal: the same as a table with a host column, and no colour.
  const human = await cli(['dashboard']);
  expect(human.code).toBe(0);
  expect(human.stdout).toMatch(/^HOST +SESSION +AGENT/m);
  expect(human.stdout).toMatch(/^build +proj +rev +reviewer/m);
  expect(human.stdout).not.toContain('\x1b');
}, 60_000);

test('the terminal dashboard over two hosts: a host column, the remote agent acted on through its host', async () => {
  const vars = ['TMUX_ORC_HOSTS', 'TMUX_ORC_SOCKET_NAME', 'HOME', 'XDG_CONFIG_HOME', 'TMUX_ORC_STATE_DIR'].map(
    (k) => `${k}=${env[k]}`,
  );
  local.tmux(
    'new-session',
    '-d',
    '-s',
    'view',
    '-x',
    '100',
    '-y',
    '24',
    '--',
    'env',
    ...vars,
    process.execPath,
    requireBuiltCli(),
    'dashboard',
  );
  const screen = () => local.tmux('capture-pane', '-p', '-t', 'view:').split('\n');
  let lines: string[] = [];
  await eventually(
    'both hosts on the screen',
    () => {
      lines = screen();
      return lines.some((l) => /^[> ] build +proj +rev/.test(l)) && lines.some((l) => /^[> ] local +proj +dev/.test(l));
    },
    15_000,
  );
  expect(lines[1]).toMatch(/^ {2}HOST +SESSION +AGENT +ROLE/);
  expect(lines[0]).toContain('2 hosts');
  // Filter down to the remote agent, send it a line: delivered once, there.
  local.tmux('send-keys', '-t', 'view:', '/');
  local.tmux('send-keys', '-t', 'view:', '-l', 'build');
  local.tmux('send-keys', '-t', 'view:', 'Enter', 's');
  local.tmux('send-keys', '-t', 'view:', '-l', 'from the terminal');
  local.tmux('send-keys', '-t', 'view:', 'Enter');
  await eventually('sent', () => (lines = screen()).some((l) => /sent to (build\/)?proj:rev/.test(l)), 10_000).catch(
    (error: Error) => Promise.reject(new Error(`${error.message}; the screen:\n${lines.join('\n')}`)),
  );
  await eventually('the message', () => loggedMessages(log('rev')).length > 0);
  await sleep(400);
  expect(loggedMessages(log('rev'))).toEqual(['from the terminal']);
  expect(loggedMessages(log('dev'))).toEqual([]);
  local.tmux('send-keys', '-t', 'view:', 'q');
  await eventually('the dashboard gone', () => {
    try {
      local.tmux('has-session', '-t', 'view');
      return false;
    } catch {
      return true;
    }
  });
}, 60_000);

test('the web page over two hosts: a host column, send and approve on a remote agent once, a host down', async () => {
  const child = spawn(process.execPath, [requireBuiltCli(), 'web'], { env: { ...env, TMUX_ORC_WEB_TOKEN: TOKEN } });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  web = { child, url: '' };
  await eventually('the page to be served', () => /open (http:\/\/\S+)/.test(stderr), 20_000);
  web.url = /open (http:\/\/\S+)/.exec(stderr)![1]!;
  browser = await launchBrowser();
  const page = browser.page;
  await page.goto(web.url);
  await eventually("both hosts' agents", async () => (await page.locator('tbody tr').count()) === 2, 10_000);
  expect(await page.locator('th.host').isVisible()).toBe(true);
  const cells = await page
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  expect(cells.map((c) => c.slice(0, 3)).sort()).toEqual([
    ['build', 'proj', 'rev'],
    ['local', 'proj', 'dev'],
  ]);

  // Send to the remote agent from the page: delivered once, on its host.
  await page.locator('tr[data-target="build/proj:rev"]').click();
  await page.waitForSelector('#detail-target:text-is("build/proj:rev")');
  await page.waitForSelector('#screen[data-target="build/proj:rev"]');
  await page.fill('#message', 'run the PERMISSION task');
  await page.press('#message', 'Enter');
  await page.waitForSelector('#status:text-is("sent to build/proj:rev")');
  // Its dialog, read from its screen over ssh, then approved from the page: one answer.
  await page.waitForSelector('tr[data-target="build/proj:rev"][data-state="waiting"]', { timeout: 10_000 });
  await page.click('#actions button[data-action="approve"]');
  await page.waitForSelector('#status:text-is("approved build/proj:rev")');
  await eventually('the answer', () => loggedAnswers(log('rev')).length > 0);
  await sleep(400);
  expect(loggedMessages(log('rev'))).toEqual(['from the terminal', 'run the PERMISSION task']);
  expect(loggedAnswers(log('rev'))).toEqual(['approved']);
  expect(loggedMessages(log('dev'))).toEqual([]);

  // The host goes down: the page says so, and this machine's agent is still shown and live.
  await lab.hosts.build!.stopSshd();
  await page.waitForSelector('#counts:has-text("build: host.")', { timeout: 20_000 });
  expect(await page.locator('tr[data-target="local/proj:dev"]').count()).toBe(1);
}, 90_000);
