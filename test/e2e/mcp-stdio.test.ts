import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Envelope } from '../../cli/envelope.js';
import { ROOT, requireBuiltCli } from '../helpers/built-cli.js';
import { killAllPrivateTmux, privateTmux } from '../helpers/private-tmux.js';

const AGENT = join(ROOT, 'test', 'fixtures', 'fake-agent.mjs');
const tmux = privateTmux('orc-mcp-e2e');
const dir = mkdtempSync(join(tmpdir(), 'orc-mcp-e2e-'));
const transportErrors: Error[] = [];
let stderr = '';
let transport: StdioClientTransport;
let client: Client;

async function call(name: string, args: Record<string, unknown> = {}): Promise<Envelope & { data?: any }> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual(result.structuredContent);
  return result.structuredContent as unknown as Envelope & { data?: any };
}

beforeAll(async () => {
  const env = Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  transport = new StdioClientTransport({
    command: process.execPath,
    args: [requireBuiltCli(), '-L', tmux.socketName, 'mcp'],
    env,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  client = new Client({ name: 'tmux-orc-e2e', version: '0.0.0' });
  client.onerror = (error) => transportErrors.push(error);
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
  await killAllPrivateTmux();
  rmSync(dir, { recursive: true, force: true });
});

// The built CLI, spawned as an MCP client would: every result must parse, and stdout must carry only protocol.
describe('tmux-orc mcp over stdio', () => {
  test('serves the commands as tools', async () => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['list', 'session_new', 'session_list', 'agent_spawn', 'agent_send', 'agent_status']),
    );
    expect(names).not.toContain('mcp');
  });

  test('list, session_new, session_list', async () => {
    expect(await call('list')).toMatchObject({
      ok: true,
      command: 'list',
      data: { serverRunning: false, sessions: [] },
    });
    expect(await call('session_new', { name: 'e2e' })).toMatchObject({
      ok: true,
      data: { session: 'e2e', windowIndex: 0 },
    });
    expect(await call('session_list')).toMatchObject({ ok: true, data: { sessions: [{ name: 'e2e', windows: 1 }] } });
    expect(tmux.tmux('list-sessions', '-F', '#{session_name}').trim()).toBe('e2e');
  });

  test('agent_spawn, agent_send, agent_status with a fake agent', async () => {
    const log = join(dir, 'dev1.jsonl');
    const spawned = await call('agent_spawn', {
      session: 'e2e',
      name: 'dev1',
      kind: 'claude',
      command: process.execPath,
      args: [AGENT, '--kind', 'claude', '--log', log, '--busy-ms', '150', '--ready-ms', '100'],
    });
    expect(spawned).toMatchObject({
      ok: true,
      command: 'agent spawn',
      data: { ready: true, agent: { target: 'e2e:dev1', kind: 'claude' } },
    });

    const sent = await call('agent_send', {
      target: 'e2e:dev1',
      message: 'hello from mcp',
      waitIdle: true,
      timeout: 20,
    });
    expect(sent).toMatchObject({ ok: true, data: { submitted: true, state: 'idle' } });
    expect(existsSync(log) && readFileSync(log, 'utf8')).toContain('hello from mcp');

    const status = await call('agent_status', { target: 'e2e:dev1' });
    expect(status).toMatchObject({ ok: true, data: { agents: [{ target: 'e2e:dev1', state: 'idle' }] } });
    expect(await call('agent_status', { target: 'e2e:ghost' })).toMatchObject({
      ok: false,
      error: { code: 'agent.notFound' },
    });
  });

  test('only protocol on stdout, logs on stderr, and the server stops when stdin closes', async () => {
    expect(transportErrors).toEqual([]);
    expect(stderr).toContain('serving');
    const pid = transport.pid!;
    const started = Date.now();
    await client.close();
    // Under 2 s means it exited on stdin's end, not on the SIGTERM the SDK sends after waiting 2 s.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
