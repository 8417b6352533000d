import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  ElicitRequestSchema,
  EmptyResultSchema,
  ReadResourceResultSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
  type ElicitRequest,
} from '@modelcontextprotocol/sdk/types.js';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { deliverMessage } from '../../src/agents/deliver-message.js';
import { spawnAgent } from '../../src/agents/spawn-agent.js';
import { waitForState } from '../../src/agents/wait-for-state.js';
import { requireBuiltCli } from '../helpers/built-cli.js';
import { eventually, loggedAnswers, sleep } from '../helpers/fake-agent-support.js';
import { fireHook } from '../helpers/fire-hook.js';
import { fakeAgentArgv, spawnFakeAgent, testServers } from '../helpers/test-servers.js';

// Issue 17, done when: the built `tmux-orc mcp --relay-permissions`, over real stdio and over HTTP, to the SDK's own
// client: a subscription is updated within 1 s of a fake agent's state change, agents coming are announced, and a
// relayed prompt is answered once.
const servers = testServers('orc-live17-e2e');
const TOKEN = 'orc-live17-e2e-token-0123456789';
const children: ChildProcessWithoutNullStreams[] = [];
const clients: Client[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close().catch(() => undefined)));
  await Promise.all(
    children.splice(0).map(async (child) => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child.once('exit', r)), sleep(3000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }),
  );
});

function env(home: string): Record<string, string> {
  for (const sub of ['.cfg', '.cache', 'state']) mkdirSync(join(home, sub), { recursive: true });
  const base = Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  delete base.TMUX_ORC_MCP_TOKEN;
  return {
    ...base,
    HOME: home,
    TMUX_ORC_STATE_DIR: join(home, 'state'),
    XDG_CONFIG_HOME: join(home, '.cfg'),
    XDG_CACHE_HOME: join(home, '.cache'),
  };
}

/** A client that can elicit, approving every prompt it is asked about. */
function newClient(asked: ElicitRequest[]): Client {
  const client = new Client({ name: 'orc-live17-e2e', version: '0' }, { capabilities: { elicitation: {} } });
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    asked.push(request);
    return { action: 'accept', content: { answer: 'approve' } };
  });
  clients.push(client);
  return client;
}

async function overStdio(socket: string, asked: ElicitRequest[]): Promise<Client> {
  const client = newClient(asked);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [requireBuiltCli(), '-L', socket, 'mcp', '--relay-permissions'],
    env: env(join(servers.dir(), `stdio-${Date.now()}`)),
    stderr: 'pipe',
  });
  await client.connect(transport);
  return client;
}

async function overHttp(socket: string, asked: ElicitRequest[]): Promise<Client> {
  const argv = [requireBuiltCli(), '-L', socket, 'mcp', '--http', '127.0.0.1:0', '--relay-permissions'];
  const child = spawn(process.execPath, argv, {
    env: { ...env(join(servers.dir(), `http-${Date.now()}`)), TMUX_ORC_MCP_TOKEN: TOKEN },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  await eventually('the server to listen', () => /listening on http:\/\/\S+/.test(stderr), 15000);
  const url = new URL(/listening on (http:\/\/\S+)/.exec(stderr)![1]!);
  const client = newClient(asked);
  await client.connect(
    new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } } }),
  );
  return client;
}

describe.each([
  ['stdio', overStdio],
  ['HTTP', overHttp],
] as const)('tmux-orc mcp over %s: resources and the relay', (_name, connect) => {
  test('a subscription is updated within 1 s of a state change; a new agent is announced', async () => {
    const fake = await spawnFakeAgent(servers, 'claude');
    fireHook(fake.tmux, fake.agent.paneId, 'stop');
    const client = await connect(fake.tmux.socketName, []);
    const updated: number[] = [];
    let listChanged = 0;
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, () => void updated.push(Date.now()));
    client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void listChanged++);
    const uri = 'tmux-orc://agent/proj%3Adev/status';
    await client.request({ method: 'resources/subscribe', params: { uri } }, EmptyResultSchema);
    await sleep(800);
    const latencies: number[] = [];
    for (const event of ['prompt', 'stop', 'prompt', 'stop']) {
      const before = updated.length;
      const at = Date.now();
      fireHook(fake.tmux, fake.agent.paneId, event);
      await eventually(`the update after ${event}`, () => updated.length > before, 2000);
      latencies.push(updated[before]! - at);
    }
    expect(Math.max(...latencies)).toBeLessThan(1000);
    const read = await client.request({ method: 'resources/read', params: { uri } }, ReadResourceResultSchema);
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({
      target: 'proj:dev',
      state: 'idle',
    });

    await spawnAgent(fake.manager, {
      session: 'proj',
      name: 'two',
      role: 'qa',
      kind: 'claude',
      command: fakeAgentArgv('claude', '/dev/null'),
    });
    await eventually('list_changed', () => listChanged > 0, 3000);
  });

  test('a relayed prompt is answered once', async () => {
    const fake = await spawnFakeAgent(servers, 'claude', { flags: ['--answer-lag-ms', '500'] });
    const asked: ElicitRequest[] = [];
    const client = await connect(fake.tmux.socketName, asked);
    await client.listTools();
    await deliverMessage(fake.manager, fake.agent, 'run the PERMISSION task');
    await eventually('the answer', () => loggedAnswers(fake.log).length > 0, 8000);
    await waitForState(fake.manager, fake.agent, { state: 'idle' }, { timeoutMs: 5000 });
    await sleep(700);
    expect(loggedAnswers(fake.log)).toEqual(['approved']);
    expect(asked).toHaveLength(1);
  });
});
