import { agentStatuses } from '../../../src/agents/agent-status.js';
import { deliverMessage } from '../../../src/agents/deliver-message.js';
import { waitForState } from '../../../src/agents/wait-for-state.js';
import { fireHook } from '../../helpers/fire-hook.js';
import { sleep } from '../../helpers/fake-agent-support.js';
import { spawnFakeAgent, testServers } from '../../helpers/test-servers.js';

const servers = testServers('orc-hookst');

describe("state from the agents' hooks", () => {
  test('status says where its state comes from: the screen without hooks, the hook once one reported', async () => {
    const { manager, agent, tmux } = await spawnFakeAgent(servers, 'claude');
    expect((await agentStatuses(manager, [agent]))[0]).toMatchObject({ state: 'idle', source: 'screen' });
    fireHook(tmux, agent.paneId, 'prompt', 'abcd1234abcd1234');
    expect((await agentStatuses(manager, [agent]))[0]).toMatchObject({ state: 'busy', source: 'hook' });
    fireHook(tmux, agent.paneId, 'stop');
    expect((await agentStatuses(manager, [agent]))[0]).toMatchObject({ state: 'idle', source: 'hook' });
    fireHook(tmux, agent.paneId, 'error', 'API Error: 429 {"type":"rate_limit_error"} #{pid}');
    expect((await agentStatuses(manager, [agent]))[0]).toMatchObject({ state: 'rate_limited', source: 'hook' });
  });

  test('a wait wakes when a hook reports, and a state a hook reported holds at once', async () => {
    const { manager, agent, tmux } = await spawnFakeAgent(servers, 'claude', { flags: ['--busy-ms', '8000'] });
    await deliverMessage(manager, agent, 'a long task');
    fireHook(tmux, agent.paneId, 'prompt');
    const waiting = waitForState(manager, agent, { state: 'idle' }, { timeoutMs: 6000 });
    await sleep(300);
    fireHook(tmux, agent.paneId, 'stop');
    const state = await waiting;
    // The hook said idle while the screen still shows the turn (the fake works for 8 s): the hook won.
    expect(state).toMatchObject({ state: 'idle', source: 'hook' });
    expect(state.screen).toContain('esc to interrupt');
  });

  test('a wait for an agent with hooks is cancelled at once by its signal', async () => {
    const { manager, agent, tmux } = await spawnFakeAgent(servers, 'claude', { flags: ['--busy-ms', '8000'] });
    await deliverMessage(manager, agent, 'a long task');
    fireHook(tmux, agent.paneId, 'prompt');
    const controller = new AbortController();
    const waiting = waitForState(
      manager,
      agent,
      { state: 'idle' },
      { timeoutMs: 6000, signal: controller.signal },
    ).catch((e: Error) => e);
    await sleep(200);
    controller.abort();
    await expect(waiting).resolves.toMatchObject({ code: 'agent.waitTimeout' });
  });
});
