import {
  EmptyResultSchema,
  ListResourcesResultSchema,
  ListResourceTemplatesResultSchema,
  ReadResourceResultSchema,
  ResourceListChangedNotificationSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { buildProgram } from '../../cli/build-program.js';
import { reflectProgram } from '../../reflect/reflect-program.js';
import { renderMcpTools } from '../../reflect/render-markdown.js';
import { deliverMessage } from '../../src/agents/deliver-message.js';
import { killAgent } from '../../src/agents/agent-lifecycle.js';
import { spawnAgent } from '../../src/agents/spawn-agent.js';
import { fireHook } from '../helpers/fire-hook.js';
import { eventually, sleep } from '../helpers/fake-agent-support.js';
import { connectInMemory, type InMemoryMcp } from '../helpers/mcp-in-memory.js';
import { fakeAgentArgv, spawnFakeAgent, testServers } from '../helpers/test-servers.js';

// Issue 17: the fleet as MCP resources, read and listed, and pushed to a subscriber from the core's events.
const servers = testServers('orc-live17-res');
const open: InMemoryMcp[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((m) => m.close()));
});

async function connected(manager: Parameters<typeof connectInMemory>[0]) {
  const mcp = await connectInMemory(manager);
  open.push(mcp);
  const updated: { uri: string; at: number }[] = [];
  let listChanged = 0;
  mcp.client.setNotificationHandler(
    ResourceUpdatedNotificationSchema,
    (n) => void updated.push({ uri: n.params.uri, at: Date.now() }),
  );
  mcp.client.setNotificationHandler(ResourceListChangedNotificationSchema, () => void listChanged++);
  const read = async (uri: string) =>
    (await mcp.client.request({ method: 'resources/read', params: { uri } }, ReadResourceResultSchema)).contents[0]!;
  const subscribe = (uri: string) =>
    mcp.client.request({ method: 'resources/subscribe', params: { uri } }, EmptyResultSchema);
  return { mcp, updated, listChanged: () => listChanged, read, subscribe };
}

const STATUS = 'tmux-orc://agent/proj%3Adev/status';
const SCREEN = 'tmux-orc://agent/proj%3Adev/screen';

