import {
  EmptyResultSchema,
  ReadResourceResultSchema,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { killAgent } from '../../src/agents/agent-lifecycle.js';
import { LiveFleet } from '../../src/agents/live-fleet.js';
import { spawnAgent } from '../../src/agents/spawn-agent.js';
import { eventually } from '../helpers/fake-agent-support.js';
import { fireHook } from '../helpers/fire-hook.js';
import { connectInMemory } from '../helpers/mcp-in-memory.js';
import { fakeAgentArgv, testServers } from '../helpers/test-servers.js';

// Subscriptions while agents come and go, many times over: every read answers (the agent, or agent.notFound), nothing
// is left followed once nothing is subscribed, and a subscription made after the churn still hears its agent.
const servers = testServers('orc-l17-race');

test('subscribing, reading and unsubscribing while agents are spawned and killed, 8 rounds', async () => {
  const tmux = servers.server();
  const manager = tmux.manager();
  const fleet = new LiveFleet(manager);
  const clients = await Promise.all([0, 1].map(() => connectInMemory(manager, {}, undefined, { fleet })));
  const errors: unknown[] = [];
  try {
    const uri = (name: string, kind = 'status') => `tmux-orc://agent/race%3A${name}/${kind}`;
    for (let round = 0; round < 8; round++) {
      const names = ['a', 'b', 'c'].map((n) => `${n}${round}`);
      const spawning = names.map((name) =>
        spawnAgent(manager, {
          session: 'race',
          name,
          role: 'qa',
          kind: 'claude',
          command: fakeAgentArgv('claude', '/dev/null'),
          wait: false,
        }),
      );
      const churn = clients.flatMap((mcp, i) =>
        names.map(async (name) => {
          await mcp.client.request(
            { method: 'resources/subscribe', params: { uri: uri(name, i ? 'screen' : 'status') } },
            EmptyResultSchema,
          );
          await mcp.client
            .request({ method: 'resources/read', params: { uri: uri(name) } }, ReadResourceResultSchema)
            .catch((e: { data?: { code?: string } }) =>
              expect(e.data?.code).toMatch(/^(agent\.notFound|tmux\.sessionNotFound)$/),
            );
          await mcp.client.request(
            { method: 'resources/subscribe', params: { uri: 'tmux-orc://fleet' } },
            EmptyResultSchema,
          );
        }),
      );
      await Promise.all([...spawning, ...churn]).catch((e: unknown) => errors.push(e));
      const killing = names.slice(0, 2).map((name) => killAgent(manager, `race:${name}`));
      const unsubscribing = clients.flatMap((mcp, i) =>
        [...names, 'tmux-orc://fleet'].map((name) => {
          const u = name.startsWith('tmux-orc:') ? name : uri(name, i ? 'screen' : 'status');
          return mcp.client.request({ method: 'resources/unsubscribe', params: { uri: u } }, EmptyResultSchema);
        }),
      );
      await Promise.all([...killing, ...unsubscribing]).catch((e: unknown) => errors.push(e));
    }
    expect(errors).toEqual([]);
    await eventually('nothing followed', () => fleet.followed() === 0, 3000);

    // After the churn: a new subscription to a survivor still hears it.
    const [mcp] = clients;
    const updated: string[] = [];
    mcp!.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
    await mcp!.client.request({ method: 'resources/subscribe', params: { uri: uri('c7') } }, EmptyResultSchema);
    const pane = tmux.tmux('display', '-p', '-t', 'race:c7', '#{pane_id}').trim();
    fireHook(tmux, pane, 'prompt');
    await eventually("the survivor's update", () => updated.includes(uri('c7')), 2000);
    expect(fleet.followed()).toBe(1);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    fleet.close();
  }
}, 60_000);

test('a change right after subscribe answers is heard (the subscription holds from then on), 8 times', async () => {
  const tmux = servers.server();
  const manager = tmux.manager();
  const command = fakeAgentArgv('claude', '/dev/null');
  const { agent } = await spawnAgent(manager, { session: 'race', name: 'x', role: 'qa', kind: 'claude', command });
  const fleet = new LiveFleet(manager);
  const mcp = await connectInMemory(manager, {}, undefined, { fleet });
  const updated: string[] = [];
  mcp.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => void updated.push(n.params.uri));
  const uri = 'tmux-orc://agent/race%3Ax/status';
  const state = async () => {
    const params = { uri };
    const { contents } = await mcp.client.request({ method: 'resources/read', params }, ReadResourceResultSchema);
    return (JSON.parse((contents[0] as { text: string }).text) as { state: string }).state;
  };
  try {
    for (let round = 0; round < 8; round++) {
      const [event, next] = round % 2 ? ['stop', 'idle'] : ['prompt', 'busy'];
      await eventually('the agent as it was', async () => (await state()) !== next, 2000);
      const before = updated.length;
      await mcp.client.request({ method: 'resources/subscribe', params: { uri } }, EmptyResultSchema);
      // The change lands before the server runs again (fireHook blocks the event loop): after the answer, so heard.
      fireHook(tmux, agent.paneId, event);
      await eventually(`round ${round}: the update`, () => updated.length > before, 1500);
      expect(await state()).toBe(next);
      await mcp.client.request({ method: 'resources/unsubscribe', params: { uri } }, EmptyResultSchema);
      await eventually('followed no more', () => fleet.followed() === 0, 1000);
    }
  } finally {
    await mcp.close();
    fleet.close();
  }
}, 60_000);
