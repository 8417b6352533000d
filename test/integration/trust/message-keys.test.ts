import { findAgent } from '../../../src/agents/find-agent.js';
import { waitForState } from '../../../src/agents/wait-for-state.js';
import { eventually, loggedAnswers, loggedMessages } from '../../helpers/fake-agent-support.js';
import { connectInMemory } from '../../helpers/mcp-in-memory.js';
import { spawnFakeAgent, testServers } from '../../helpers/test-servers.js';

const servers = testServers('orc-keys');

// The paste-end marker and control keys of a message, sent as a model would (agent_send) over both transports: one
// submission of the whole text, shown, never a key (send.test.ts has the same in the core, on the control connection).
describe.each(['control', 'spawn'] as const)('agent_send over MCP, %s transport', (transport) => {
  test.each(['claude', 'codex', 'gemini'] as const)(
    '%s: a message that would end its paste or press Ctrl-C is one submission of the whole text',
    async (kind) => {
      const { tmux, log } = await spawnFakeAgent(servers, kind);
      const manager = tmux.manager({ transport });
      const mcp = await connectInMemory(manager);
      try {
        const result = await mcp.call('agent_send', {
          target: 'proj:dev',
          message: 'A\x1b[201~\rB then keep\x1b[201~\x03 and 1 y',
        });
        expect(result.structuredContent).toMatchObject({
          ok: true,
          data: { submitted: true, enters: 1, neutralized: 3 },
        });
        await eventually('the message', () => loggedMessages(log).length > 0);
        await waitForState(manager, await findAgent(manager, 'proj:dev'), { state: 'idle' }, { timeoutMs: 5000 });
        expect(loggedMessages(log)).toEqual(['A\u241b[201~\nB then keep\u241b[201~\u2403 and 1 y']);
        expect(loggedAnswers(log)).toEqual([]);
      } finally {
        await mcp.close();
      }
    },
  );
});
