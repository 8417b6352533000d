import { spawnAgent } from '../../../src/agents/spawn-agent.js';
import { connectInMemory } from '../../helpers/mcp-in-memory.js';
import { testServers } from '../../helpers/test-servers.js';

const servers = testServers('orc-readx-cursor');

test('over MCP --read-only, agent_read with a crafted since cursor is usage.invalid', async () => {
  const tmux = servers.server();
  const manager = tmux.manager();
  const program = 'for (let i = 0; i < 40; i++) console.log(`line ${i}`); setInterval(() => {}, 60000);';
  const { agent } = await spawnAgent(manager, {
    session: 'proj',
    name: 'out',
    role: 'helper',
    kind: 'custom',
    command: [process.execPath, '-e', program],
  });
  const mcp = await connectInMemory(manager, { readOnly: true });
  try {
    const first = await mcp.call('agent_read', { target: agent.target });
    const real = JSON.parse(
      Buffer.from((first.structuredContent.data as { cursor: string }).cursor, 'base64url').toString(),
    ) as { n: number; t: string[] };
    // The pane's own hashes, many times over: the shape that made locate() cost the cube of its size.
    const crafted = Buffer.from(
      JSON.stringify({ n: real.n, t: Array.from({ length: 7800 }, (_, i) => real.t[i % real.t.length]) }),
    ).toString('base64url');
    const longer = Buffer.from(JSON.stringify({ n: real.n, t: [real.t[0], ...real.t] })).toString('base64url');
    for (const since of [crafted, longer]) {
      expect((await mcp.call('agent_read', { target: agent.target, since })).structuredContent).toMatchObject({
        ok: false,
        error: { code: 'usage.invalid' },
      });
    }
    expect(
      (
        await mcp.call('agent_read', {
          target: agent.target,
          since: (first.structuredContent.data as { cursor: string }).cursor,
        })
      ).structuredContent,
    ).toMatchObject({ ok: true, data: { lines: 0 } });
  } finally {
    await mcp.close();
  }
});
