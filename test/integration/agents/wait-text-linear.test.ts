import { spawnAgent } from '../../../src/agents/spawn-agent.js';
import { parseWaitCondition, waitForState } from '../../../src/agents/wait-for-state.js';
import { connectInMemory } from '../../helpers/mcp-in-memory.js';
import { codeOf, eventually } from '../../helpers/fake-agent-support.js';
import { testServers } from '../../helpers/test-servers.js';

const servers = testServers('orc-readx-wait');

// `^(a+)+b$` backtracks exponentially on a line of a's with a backtracking engine: JS RegExp takes ~1 s per line of
// 28 compiled, several interpreted (its first run).
const EVIL = 'text:^(a+)+b$';

/** A pane of a custom program that prints a few lines of a's and stays. */
async function paneOfAs() {
  const tmux = servers.server();
  const manager = tmux.manager();
  const program = 'for (let i = 0; i < 3; i++) console.log("a".repeat(28)); setInterval(() => {}, 60000);';
  const { agent } = await spawnAgent(manager, {
    session: 'proj',
    name: 'as',
    role: 'helper',
    kind: 'custom',
    command: [process.execPath, '-e', program],
  });
  await eventually(
    'the a lines',
    () =>
      tmux
        .tmux('capture-pane', '-p', '-t', agent.paneId)
        .split('\n')
        .filter((l) => l.startsWith('aaaa')).length === 3,
  );
  return { manager, agent };
}

/** Runs fn while a 10 ms timer measures the longest the event loop went without running it. */
async function worstLag<T>(fn: () => Promise<T>): Promise<{ value: T; lagMs: number }> {
  let last = performance.now();
  let lagMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    lagMs = Math.max(lagMs, now - last);
    last = now;
  }, 10);
  try {
    const value = await fn();
    lagMs = Math.max(lagMs, performance.now() - last);
    return { value, lagMs };
  } finally {
    clearInterval(timer);
  }
}

test('a text: wait with a backtracking-prone regex does not block the event loop', async () => {
  const { manager, agent } = await paneOfAs();
  const condition = await parseWaitCondition(EVIL);
  const { value, lagMs } = await worstLag(() => codeOf(waitForState(manager, agent, condition, { timeoutMs: 1000 })));
  expect(value).toBe('agent.waitTimeout');
  expect(lagMs).toBeLessThan(500);
});

test('over MCP --read-only, another call is answered while agent_wait runs such a regex', async () => {
  const { manager, agent } = await paneOfAs();
  const mcp = await connectInMemory(manager, { readOnly: true });
  try {
    const waiting = mcp.call('agent_wait', { target: agent.target, until: EVIL, timeout: 1.5 });
    // Asked for 200 ms later, when the wait is polling: answered soon after, not when the wait is over.
    const asked = performance.now();
    const listed = await new Promise((resolve) => setTimeout(resolve, 200)).then(() => mcp.call('list'));
    const answeredMs = performance.now() - asked;
    expect(listed.structuredContent).toMatchObject({ ok: true });
    expect((await waiting).structuredContent).toMatchObject({ ok: false, error: { code: 'agent.waitTimeout' } });
    expect(answeredMs).toBeLessThan(1200);
  } finally {
    await mcp.close();
  }
});

test('a text: wait still matches what it should, with the multiline meaning of ^ and $', async () => {
  const { manager, agent } = await paneOfAs();
  const seen = await waitForState(manager, agent, await parseWaitCondition('text:^a{28}$'), { timeoutMs: 3000 });
  expect(seen.screen).toContain('a'.repeat(28));
});
