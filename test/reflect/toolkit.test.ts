import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { CallToolResultSchema, ListToolsResultSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Command } from 'commander';
import { createMcpServer, mcpMeta, reflectProgram } from '../../reflect/index.js';
// @ts-expect-error: a plain JavaScript fixture, as a user's CLI would be.
import { notesProgram } from '../fixtures/toolkit/notes-program.mjs';

// The toolkit on a commander program that knows nothing of tmux-orc (test/fixtures/toolkit/notes-program.mjs), with
// the SDK's own client, in-memory. test/e2e/toolkit-stdio.test.ts serves the same program over real stdio.
type Envelope = {
  ok: boolean;
  command: string;
  data?: any;
  error?: { code: string; message: string; hint?: string };
  meta: { version: string };
};

// jest's console formats and buffers what it prints; a program run by node writes through the streams, as this one
// does.
const jestConsole = globalThis.console;
beforeAll(() => (globalThis.console = new console.Console(process.stdout, process.stderr)));
afterAll(() => (globalThis.console = jestConsole));

let client: Client;
beforeEach(async () => {
  const program = (notesProgram as (meta: typeof mcpMeta) => Command)(mcpMeta);
  const { server } = createMcpServer({ program, name: 'notes', version: '1.2.3' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  client = new Client({ name: 'toolkit-test', version: '0.0.0' });
  await server.connect(serverSide);
  await client.connect(clientSide);
});
afterEach(() => client.close());

const call = async (name: string, args: Record<string, unknown> = {}) => {
  const result = await client.request(
    { method: 'tools/call', params: { name, arguments: args } },
    CallToolResultSchema,
  );
  return result.structuredContent as Envelope;
};
const tools = async () => (await client.request({ method: 'tools/list' }, ListToolsResultSchema)).tools;

test('every command with an action is a tool, typed from commander: arguments, choices, parsers, defaults, flags', async () => {
  const list = await tools();
  expect(list.map((t) => t.name).sort()).toEqual([
    'add',
    'db_migrate',
    'echo',
    'fail',
    'list',
    'refuse',
    'release',
    'rm',
  ]);
  const add = list.find((t) => t.name === 'add')!;
  expect(add.title).toBe('notes add');
  expect(add.description).toBe('Add a note.');
  expect(add.inputSchema).toMatchObject({
    type: 'object',
    properties: {
      words: { type: 'array', items: { type: 'string' }, description: "the note's words" },
      tag: { enum: ['work', 'home'] },
      priority: { type: 'integer', default: 1 },
      pin: { type: 'boolean' },
      color: { type: 'boolean', description: 'false: print without colour' },
      author: { type: 'string' },
    },
    required: ['words'],
  });
  // A parser without a numeric default takes text or a number; a mandatory option is required.
  expect(list.find((t) => t.name === 'list')!.inputSchema.properties!.limit).toMatchObject({
    anyOf: [{ type: 'string' }, { type: 'number' }],
  });
  expect(list.find((t) => t.name === 'release')!.inputSchema.required).toEqual(['to']);
  // The metadata's zod schema replaces the derived type.
  expect(list.find((t) => t.name === 'rm')!.inputSchema.properties!.id).toMatchObject({ type: 'integer', minimum: 1 });
});

test('annotations: from the metadata, and as MCP assumes of an unknown tool when there is none', async () => {
  const byName = Object.fromEntries((await tools()).map((t) => [t.name, t.annotations]));
  expect(byName.list).toEqual({
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  });
  expect(byName.rm).toMatchObject({ readOnlyHint: false, destructiveHint: true });
  expect(byName.db_migrate).toEqual({
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  });
  expect(byName.add).toEqual({
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: true,
  });
});

test('a call runs the action in-process: what it prints is stdout, what it returns is result', async () => {
  const added = await call('add', { words: ['buy', 'milk'], tag: 'home', priority: '3', pin: true, color: false });
  expect(added).toMatchObject({
    ok: true,
    command: 'add',
    meta: { version: '1.2.3' },
    data: { stdout: 'added #1\n', result: { id: 1, text: 'buy milk', tag: 'home', priority: 3, pin: true } },
  });
  await call('add', { words: ['call', 'mum'], priority: 2 });
  const listed = await call('list', { limit: 1 });
  expect(listed.data).toEqual({
    stdout: '#1 buy milk\n',
    result: [expect.objectContaining({ id: 1, text: 'buy milk' })],
  });
  expect((await call('rm', { id: 1 })).data).toEqual({ stdout: 'removed #1\n' });
  expect((await call('list')).data.result).toEqual([expect.objectContaining({ id: 2 })]);
  expect((await call('db_migrate', { dryRun: true })).data.result).toEqual({ dryRun: true });
});

test('hostile strings stay values: words and option values that look like options, --, newlines, escapes', async () => {
  const hostile = [
    '--pin',
    '-t',
    'work',
    '--',
    '--help',
    '--version',
    '-p=9',
    '#{pane_id}',
    '$(touch /tmp/x)',
    'a\nb',
    '\u001b[2J',
  ];
  const added = await call('add', { words: hostile, author: '--tag=work' });
  expect(added.ok).toBe(true);
  expect(added.data.result).toMatchObject({
    text: hostile.join(' '),
    pin: false,
    tag: null,
    priority: 1,
    author: '--tag=work',
  });
  const echoed = await call('echo', { word: '-x' });
  expect(echoed.data).toMatchObject({ stdout: 'echo -x\n', result: { word: '-x' } });
});

test('errors: bad input is usage.invalid, a throw or error() is command.failed with its message, nothing half-done', async () => {
  expect((await call('add', { words: ['x'], tag: 'garden' })).error?.code).toBe('usage.invalid');
  expect((await call('add', { words: ['x'], priority: 'lots' })).error?.code).toBe('usage.invalid');
  // The program's own parser says why.
  expect((await call('list', { limit: 'lots' })).error).toMatchObject({
    code: 'usage.invalid',
    message: expect.stringContaining('not a whole number'),
  });
  expect((await call('add', { words: ['x'], colour: false })).error?.code).toBe('usage.invalid');
  expect((await call('release', {})).error?.code).toBe('usage.invalid');
  expect((await call('rm', { id: 0 })).error?.code).toBe('usage.invalid');
  expect((await call('list')).data.result).toEqual([]);
  expect(await call('fail')).toMatchObject({
    ok: false,
    error: { code: 'command.failed', message: 'disk full', hint: expect.stringContaining('about to fail') },
  });
  expect((await call('refuse')).error).toMatchObject({ code: 'command.failed', message: 'nope, not today' });
  expect((await call('rm', { id: 7 })).error).toMatchObject({ code: 'command.failed', message: 'no note #7' });
  // The program still answers after every failure.
  expect((await call('release', { to: '2.0' })).data.result).toBe('released 2.0');
});

test('runs that overlap keep their own arguments and output, 5 rounds of 12', async () => {
  for (let round = 0; round < 5; round++) {
    const words = Array.from({ length: 12 }, (_, i) => `w${round}-${i}`);
    const results = await Promise.all(words.map((word, i) => call('echo', { word, ms: (i * 7) % 15 })));
    results.forEach((r, i) =>
      expect(r.data).toEqual({
        stdout: `echo ${words[i]}\n`,
        stderr: `said ${words[i]}\n`,
        result: { word: words[i] },
      }),
    );
  }
});

test('the server says what it is, and what its envelope and codes are', async () => {
  expect(client.getServerVersion()).toMatchObject({ name: 'notes', version: '1.2.3' });
  expect(client.getInstructions()).toMatch(/command\.failed/);
  expect(client.getInstructions()).not.toMatch(/tmux/);
});

test('reflectProgram alone: hidden commands are left out with their reason; a stray metadata key is an error', async () => {
  const program = (notesProgram as (meta: typeof mcpMeta) => Command)(mcpMeta);
  const reflected = await reflectProgram(program);
  expect(reflected.notForMcp).toEqual([{ path: 'repl', reason: 'it reads a terminal' }]);
  mcpMeta(
    program.commands.find((c) => c.name() === 'echo')!,
    { input: (z) => z.object({ wrod: z.string() }) },
  );
  await expect(reflectProgram(program)).rejects.toThrow(/wrod/);
});
