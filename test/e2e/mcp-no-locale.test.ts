import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBuiltCli } from '../helpers/built-cli.js';
import { fakeAgentArgv, testServers } from '../helpers/test-servers.js';
import { spawnAgent } from '../../src/agents/spawn-agent.js';

const servers = testServers('orc-mcpnoloc');
let home = '';
beforeAll(() => (home = mkdtempSync(join(tmpdir(), 'orc-mcpnoloc-home-'))));
afterAll(() => rmSync(home, { recursive: true, force: true }));

// The SDK's StdioClientTransport starts a server with HOME, PATH, SHELL, TERM, USER and LOGNAME only, no LANG: there
// `list` gave one session named "" and `agent_status s1:a1` said "no session named s1". The control connection of a
// long-lived server now runs with -u as well.
test("tmux-orc mcp started the SDK's way (no locale) lists and reads non-ASCII names right", async () => {
  const tmux = servers.server();
  await spawnAgent(tmux.manager(), {
    session: 'équipe-一',
    name: 'a1',
    role: 'developer',
    kind: 'claude',
    command: fakeAgentArgv('claude', join(servers.dir(), 'a1.jsonl')),
  });
  const env = { ...getDefaultEnvironment(), HOME: home };
  expect(Object.keys(env).filter((k) => /^(LANG|LC_)/.test(k))).toEqual([]);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [requireBuiltCli(), '-L', tmux.socketName, 'mcp'],
    env,
    stderr: 'ignore',
  });
  const client = new Client({ name: 'tmux-orc-e2e', version: '0.0.0' });
  await client.connect(transport);
  try {
    const call = async (name: string, args: Record<string, unknown> = {}) =>
      ((await client.callTool({ name, arguments: args })) as CallToolResult).structuredContent as {
        ok: boolean;
        data: any;
      };
    const listed = await call('list');
    expect(listed.data.sessions.map((s: { name: string }) => s.name).sort()).toEqual(['keeper', 'équipe-一']);
    expect(await call('agent_status', { target: 'équipe-一:a1' })).toMatchObject({
      ok: true,
      data: { agents: [{ target: 'équipe-一:a1', state: 'idle' }] },
    });
  } finally {
    await client.close();
  }
}, 30_000);
