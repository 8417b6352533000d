import { join } from 'node:path';
import { restartAgent } from '../../../src/agents/agent-lifecycle.js';
import { deliverMessage } from '../../../src/agents/deliver-message.js';
import { paneQuery } from '../../../src/agents/agent-status.js';
import { readPaneStates } from '../../../src/agents/read-pane-state.js';
import { waitForState } from '../../../src/agents/wait-for-state.js';
import { eventually } from '../../helpers/fake-agent-support.js';
import { readHookOptions } from '../../helpers/hook-options.js';
import { spawnFakeAgent, testServers } from '../../helpers/test-servers.js';

const SCRIPT = join(process.cwd(), 'src', 'agents', 'hooks', 'tmux-orc-hook.sh');
const servers = testServers('orc-hook-state-restart');

// The hook options are the pane's, and respawn-pane keeps the pane: what the old program reported (its last
// `stop`) must not speak for the new one, which has reported nothing yet.
test.each([1, 2, 3, 4, 5])("after a restart, the old program's events are gone (run %i)", async () => {
  const { tmux, manager, agent } = await spawnFakeAgent(servers, 'claude', { flags: ['--hooks', SCRIPT] });
  await deliverMessage(manager, agent, 'one turn');
  await waitForState(manager, agent, { state: 'idle' }, { timeoutMs: 5000 });
  await eventually('the stop event', () => readHookOptions(tmux, agent.paneId).last?.endsWith(' stop') === true);
  const before = readHookOptions(tmux, agent.paneId).seq!;

  await restartAgent(manager, agent.target, { wait: false });
  const options = readHookOptions(tmux, agent.paneId);
  // Only what the new program reported (its session start) may be there, numbered after the old ones.
  for (const record of Object.values(options.events)) expect(record!.seq).toBeGreaterThan(before);
  if (options.last) expect(Number(options.last.split(' ')[0])).toBeGreaterThan(before);
  const [state] = await readPaneStates(manager, [paneQuery(agent)]);
  expect(state!.reason).not.toBe('hook: stop');
  await tmux.kill();
});
