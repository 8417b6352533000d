import { buildProgram } from '../../cli/build-program.js';
import { reflectProgram } from '../../reflect/reflect-program.js';
import { walkProgram } from '../../reflect/walk-program.js';
import { toolName } from '../../reflect/tool-names.js';

const { program } = buildProgram();
const leaves = walkProgram(program);
const names = async (options: Parameters<typeof reflectProgram>[1]) =>
  (await reflectProgram(program, options)).tools.map((t) => t.name);

describe('reflectProgram', () => {
  test('flat: one tool per leaf, except the commands not for MCP, which are listed with their reason', async () => {
    const reflected = await reflectProgram(program);
    const expected = leaves.filter((c) => !c.notForMcp).map((c) => toolName(c.path));
    expect(reflected.tools.map((t) => t.name)).toEqual(expected);
    expect(reflected.notForMcp).toEqual(
      expect.arrayContaining([{ path: 'mcp', reason: 'it is the MCP server itself' }]),
    );
    expect(reflected.tools.map((t) => t.name)).not.toContain('mcp');
  });

  test('read-only keeps only reads', async () => {
    const reflected = await reflectProgram(program, { readOnly: true });
    expect(reflected.tools.length).toBeGreaterThan(0);
    for (const t of reflected.tools) expect(t.annotations.readOnlyHint).toBe(true);
    expect(reflected.tools.map((t) => t.name)).toContain('session_list');
    expect(reflected.tools.map((t) => t.name)).not.toContain('session_new');
  });

  test('--tools and --exclude globs match tool names or group names', async () => {
    expect(await names({ tools: ['session_*'] })).toEqual(['session_list', 'session_new', 'session_kill']);
    expect(await names({ tools: ['session', 'list'] })).toEqual([
      'list',
      'session_list',
      'session_new',
      'session_kill',
    ]);
    expect(await names({ tools: ['session_*'], exclude: ['*_kill'] })).toEqual(['session_list', 'session_new']);
    expect(await names({ exclude: ['*'] })).toEqual([]);
    expect(await names({ tools: ['s?ssion_li?t'] })).toEqual(['session_list']);
  });

  test('grouped: one tool per group with an action; top-level commands stay flat', async () => {
    const reflected = await reflectProgram(program, { shape: 'grouped' });
    const tools = reflected.tools.map((t) => t.name);
    expect(tools).toEqual(expect.arrayContaining(['list', 'status', 'session', 'window']));
    expect(tools).not.toContain('session_list');
    const session = reflected.tools.find((t) => t.name === 'session')!;
    expect(session.inputSchema).toMatchObject({
      type: 'object',
      required: ['action'],
      properties: { action: { enum: ['list', 'new', 'kill'] } },
    });
    for (const tool of reflected.tools)
      for (const key of ['oneOf', 'anyOf', 'allOf']) expect(tool.inputSchema).not.toHaveProperty(key);
    expect(session.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(session.description).toContain('- kill(name): ');
    expect(session.description).toContain('- list: ');
    const readOnly = await reflectProgram(program, { shape: 'grouped', readOnly: true });
    expect(readOnly.tools.find((t) => t.name === 'session')!.inputSchema).toMatchObject({
      properties: { action: { enum: ['list'] } },
    });
  });
});
