import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnAgent } from '../../src/agents/spawn-agent.js';
import { requireBuiltCli } from '../helpers/built-cli.js';
import { eventually, sleep } from '../helpers/fake-agent-support.js';
import { fireHook } from '../helpers/fire-hook.js';
import { throwawayEnv } from '../helpers/mcp-process.js';
import { privateTmux, type PrivateTmux } from '../helpers/private-tmux.js';
import { startSshLab, type LabHost, type SshLab } from '../helpers/ssh-lab.js';
import { fakeAgentArgv } from '../helpers/test-servers.js';

// Resources on other hosts: the built `tmux-orc mcp` with the lab's hosts file reads and follows an agent on a lab
// host by its host-prefixed target (`alpha/proj:dev`), one live fleet per host; hostile host parts are refused; a
// host that is down slows nobody else.
let lab: SshLab;
let local: PrivateTmux;
let dir: string;
let client: Client;
let alphaPane: string | undefined;
const updated: { uri: string; at: number }[] = [];
let listChanged = 0;

const uriOf = (target: string, kind: 'status' | 'screen') => `tmux-orc://agent/${encodeURIComponent(target)}/${kind}`;
const ALPHA = uriOf('alpha/proj:dev', 'status');
const BETA = uriOf('beta/proj:dev', 'status');

async function spawnOn(host: LabHost, name: string) {
  const { agent } = await spawnAgent(lab.manager(host.name), {
    session: 'proj',
    name,
    role: 'developer',
    kind: 'claude',
    command: fakeAgentArgv('claude', join(dir, `${host.name}-${name}.jsonl`)),
  });
  return agent;
}

const hostTmux = (host: LabHost) => ({ tmux: host.tmux }) as unknown as PrivateTmux;
const read = async (uri: string) =>
  (await client.readResource({ uri })).contents[0] as { uri: string; mimeType: string; text: string };
const json = async (uri: string) => JSON.parse((await read(uri)).text) as Record<string, unknown>;
/** The code in a failed read's data (the CLI's code), and the JSON-RPC code. */
async function failure(promise: Promise<unknown>): Promise<{ code: number; orc: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code: number; data?: { code?: string } };
    return { code: e.code, orc: e.data?.code ?? '?' };
  }
  throw new Error('expected the request to fail');
}
async function toolCode(target: string): Promise<string> {
  const result = (await client.callTool({ name: 'agent_status', arguments: { target } })) as CallToolResult;
  return (result.structuredContent as { error?: { code: string } }).error?.code ?? 'ok';
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orc-r17-hosts-'));
  lab = await startSshLab(['alpha', 'beta'], { prefix: 'orc-r17' });
  local = privateTmux('orc-r17-local');
  local.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '600');
  [alphaPane] = (await Promise.all([spawnOn(lab.hosts.alpha!, 'dev'), spawnOn(lab.hosts.beta!, 'dev')])).map(
    (a) => a.paneId,
  );
  // The local server by the environment, not -L: -L would name the server on every host.
  const env = { ...throwawayEnv(dir), TMUX_ORC_HOSTS: lab.hostsFile, TMUX_ORC_SOCKET_NAME: local.socketName };
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [requireBuiltCli(), 'mcp'],
    env,
    stderr: 'ignore',
  });
  client = new Client({ name: 'orc-r17', version: '0' });
  client.setNotificationHandler(
    ResourceUpdatedNotificationSchema,
    (n) => void updated.push({ uri: n.params.uri, at: Date.now() }),
  );
  client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void listChanged++);
  await client.connect(transport);
}, 30_000);

afterAll(async () => {
  await client?.close().catch(() => undefined);
  await lab?.close();
  await local?.kill();
  rmSync(dir, { recursive: true, force: true });
}, 20_000);

test('an agent on another host: read by its host-prefixed target, subscribed, updated within 1 s, listed', async () => {
  const alpha = lab.hosts.alpha!;
  expect(await json(ALPHA)).toMatchObject({ target: 'alpha/proj:dev', host: 'alpha', state: 'idle', kind: 'claude' });
  expect(await read(uriOf('alpha/proj:dev', 'screen'))).toMatchObject({
    mimeType: 'text/plain',
    text: expect.stringContaining('? for shortcuts'),
  });
  // Not the local server's: it has no proj session; and the fleet is this server's own host (docs/mcp-tools.md).
  expect(await failure(read(uriOf('proj:dev', 'status')))).toEqual({ code: -32002, orc: 'tmux.sessionNotFound' });
  expect(await json('tmux-orc://fleet')).toEqual({ agents: [] });

  await client.subscribeResource({ uri: ALPHA });
  const paneId = alphaPane!;
  for (const [event, state] of [
    ['prompt', 'busy'],
    ['stop', 'idle'],
  ] as const) {
    const before = updated.length;
    const at = Date.now();
    fireHook(hostTmux(alpha), paneId, event);
    await eventually(`an update after ${event}`, () => updated.slice(before).some((u) => u.uri === ALPHA), 1000);
    expect(updated.slice(before).find((u) => u.uri === ALPHA)!.at - at).toBeLessThan(1000);
    expect(await json(ALPHA)).toMatchObject({ state });
  }

  // A followed host's agents are listed (host-prefixed), and announced when they come.
  const count = listChanged;
  await spawnOn(alpha, 'later');
  await eventually('list_changed for an agent on alpha', () => listChanged > count, 3000);
  const { resources } = await client.listResources();
  expect(resources.map((r) => r.uri)).toEqual(expect.arrayContaining([ALPHA, uriOf('alpha/proj:later', 'status')]));
}, 15_000);

