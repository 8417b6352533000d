import { answerPrompt } from '../../../src/agents/answer-prompt.js';
import { deliverMessage } from '../../../src/agents/deliver-message.js';
import { pendingInput } from '../../../src/agents/pending-input.js';
import { readPaneStates } from '../../../src/agents/read-pane-state.js';
import { paneQuery } from '../../../src/agents/agent-status.js';
import { waitForState } from '../../../src/agents/wait-for-state.js';
import { OrcError } from '../../../src/errors.js';
import { findAgent } from '../../../src/agents/find-agent.js';
import { eventually, loggedAnswers, loggedMessages, sleep } from '../../helpers/fake-agent-support.js';
import { fakeAgentArgv, spawnFakeAgent, testServers } from '../../helpers/test-servers.js';
import { spawnAgent } from '../../../src/agents/spawn-agent.js';
import { join } from 'node:path';

const servers = testServers('orc-prompt');

// A permission dialog that comes up while a message is being delivered used to get that message's Enter (or a retried
// one): 4 of 36 tries approved it. The fake here brings the dialog up a few ms after the message's first key, the
// worst moment (after the echo, before the Enter). Now the state is read before every Enter, and a prompt stops the
// delivery with nothing pressed into it.
describe('a permission prompt that appears during a delivery', () => {
  test.each([
    ['claude', 6, 'control'],
    ['codex', 4, 'control'],
    ['claude', 6, 'spawn'],
    ['codex', 4, 'spawn'],
  ] as const)(
    '%s: no key of a delivery ever answers it (%s ms, over %s)',
    async (kind, promptMs, transport) => {
      const flags = ['--busy-ms', '3000', '--prompt-on-input-ms', String(promptMs)];
      const { agent: spawned, log, tmux } = await spawnFakeAgent(servers, kind, { flags });
      const manager = tmux.manager({ transport });
      const agent = await findAgent(manager, spawned.target);
      const outcomes: string[] = [];
      for (let attempt = 0; attempt < 8; attempt++) {
        const answered = loggedAnswers(log).length;
        await deliverMessage(manager, agent, `task ${attempt} PERMISSION`);
        outcomes.push(
          await deliverMessage(manager, agent, `follow-up ${attempt}`).then(
            (r) => (r.submitted ? 'submitted' : 'typed'),
            (e: unknown) => (e instanceof OrcError ? e.code : String(e)),
          ),
        );
        const dialog = await waitForState(manager, agent, { state: 'waiting' }, { timeoutMs: 5000 }).catch(
          (e: Error) => e,
        );
        // Only our own answer, below, may answer the dialog (one that a delivery answered is gone, hence the order).
        expect(loggedAnswers(log).slice(answered)).toEqual([]);
        expect(dialog).not.toBeInstanceOf(Error);
        await answerPrompt(manager, agent.target, 'deny');
        await eventually('the deny', () => loggedAnswers(log).length > answered);
        expect(loggedAnswers(log).slice(answered)).toEqual(['denied']);
        await waitForState(manager, agent, { state: 'idle' }, { timeoutMs: 10_000 });
        // A follow-up left in the box is cleared, so the next attempt starts from an empty box.
        const [now] = await readPaneStates(manager, [paneQuery(agent)]);
        if (pendingInput(kind, now!.screen)) {
          tmux.tmux('send-keys', '-t', agent.paneId, 'C-u');
          await eventually(
            'an empty box',
            async () => !pendingInput(kind, (await readPaneStates(manager, [paneQuery(agent)]))[0]!.screen),
          );
        }
      }
      // Each follow-up stopped at the dialog with the prompt's code (or went in before it): never anything else.
      expect(outcomes.every((o) => o === 'submitted' || o === 'agent.promptPending')).toBe(true);
      expect(outcomes).toContain('agent.promptPending');
    },
    120_000,
  );

  // Gemini's usage-limit dialog takes Enter as "Keep trying". Seen through spawned tmux processes (a one-shot CLI on
  // tmux 3.3), the busy moment between the message and the dialog was missed, a transcript line passed for the box,
  // and the retried Enters answered the dialog.
  test.each(['control', 'spawn'] as const)(
    'gemini over %s: a message that ends in the usage-limit dialog is submitted once, the dialog left alone',
    async (transport) => {
      const { tmux, log } = await spawnFakeAgent(servers, 'gemini');
      const manager = tmux.manager({ transport });
      const agent = await findAgent(manager, 'proj:dev');
      const report = await deliverMessage(manager, agent, 'this one hits the LIMIT');
      expect(report).toMatchObject({ submitted: true, enters: 1 });
      await waitForState(manager, agent, { state: 'rate_limited' }, { timeoutMs: 5000 });
      await sleep(300);
      expect(loggedAnswers(log)).toEqual([]);
      expect(loggedMessages(log)).toEqual(['this one hits the LIMIT']);
      // And nothing is typed into it later: a send now stops at once.
      await expect(deliverMessage(manager, agent, '2')).rejects.toMatchObject({ code: 'agent.promptPending' });
      expect(loggedAnswers(log)).toEqual([]);
    },
  );

  // tmux checks the dialog on the pane being typed into (if-shell -t): a dialog in another agent's pane, even the
  // control client's current one, does not stop a delivery here.
  test('a dialog in one agent does not stop a delivery to another agent of the same session', async () => {
    const { manager, agent, log, tmux } = await spawnFakeAgent(servers, 'claude', { flags: ['--busy-ms', '50'] });
    const other = join(servers.dir(), `${tmux.socketName}-other.jsonl`);
    const { agent: second } = await spawnAgent(manager, {
      session: 'proj',
      name: 'other',
      role: 'developer',
      kind: 'claude',
      command: fakeAgentArgv('claude', other),
    });
    await deliverMessage(manager, agent, 'ask a PERMISSION');
    await waitForState(manager, agent, { state: 'waiting' }, { timeoutMs: 5000 });
    // A new connection attaches to proj, the most recent session, whose current pane is the one with the dialog.
    const fresh = tmux.manager({ transport: 'control' });
    expect(await deliverMessage(fresh, second, 'for the other one')).toMatchObject({ submitted: true });
    await eventually('the message', () => loggedMessages(other).length > 0);
    expect(loggedMessages(other)).toEqual(['for the other one']);
    expect(loggedAnswers(log)).toEqual([]);
  });
});
