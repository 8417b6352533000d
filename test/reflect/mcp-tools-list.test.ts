import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { buildProgram } from '../../cli/build-program.js';
import { TOOL_NAME_PATTERN, toolName } from '../../reflect/tool-names.js';
import { walkProgram } from '../../reflect/walk-program.js';
import { connectInMemory, type InMemoryMcp } from '../helpers/mcp-in-memory.js';
import { killAllPrivateTmux, privateTmux } from '../helpers/private-tmux.js';

// tools/list needs no tmux server, but the manager is private so nothing can reach the default one.
const tmux = privateTmux('orc-mcp-list');
const open: InMemoryMcp[] = [];
const connect = async (...args: Parameters<typeof connectInMemory> extends [unknown, ...infer R] ? R : never) => {
  const mcp = await connectInMemory(tmux.manager(), ...args);
  open.push(mcp);
  return mcp;
};
const listNames = async (mcp: InMemoryMcp) => (await mcp.client.listTools()).tools.map((t) => t.name);

afterAll(async () => {
  await Promise.all(open.map((m) => m.close()));
  await killAllPrivateTmux();
});

/** The tools that type into agents, answer their prompts or brief them (issue 18: annotations that tell the truth). */
const DRIVERS = [
  'agent_spawn',
  'agent_send',
  'agent_approve',
  'agent_deny',
  'agent_restart',
  'team_deploy',
  'team_broadcast',
  'pm_message',
  'pm_checkin',
  'restore',
  'monitor_start',
];

describe('tools/list', () => {
  test('what types into an agent or stops something is destructive', async () => {
    const mcp = await connect();
    const { tools } = await mcp.client.listTools();
    const hints = Object.fromEntries(tools.map((t) => [t.name, t.annotations]));
    for (const name of [
      'agent_approve',
      'agent_deny',
      'agent_send',
      'team_broadcast',
      'pm_message',
      'agent_restart',
      'monitor_stop',
      'agent_kill',
      'session_kill',
    ]) {
      expect({ name, destructive: hints[name]?.destructiveHint }).toEqual({ name, destructive: true });
    }
    for (const name of ['agent_status', 'agent_read', 'agent_wait', 'list', 'session_new', 'window_new']) {
      expect({ name, destructive: hints[name]?.destructiveHint, openWorld: hints[name]?.openWorldHint }).toEqual({
        name,
        destructive: false,
        openWorld: false,
      });
    }
  });

  test('every leaf command but the ones not for MCP, with valid names and schemas', async () => {
    const mcp = await connect();
    const { tools } = await mcp.client.listTools();
    const leaves = walkProgram(buildProgram().program);
    expect(tools.map((t) => t.name).sort()).toEqual(
      leaves
        .filter((c) => !c.notForMcp)
        .map((c) => toolName(c.path))
        .sort(),
    );
    for (const tool of tools) {
      expect(tool.name).toMatch(TOOL_NAME_PATTERN);
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
      // Open-world exactly when the tool drives agents (their actions reach beyond tmux), and then destructive too.
      expect(tool.annotations?.openWorldHint).toBe(DRIVERS.includes(tool.name));
      if (tool.annotations?.openWorldHint) expect(tool.annotations.destructiveHint).toBe(true);
      // Anthropic's API refuses a tool whose input schema has a combinator at the top level.
      for (const key of ['oneOf', 'anyOf', 'allOf']) {
        expect(tool.inputSchema).not.toHaveProperty(key);
        expect(tool.outputSchema).not.toHaveProperty(key);
      }
      expect(tool.title).toBe(`tmux-orc ${tool.name.replace('_', ' ')}`);
    }
    expect(tools.map((t) => t.name)).not.toContain('mcp');
  });

  test('--tools and --exclude globs', async () => {
    expect(await listNames(await connect({ tools: ['session_*', 'list'] }))).toEqual([
      'list',
      'session_list',
      'session_new',
      'session_kill',
    ]);
    expect(await listNames(await connect({ tools: ['session_*'], exclude: ['*_kill'] }))).toEqual([
      'session_list',
      'session_new',
    ]);
  });

  test('--read-only serves only read tools, and the others cannot be called', async () => {
    const mcp = await connect({ readOnly: true });
    const { tools } = await mcp.client.listTools();
    for (const t of tools) expect(t.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(tools.map((t) => t.name)).not.toContain('session_kill');
    await expect(mcp.call('session_kill', { name: 'x' })).rejects.toBeInstanceOf(McpError);
  });

  test('grouped shape: one tool per group, top-level commands flat', async () => {
    const names = await listNames(await connect({ shape: 'grouped' }));
    expect(names).toEqual(expect.arrayContaining(['list', 'status', 'session', 'window']));
    expect(names.filter((n) => n.includes('_'))).toEqual([]);
  });
});
