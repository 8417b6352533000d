import { join } from 'node:path';
import { answerPrompt } from '../../../src/agents/answer-prompt.js';
import { deliverMessage } from '../../../src/agents/deliver-message.js';
import { promptDigest } from '../../../src/agents/hooks/hook-event.js';
import { waitForState } from '../../../src/agents/wait-for-state.js';
import { eventually } from '../../helpers/fake-agent-support.js';
import { hookOrder, readHookOptions } from '../../helpers/hook-options.js';
import { spawnFakeAgent, testServers } from '../../helpers/test-servers.js';

const SCRIPT = join(process.cwd(), 'src', 'agents', 'hooks', 'tmux-orc-hook.sh');
const servers = testServers('orc-hooks14-fake');

// The fake agent with --hooks runs the hook script where the real CLIs run theirs, so tests of the core can see
// hook events without a real CLI.
describe.each(['claude', 'codex', 'gemini'] as const)('the fake %s with --hooks', (kind) => {
  it('reports session, prompt, tool, permission, stop, error and end, in order', async () => {
    const { tmux, manager, agent } = await spawnFakeAgent(servers, kind, { flags: ['--hooks', SCRIPT] });
    const read = () => readHookOptions(tmux, agent.paneId);
    await eventually('the session event', () => read().events.session !== undefined);
    expect(read().events.session?.detail).toMatch(/^[0-9a-f-]{36}$/);

    const text = `run the PERMISSION task #{pid} ; now`;
    await deliverMessage(manager, agent, text);
    await waitForState(manager, agent, { state: 'waiting' }, { timeoutMs: 5000 });
    expect(hookOrder(read(), 1)).toEqual(['prompt', 'tool', 'permission']);
    expect(read().events.prompt?.detail).toBe(promptDigest(text));
    expect(read().events.permission?.detail).toBe(kind === 'gemini' ? 'run_shell_command' : 'Bash');

    await answerPrompt(manager, agent.target, 'approve');
    await waitForState(manager, agent, { state: 'idle' }, { timeoutMs: 5000 });
    expect(read()).toMatchObject({ seq: 5, last: '5 stop' });

    await deliverMessage(manager, agent, 'this one hits the LIMIT');
    await eventually('the error event', () => read().events.error !== undefined);
    expect(hookOrder(read(), 5)).toEqual(['prompt', 'error']);
    expect(read().events.error?.detail).toMatch(/^rate_limit: /);
  });

  it('reports end when it quits', async () => {
    const { tmux, manager, agent } = await spawnFakeAgent(servers, kind, { flags: ['--hooks', SCRIPT] });
    await deliverMessage(manager, agent, 'QUIT now');
    await eventually('the end event', () => readHookOptions(tmux, agent.paneId).last?.endsWith(' end') === true);
  });
});
