import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, requireBuiltCli } from '../helpers/built-cli.js';

// A commander CLI that imports nothing of tmux-orc but `tmux-orc/reflect` (test/fixtures/toolkit/notes-cli.mjs, the
// docs/reflect.md example), served over real stdio to the SDK's own client, as Claude Code would start it.
const CLI = join(ROOT, 'test', 'fixtures', 'toolkit', 'notes-cli.mjs');
let client: Client;
let transport: StdioClientTransport;
let stderr = '';
const transportErrors: Error[] = [];

beforeAll(async () => {
  requireBuiltCli(); // tmux-orc/reflect resolves to the build
  transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'mcp'],
    stderr: 'pipe',
    env: { PATH: process.env.PATH ?? '' },
  });
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  client = new Client({ name: 'toolkit-e2e', version: '0.0.0' });
  client.onerror = (error) => transportErrors.push(error);
  await client.connect(transport);
});
afterAll(() => client?.close());

const call = async (name: string, args: Record<string, unknown> = {}) => {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual(result.structuredContent);
  return result.structuredContent as { ok: boolean; data?: any; error?: { code: string; message: string } };
};

test('the CLI still works as a CLI', () => {
  expect(execFileSync(process.execPath, [CLI, 'add', 'plain', 'run', '--no-color'], { encoding: 'utf8' })).toBe(
    'added #1\n',
  );
  expect(execFileSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' }).trim()).toBe('1.2.3');
});

test('over stdio: the server names itself, lists the tools without the hidden ones, and runs them in the one process', async () => {
  expect(client.getServerVersion()).toMatchObject({ name: 'notes', version: '1.2.3' });
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name).sort()).toEqual([
    'add',
    'db_migrate',
    'echo',
    'fail',
    'list',
    'refuse',
    'release',
    'rm',
  ]);
  expect(await call('add', { words: ['from', 'mcp'], tag: 'work' })).toMatchObject({
    ok: true,
    data: { stdout: expect.stringContaining('added #1'), result: { id: 1, text: 'from mcp', tag: 'work' } },
  });
  // The state is the server's process's: the note added by the last call is listed by the next.
  expect((await call('list')).data).toEqual({ stdout: '#1 from mcp\n', result: [expect.objectContaining({ id: 1 })] });
  expect((await call('fail')).error).toMatchObject({ code: 'command.failed', message: 'disk full' });
  expect((await call('add', { words: ['x'], priority: 99.5 })).error?.code).toBe('usage.invalid');
  const words = Array.from({ length: 10 }, (_, i) => `w${i}`);
  const echoed = await Promise.all(words.map((word) => call('echo', { word, ms: 5 })));
  expect(echoed.map((e) => e.data.result.word)).toEqual(words);
  // Nothing the commands printed went to stdout outside a result: the client saw only protocol.
  expect(transportErrors).toEqual([]);
  expect(stderr).not.toMatch(/echo w/);
});
