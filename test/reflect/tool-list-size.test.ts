import { ListToolsResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { ERROR_CODES } from '../../src/errors.js';
import { INSTRUCTIONS } from '../../reflect/instructions.js';
import type { ReflectOptions, ToolDefinition } from '../../reflect/reflect-program.js';
import { TOOL_LIST_LIMITS, toolListSize } from '../../reflect/tool-list-size.js';
import { connectInMemory, type InMemoryMcp } from '../helpers/mcp-in-memory.js';
import { killAllPrivateTmux, privateTmux } from '../helpers/private-tmux.js';

// Issue 17: a model pays for every tool's description and input schema in its context, and every client parses
// and compiles the whole list. These limits fail the build when a change makes the lists grow past them.
const tmux = privateTmux('orc-mcp17-size');
const open: InMemoryMcp[] = [];

/** tools/list as the server answers it over the protocol (the SDK's schema check, no client-side compile). */
async function listed(options: ReflectOptions): Promise<ToolDefinition[]> {
  const mcp = await connectInMemory(tmux.manager(), options);
  open.push(mcp);
  const { tools } = await mcp.client.request({ method: 'tools/list' }, ListToolsResultSchema);
  return tools as unknown as ToolDefinition[];
}

afterAll(async () => {
  await Promise.all(open.map((m) => m.close()));
  await killAllPrivateTmux();
});

describe('the tool lists stay lean', () => {
  test('flat: what a model sees at most 10 KB, the whole list at most 30 KB', async () => {
    const size = toolListSize(await listed({}));
    expect(size.tools).toBeGreaterThan(25);
    expect(size.modelBytes).toBeLessThanOrEqual(TOOL_LIST_LIMITS.flatModelBytes);
    expect(size.bytes).toBeLessThanOrEqual(TOOL_LIST_LIMITS.flatBytes);
  });

  test('grouped at most 12 KB, read-only at most 15 KB', async () => {
    expect(toolListSize(await listed({ shape: 'grouped' })).bytes).toBeLessThanOrEqual(TOOL_LIST_LIMITS.groupedBytes);
    expect(toolListSize(await listed({ readOnly: true })).bytes).toBeLessThanOrEqual(TOOL_LIST_LIMITS.readOnlyBytes);
  });

  test.each([
    ['flat', {}],
    ['grouped', { shape: 'grouped' }],
    ['read-only', { readOnly: true }],
  ] as const)(
    '%s: every tool keeps a description, an input schema, annotations and an output schema',
    async (_shape, options) => {
      for (const tool of await listed(options)) {
        expect(tool.description.length).toBeGreaterThan(10);
        expect(tool.inputSchema.type).toBe('object');
        expect(tool.outputSchema.type).toBe('object');
        const envelope = Object.keys(tool.outputSchema.properties as object);
        expect(envelope).toEqual(expect.arrayContaining(['ok', 'data', 'error']));
        const hints = ['destructiveHint', 'idempotentHint', 'openWorldHint', 'readOnlyHint'];
        expect(Object.keys(tool.annotations).sort()).toEqual(hints);
      }
    },
  );

  test('the error codes are listed once, in the instructions, and in no tool', async () => {
    const tools = await listed({});
    const codes = Object.keys(ERROR_CODES);
    const inTools = JSON.stringify(tools);
    // A code a description names on purpose is fine; the enum of all of them in a schema is what must not come back.
    expect(codes.filter((code) => inTools.includes(`"${code}"`))).toEqual([]);
    for (const code of codes) {
      const [namespace, name] = code.split('.');
      expect(INSTRUCTIONS).toMatch(new RegExp(`${namespace}\\.(\\w+\\|)*${name}\\b`));
    }
  });

  test('agent_send says nothing of "-" (stdin) or @file, which are literal text over MCP', async () => {
    const send = (await listed({})).find((t) => t.name === 'agent_send')!;
    const text = JSON.stringify([send.description, send.inputSchema]);
    expect(text).not.toMatch(/@file|stdin|"-"/);
  });
});