test('host parts: unknown hosts and destinations fail as the tools do; hostile ones are resource.invalid', async () => {
  for (const target of ['nosuch/proj:dev', 'root@alpha/proj:dev']) {
    const failed = await failure(read(uriOf(target, 'status')));
    expect(failed.orc).toBe(await toolCode(target));
    expect(failed.code).toBe(-32002);
  }
  const pwned = join(lab.dir, 'pwned');
  const hostile = [
    '../proj:dev',
    './proj:dev',
    '/proj:dev',
    'alpha//proj:dev',
    'alpha/',
    'alpha/../beta/proj:dev',
    'alpha/./proj:dev',
    `-oProxyCommand=touch ${pwned}/proj:dev`,
    '-F/dev/null/proj:dev',
    `${'a'.repeat(1 << 20)}/proj:dev`,
  ];
  for (const target of hostile) {
    for (const kind of ['status', 'screen'] as const) {
      expect([target.slice(0, 40), await failure(read(uriOf(target, kind)))]).toEqual([
        target.slice(0, 40),
        { code: -32602, orc: 'resource.invalid' },
      ]);
    }
    expect(await failure(client.subscribeResource({ uri: uriOf(target, 'status') }))).toEqual({
      code: -32602,
      orc: 'resource.invalid',
    });
  }
  // Decoded once: a double-encoded slash is part of a local session's name, never a host.
  expect(await failure(read('tmux-orc://agent/alpha%252Fproj%253Adev/status'))).toEqual({
    code: -32002,
    orc: 'tmux.sessionNotFound',
  });
  expect(existsSync(pwned)).toBe(false);
}, 15_000);

test('a silent host (its link stalled) holds up no read, subscription or update of another host', async () => {
  const beta = lab.hosts.beta!;
  await client.subscribeResource({ uri: ALPHA });
  await client.subscribeResource({ uri: BETA });
  beta.link.stall();
  try {
    // Past ssh's keep-alive (1 s x 2) the connection is given up: beta's next reads wait on a new login.
    await sleep(3500);
    const betaRead = failure(read(BETA));
    // Beta's part of the scope changes: this subscription waits on beta, and nothing else may.
    const betaSubscribed = client.subscribeResource({ uri: uriOf('beta/proj:other', 'status') }).then(() => Date.now());
    await sleep(100);
    const started = Date.now();
    expect(await json(ALPHA)).toMatchObject({ target: 'alpha/proj:dev' });
    await client.listResources();
    await client.subscribeResource({ uri: uriOf('alpha/proj:dev', 'screen') });
    expect(Date.now() - started).toBeLessThan(1000);
    const before = updated.length;
    const at = Date.now();
    fireHook(hostTmux(lab.hosts.alpha!), alphaPane!, 'prompt');
    await eventually(
      'an update from alpha while beta is silent',
      () => updated.slice(before).some((u) => u.uri === ALPHA),
      1000,
    );
    expect(updated.slice(before).find((u) => u.uri === ALPHA)!.at - at).toBeLessThan(1000);
    fireHook(hostTmux(lab.hosts.alpha!), alphaPane!, 'stop');
    // Beta's own answers come, bounded: its read fails with a timeout or its host's code.
    expect((await betaRead).orc).toMatch(/^(host\.|tmux\.timeout$)/);
    // Its two targets are looked up at once: one command timeout (4 s), not one each.
    expect((await betaSubscribed) - started).toBeLessThan(6000);
  } finally {
    beta.link.resume();
  }
}, 15_000);

test("a host that is down: its reads fail with its own code; other hosts' reads and updates are not delayed", async () => {
  const alpha = lab.hosts.alpha!;
  await client.subscribeResource({ uri: ALPHA });
  await client.subscribeResource({ uri: BETA });
  // Up (again, after the stalled link of the test before: its manager reconnects after a backoff).
  await eventually(
    'beta readable',
    () =>
      json(BETA).then(
        (s) => s.target === 'beta/proj:dev',
        () => false,
      ),
    8000,
  );
  await lab.hosts.beta!.stopSshd();
  await sleep(300);
  const down = failure(read(BETA));
  const started = Date.now();
  expect(await json(ALPHA)).toMatchObject({ target: 'alpha/proj:dev' });
  await client.listResources();
  // A new subscription on alpha waits on alpha only (beta's part of the scope did not change).
  await client.subscribeResource({ uri: uriOf('alpha/proj:later', 'screen') });
  expect(Date.now() - started).toBeLessThan(1000);
  const paneId = alphaPane!;
  const before = updated.length;
  const at = Date.now();
  fireHook(hostTmux(alpha), paneId, 'prompt');
  await eventually(
    'an update from alpha while beta is down',
    () => updated.slice(before).some((u) => u.uri === ALPHA),
    1000,
  );
  expect(updated.slice(before).find((u) => u.uri === ALPHA)!.at - at).toBeLessThan(1000);
  expect((await down).orc).toMatch(/^host\./);
}, 15_000);