describe('the fleet as resources', () => {
  test("listed (the fleet, and each agent's status and screen), with the two templates, and read", async () => {
    const { manager, agent } = await spawnFakeAgent(servers, 'claude');
    const { mcp, read } = await connected(manager);
    expect(mcp.client.getServerCapabilities()?.resources).toEqual({ subscribe: true, listChanged: true });
    const { resources } = await mcp.client.request({ method: 'resources/list' }, ListResourcesResultSchema);
    expect(resources.map((r) => r.uri)).toEqual(['tmux-orc://fleet', STATUS, SCREEN]);
    const { resourceTemplates } = await mcp.client.request(
      { method: 'resources/templates/list' },
      ListResourceTemplatesResultSchema,
    );
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual([
      'tmux-orc://agent/{target}/status',
      'tmux-orc://agent/{target}/screen',
    ]);

    const fleet = JSON.parse(((await read('tmux-orc://fleet')) as { text: string }).text);
    expect(fleet).toMatchObject({ agents: [{ target: 'proj:dev', state: 'idle', kind: 'claude' }] });
    // The same as the tool: agent_status's data.
    const tool = (await mcp.call('agent_status', { target: 'proj:dev' })).structuredContent as {
      data: { agents: unknown[] };
    };
    const status = await read(STATUS);
    expect(status.mimeType).toBe('application/json');
    expect(JSON.parse((status as { text: string }).text)).toMatchObject({
      ...(tool.data.agents[0] as object),
      idleSeconds: expect.any(Number),
    });
    // An unencoded colon is one path segment too; the window's index resolves as the CLI resolves it.
    expect(JSON.parse(((await read('tmux-orc://agent/proj:dev/status')) as { text: string }).text)).toMatchObject({
      target: 'proj:dev',
    });
    expect(
      JSON.parse(((await read(`tmux-orc://agent/proj%3A${agent.windowIndex}/status`)) as { text: string }).text),
    ).toMatchObject({ target: 'proj:dev' });
    const screen = await read(SCREEN);
    expect(screen).toMatchObject({ mimeType: 'text/plain', text: expect.stringContaining('? for shortcuts') });
  });

  test("a subscription to a status gets an update within 1 s of the agent's state change, and none while it holds", async () => {
    const { manager, tmux, agent } = await spawnFakeAgent(servers, 'claude');
    fireHook(tmux, agent.paneId, 'stop');
    const { updated, subscribe, read } = await connected(manager);
    await subscribe(STATUS);
    await sleep(1500);
    expect(updated).toEqual([]);
    const latencies: number[] = [];
    for (const [event, state] of [
      ['prompt', 'busy'],
      ['stop', 'idle'],
      ['permission', 'waiting'],
      ['stop', 'idle'],
    ] as const) {
      const before = updated.length;
      const at = Date.now();
      fireHook(tmux, agent.paneId, event, event === 'permission' ? 'Bash' : '');
      await eventually(`an update after ${event}`, () => updated.length > before, 1000);
      latencies.push(updated[before]!.at - at);
      expect(updated[before]!.uri).toBe(STATUS);
      expect(JSON.parse(((await read(STATUS)) as { text: string }).text)).toMatchObject({ state });
    }
    expect(Math.max(...latencies)).toBeLessThan(1000);
  });

  test('a subscription to a screen is updated when the screen changes; the fleet when any state does', async () => {
    const { manager, agent } = await spawnFakeAgent(servers, 'claude', { flags: ['--busy-ms', '300'] });
    const { updated, subscribe } = await connected(manager);
    await subscribe(SCREEN);
    await subscribe('tmux-orc://fleet');
    await sleep(1200);
    updated.length = 0;
    await deliverMessage(manager, agent, 'a message to draw');
    await eventually('the screen update', () => updated.some((u) => u.uri === SCREEN), 3000);
    await eventually('the fleet update', () => updated.some((u) => u.uri === 'tmux-orc://fleet'), 3000);
  });

  test('agents coming and going send list_changed, and update a subscription to an agent not there yet', async () => {
    const { manager } = await spawnFakeAgent(servers, 'claude');
    const { mcp, updated, listChanged, subscribe, read } = await connected(manager);
    await mcp.client.request({ method: 'resources/list' }, ListResourcesResultSchema);
    const later = 'tmux-orc://agent/proj%3Alater/status';
    await subscribe(later);
    await expect(read(later)).rejects.toMatchObject({ code: -32002, data: { code: 'agent.notFound' } });
    await spawnAgent(manager, {
      session: 'proj',
      name: 'later',
      role: 'qa',
      kind: 'claude',
      command: fakeAgentArgv('claude', '/dev/null'),
    });
    await eventually('list_changed', () => listChanged() > 0, 3000);
    await eventually("the new agent's update", () => updated.some((u) => u.uri === later), 3000);
    expect(JSON.parse(((await read(later)) as { text: string }).text)).toMatchObject({ target: 'proj:later' });
    const count = listChanged();
    await killAgent(manager, 'proj:later');
    await eventually('list_changed again', () => listChanged() > count, 3000);
  });

  test('docs/mcp-tools.md shows the resources and templates the server lists', async () => {
    const { manager } = await spawnFakeAgent(servers, 'claude');
    const { mcp } = await connected(manager);
    const { resources } = await mcp.client.request({ method: 'resources/list' }, ListResourcesResultSchema);
    const { resourceTemplates } = await mcp.client.request(
      { method: 'resources/templates/list' },
      ListResourceTemplatesResultSchema,
    );
    const docs = renderMcpTools(await reflectProgram(buildProgram().program));
    const section = docs.slice(docs.indexOf('## Resources'));
    expect(section.length).toBeLessThan(docs.length);
    const fleet = resources.find((r) => r.uri === 'tmux-orc://fleet')!;
    expect(section).toContain(`| \`${fleet.uri}\` | ${fleet.title} | \`${fleet.mimeType}\` | ${fleet.description} |`);
    for (const t of resourceTemplates) {
      expect(section).toContain(
        `| \`${t.uriTemplate}\` (template) | ${t.title} | \`${t.mimeType}\` | ${t.description} |`,
      );
    }
  });

  test("a hostile URI is a protocol error with the CLI's code; a target resolves by exact name, never expanded", async () => {
    const { manager } = await spawnFakeAgent(servers, 'claude');
    // A session whose name is a tmux format: its agent is found by that exact name, and only by it.
    const hostile = '#{session_name}';
    await spawnAgent(manager, {
      session: hostile,
      name: 'odd',
      role: 'qa',
      kind: 'claude',
      command: fakeAgentArgv('claude', '/dev/null'),
    });
    const { read, subscribe } = await connected(manager);
    const found = JSON.parse(
      ((await read(`tmux-orc://agent/${encodeURIComponent(`${hostile}:odd`)}/status`)) as { text: string }).text,
    );
    expect(found).toMatchObject({ target: '#{session_name}:odd', name: 'odd' });
    const cases: [string, number, string][] = [
      ['tmux-orc://agent/..%2Fproj%3Adev/status', -32602, 'resource.invalid'],
      ['tmux-orc://agent/#{pane_id}/status', -32602, 'resource.invalid'],
      ['tmux-orc://agent/%FF/status', -32602, 'resource.invalid'],
      ['tmux-orc://agent/proj%3Adev/status?x', -32602, 'resource.invalid'],
      ['tmux-orc://agent/proj%3Ad/status', -32002, 'agent.notFound'],
      ['tmux-orc://agent/pro%3Adev/status', -32002, 'tmux.sessionNotFound'],
      [`tmux-orc://agent/${encodeURIComponent('#{session_name}:dev')}/status`, -32002, 'agent.notFound'],
      [`tmux-orc://agent/${encodeURIComponent('#{session_id}:odd')}/status`, -32002, 'tmux.sessionNotFound'],
      [`tmux-orc://agent/${encodeURIComponent('proj:#{window_name}')}/screen`, -32002, 'agent.notFound'],
    ];
    for (const [uri, code, orc] of cases) {
      await expect(read(uri)).rejects.toMatchObject({ code, data: { code: orc } });
    }
    await expect(subscribe('tmux-orc://agent/a%zz/status')).rejects.toMatchObject({
      code: -32602,
      data: { code: 'resource.invalid' },
    });
  });
});
