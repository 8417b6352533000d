import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBuiltCli } from '../helpers/built-cli.js';
import { FAKE_AGENT, eventually } from '../helpers/fake-agent-support.js';
import { throwawayEnv } from '../helpers/mcp-process.js';
import { killAllPrivateTmux, privateTmux } from '../helpers/private-tmux.js';

// Issue 17 over real stdio: the built `tmux-orc mcp`, driven by the SDK's own Client, sends progress during a wait
// and ends the wait when the client cancels it, as the server's log says (within 100 ms of the cancel reaching it).
const tmux = privateTmux('orc-mcp17-stdio');
const dir = mkdtempSync(join(tmpdir(), 'orc-mcp17-stdio-'));
let stderr = '';
let transport: StdioClientTransport;
let client: Client;

beforeAll(async () => {
  const env = throwawayEnv(dir);
  const args = [requireBuiltCli(), '-L', tmux.socketName, 'mcp'];
  transport = new StdioClientTransport({ command: process.execPath, args, env, stderr: 'pipe' });
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  client = new Client({ name: 'orc-mcp17-stdio', version: '0' });
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
  await killAllPrivateTmux();
  rmSync(dir, { recursive: true, force: true });
});

test('agent_wait over stdio: progress every second, and a cancel ends it at once', async () => {
  const fake = [process.execPath, FAKE_AGENT, '--kind', 'claude', '--ready-ms', '50'];
  const spawned = await client.callTool({ name: 'agent_spawn', arguments: { session: 'io', name: 'w1', args: fake } });
  expect(spawned.structuredContent).toMatchObject({ ok: true, data: { ready: true } });

  const seen: Progress[] = [];
  const abort = new AbortController();
  const args = { target: 'io:w1', until: 'busy', timeout: 60 };
  const options = { signal: abort.signal, onprogress: (p: Progress) => seen.push(p) };
  const call = client.callTool({ name: 'agent_wait', arguments: args }, undefined, options);
  const outcome = call.then(
    () => 'answered',
    () => 'rejected',
  );
  await eventually('two progress notifications', () => seen.length >= 2, 10000);
  expect(seen[0]!.message).toMatch(/^agent wait io:w1 \(\d+ s\)$/);
  abort.abort('no longer needed');
  expect(await outcome).toBe('rejected');
  await eventually('the server to log the cancel', () => /agent_wait cancelled/.test(stderr), 5000);
  const ended = Number(/agent_wait cancelled \(no longer needed\); it ended (\d+) ms later/.exec(stderr)?.[1]);
  expect(ended).toBeLessThan(100);

  // The connection carries on: the agent is still there and idle.
  const status = await client.callTool({ name: 'agent_status', arguments: { target: 'io:w1' } });
  expect(status.structuredContent).toMatchObject({ ok: true, data: { agents: [{ state: 'idle' }] } });
});
