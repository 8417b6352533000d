import { answerPrompt } from '../../../src/agents/answer-prompt.js';
import { deliverMessage } from '../../../src/agents/deliver-message.js';
import { waitForState } from '../../../src/agents/wait-for-state.js';
import { OrcError } from '../../../src/errors.js';
import { eventually, loggedAnswers, loggedMessages, sleep } from '../../helpers/fake-agent-support.js';
import { spawnFakeAgent, testServers } from '../../helpers/test-servers.js';

const servers = testServers('orc-inbox');

// What the input box holds before a delivery types decides what it does: typed after other text, a message would be
// submitted merged with it; typed after itself (left by an earlier delivery), it would be there twice.
describe('a delivery and what the input box already holds', () => {
  test('text someone else left in the box is not merged with the message: agent.inputPending, the draft kept', async () => {
    const { manager, agent, log, tmux } = await spawnFakeAgent(servers, 'claude');
    tmux.tmux('send-keys', '-t', agent.paneId, '-l', 'a draft by a person');
    await waitForState(manager, agent, { text: /a draft by a person/ }, { timeoutMs: 5000 });
    await expect(deliverMessage(manager, agent, 'the message')).rejects.toMatchObject({ code: 'agent.inputPending' });
    await sleep(200);
    expect(loggedMessages(log)).toEqual([]);
    tmux.tmux('send-keys', '-t', agent.paneId, 'Enter');
    await eventually('the draft', () => loggedMessages(log).length > 0);
    expect(loggedMessages(log)).toEqual(['a draft by a person']);
  });

  test.each(['claude', 'codex', 'gemini'] as const)(
    '%s: a message typed with noEnter and sent again is submitted once, not typed twice',
    async (kind) => {
      const { manager, agent, log } = await spawnFakeAgent(servers, kind);
      await deliverMessage(manager, agent, 'first typed, then sent', { noEnter: true });
      const report = await deliverMessage(manager, agent, 'first typed, then sent');
      expect(report).toMatchObject({ submitted: true, resumed: true, enters: 1 });
      await waitForState(manager, agent, { state: 'idle' }, { timeoutMs: 5000 });
      expect(loggedMessages(log)).toEqual(['first typed, then sent']);
      // The record is gone with the submission: the same text later is a new message, typed again.
      expect((await deliverMessage(manager, agent, 'first typed, then sent')).resumed).toBeUndefined();
      await eventually('the second one', () => loggedMessages(log).length === 2);
    },
  );

  test('a message stopped by a prompt before its Enter goes in once when sent again after the answer', async () => {
    const { manager, agent, log } = await spawnFakeAgent(servers, 'claude', {
      flags: ['--busy-ms', '3000', '--prompt-on-input-ms', '6'],
    });
    await deliverMessage(manager, agent, 'task PERMISSION');
    const error = await deliverMessage(manager, agent, 'the follow-up').then(
      () => undefined,
      (e: unknown) => e,
    );
    // Either it went in before the dialog (the race goes its way), or it waits in the box.
    if (error) {
      expect(error).toBeInstanceOf(OrcError);
      expect((error as OrcError).code).toBe('agent.promptPending');
      await waitForState(manager, agent, { state: 'waiting' }, { timeoutMs: 5000 });
      await answerPrompt(manager, agent.target, 'deny');
      await eventually('the deny', () => loggedAnswers(log).length === 1);
      await waitForState(manager, agent, { state: 'idle' }, { timeoutMs: 10_000 });
      expect(await deliverMessage(manager, agent, 'the follow-up')).toMatchObject({ submitted: true, resumed: true });
    }
    await eventually('the follow-up', () => loggedMessages(log).includes('the follow-up'), 10_000);
    await sleep(300);
    expect(loggedMessages(log).filter((m) => m === 'the follow-up')).toHaveLength(1);
    expect(loggedAnswers(log)).toEqual(error ? ['denied'] : []);
  });
});
