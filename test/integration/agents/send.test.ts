import type { AgentKind } from '../../../src/agents/agent-state.js';
import { deliverMessage } from '../../../src/agents/deliver-message.js';
import { findAgent } from '../../../src/agents/find-agent.js';
import { pendingInput } from '../../../src/agents/pending-input.js';
import { parseWaitCondition, waitForState } from '../../../src/agents/wait-for-state.js';
import { spawnFakeAgent, testServers } from '../../helpers/test-servers.js';
import {
  sleep,
  loggedMessages as logged,
  codeOf,
  eventually,
  realEnterRaces,
} from '../../helpers/fake-agent-support.js';

const servers = testServers('orc-send');
const server = () => servers.server();
const fakeAgent = (kind: Exclude<AgentKind, 'shell' | 'custom'>, ...flags: string[]) =>
  spawnFakeAgent(servers, kind, { flags });

describe('deliverMessage', () => {
  test('pastes even a single line into a CLI with dialogs, and submits it once', async () => {
    const { manager, agent, log } = await fakeAgent('claude');
    const report = await deliverMessage(manager, agent, 'run the tests, then report');
    expect(report).toMatchObject({ target: 'proj:dev', method: 'paste', submitted: true, chars: 26 });
    expect(['box-cleared', 'state-changed']).toContain(report.confirmedBy);
    await waitForState(manager, agent, { state: 'idle' }, { timeoutMs: 5000 });
    expect(logged(log)).toEqual(['run the tests, then report']);
  });

  test('pastes multi-line text, which arrives once with its newlines and indentation intact', async () => {
    const { manager, agent, log } = await fakeAgent('claude');
    const text = 'Plan:\n  1. read the spec\n  2. write the code\n\nThen report back.';
    const report = await deliverMessage(manager, agent, text);
    expect(report).toMatchObject({ method: 'paste', submitted: true });
    await waitForState(manager, agent, { state: 'idle' }, { timeoutMs: 5000 });
    expect(logged(log)).toEqual([text]);
  });

  test('turns CRLF line ends into LF', async () => {
    const { manager, agent, log } = await fakeAgent('codex');
    await deliverMessage(manager, agent, 'one\r\ntwo\rthree');
    await eventually('the message', () => logged(log).length > 0);
    expect(logged(log)).toEqual(['one\ntwo\nthree']);
  });

  test('pastes a line holding a tab, which typed would be a key press', async () => {
    const { manager, agent, log } = await fakeAgent('claude');
    const report = await deliverMessage(manager, agent, 'column\tcolumn');
    expect(report).toMatchObject({ method: 'paste', submitted: true });
    expect(report.neutralized).toBeUndefined();
    await waitForState(manager, agent, { state: 'idle' }, { timeoutMs: 5000 });
    expect(logged(log)).toEqual(['column\tcolumn']);
  });

  // Each of these, sent as it is, escaped the message on the code before: a paste-end marker ended the bracketed
  // paste, so the CR after it submitted half the message and the rest came as a second one; a Ctrl-C after it wiped
  // the box while the reply said submitted. Now every control key is shown as text, and one send is one submission.
  test.each([
    ['a paste-end marker, then CR', 'A\x1b[201~\rB', 'A\u241b[201~\nB', 1],
    ['a paste-end marker, then Ctrl-C', 'keep\x1b[201~\x03', 'keep\u241b[201~\u2403', 2],
    ['a paste-start marker and an OSC title', 'x\x1b[200~y\x1b]2;pwned\x07z', 'x\u241b[200~y\u241b]2;pwned\u2407z', 3],
    [
      'Ctrl-C, Ctrl-D, Ctrl-U, Backspace and DEL as keys',
      'one\x03two\x04three\x15four\x08five\x7f',
      'one\u2403two\u2404three\u2415four\u2408five\u2421',
      5,
    ],
    ['a C1 CSI and a lone surrogate', 'a\u009b31mb\ud800c', 'a\ufffd31mb\ufffdc', 2],
  ])(
    'a message holding %s is one submission of the whole text, no key escaping',
    async (_what, message, shown, count) => {
      const { manager, agent, log } = await fakeAgent('claude');
      const report = await deliverMessage(manager, agent, message);
      expect(report).toMatchObject({ submitted: true, enters: 1, neutralized: count });
      await waitForState(manager, agent, { state: 'idle' }, { timeoutMs: 5000 });
      expect(logged(log)).toEqual([shown]);
    },
  );

  test('types a single line as keys into a kind without dialog guards (aider), and submits it once', async () => {
    const { manager, agent, log } = await fakeAgent('aider');
    const report = await deliverMessage(manager, agent, 'run the tests, then report');
    expect(report).toMatchObject({ method: 'keys', submitted: true, chars: 26 });
    await eventually('the message', () => logged(log).length > 0);
    expect(logged(log)).toEqual(['run the tests, then report']);
  });

  test('pastes a single line longer than 500 characters', async () => {
    const { manager, agent, log } = await fakeAgent('claude');
    const text = Array.from({ length: 70 }, (_, i) => `word${i}`).join(' ') + ' ' + 'x'.repeat(120);
    expect(text.length).toBeGreaterThan(500);
    const report = await deliverMessage(manager, agent, text);
    expect(report).toMatchObject({ method: 'paste', submitted: true, chars: text.length });
    await waitForState(manager, agent, { state: 'idle' }, { timeoutMs: 5000 });
    expect(logged(log)).toEqual([text]);
  });

  test('with noEnter leaves the text in the input box; a later Enter submits it', async () => {
    const { manager, agent, log } = await fakeAgent('claude');
    const report = await deliverMessage(manager, agent, 'draft, not yet', { noEnter: true });
    expect(report).toMatchObject({ method: 'paste', submitted: false, enters: 0 });
    const shown = await waitForState(manager, agent, await parseWaitCondition('text:│ > draft, not yet'), {
      timeoutMs: 5000,
    });
    expect(pendingInput('claude', shown.screen)).toBe('draft, not yet');
    await sleep(200);
    expect(logged(log)).toEqual([]);
    await manager.sendKeys(agent.paneId, 'Enter');
    await eventually('the draft', () => logged(log).length > 0);
    expect(logged(log)).toEqual(['draft, not yet']);
  });

  test('messages sent while the agent is busy are queued by it, each submitted once, in order', async () => {
    const { manager, agent, log } = await fakeAgent('claude', '--busy-ms', '600');
    const texts = ['first task', 'second task', 'third\nwith two lines'];
    for (const text of texts) expect((await deliverMessage(manager, agent, text)).submitted).toBe(true);
    await eventually('all three', () => logged(log).length >= 3);
    await sleep(200);
    expect(logged(log)).toEqual(texts);
  });

  // The CLIs drop an Enter that follows a paste or a keystroke too closely; the per-kind pauses must cover that, so
  // that the first Enter takes.
  test.each(['claude', 'codex', 'gemini'] as const)(
    '%s: with the Enter races of the real CLIs, each message arrives exactly once, on the first Enter',
    async (kind) => {
      const { manager, agent, log } = await fakeAgent(kind, ...realEnterRaces(kind));
      const texts = ['a typed line', 'a pasted\nmessage of\nthree lines', 'p'.repeat(520), 'another typed line'];
      for (const text of texts) {
        const report = await deliverMessage(manager, agent, text);
        expect(report).toMatchObject({ submitted: true, enters: 1 });
        await waitForState(manager, agent, { state: 'idle' }, { timeoutMs: 5000 });
      }
      expect(logged(log)).toEqual(texts);
    },
  );

  // A guard longer than the kind's delay: the first Enter is swallowed, and a retry must submit it, once.
  test.each(['claude', 'codex', 'gemini'] as const)(
    '%s: retries an Enter the agent swallowed, without submitting twice',
    async (kind) => {
      const { manager, agent, log } = await fakeAgent(
        kind,
        '--ignore-enter-after-paste-ms',
        '700',
        '--ignore-enter-after-type-ms',
        '500',
      );
      const typed = await deliverMessage(manager, agent, 'typed, then swallowed');
      expect(typed.enters).toBeGreaterThanOrEqual(2);
      await waitForState(manager, agent, { state: 'idle' }, { timeoutMs: 5000 });
      const pasted = await deliverMessage(manager, agent, 'pasted\nthen swallowed');
      expect(pasted.enters).toBeGreaterThanOrEqual(2);
      await waitForState(manager, agent, { state: 'idle' }, { timeoutMs: 5000 });
      // Long enough to wrap in the input box: its end is on a later row than its start.
      const long = Array.from({ length: 90 }, (_, i) => `w${i}`).join(' ') + ' the end';
      const wrapped = await deliverMessage(manager, agent, long, { pasteThreshold: 100 });
      expect(wrapped.enters).toBeGreaterThanOrEqual(2);
      await waitForState(manager, agent, { state: 'idle' }, { timeoutMs: 5000 });
      expect(logged(log)).toEqual(['typed, then swallowed', 'pasted\nthen swallowed', long]);
    },
  );

  test('never sends C-c: when every Enter is swallowed it fails with agent.deliveryFailed and the text stays in the box', async () => {
    // Every Enter is dropped; C-c would clear the box (or quit the agent when the box is empty).
    const { manager, agent, log } = await fakeAgent('claude', '--ignore-enter-after-paste-ms', '600000');
    expect(await codeOf(deliverMessage(manager, agent, 'stuck in the box', { maxRetries: 1 }))).toBe(
      'agent.deliveryFailed',
    );
    expect(logged(log)).toEqual([]);
    const [state] = [await waitForState(manager, agent, { state: 'idle' }, { timeoutMs: 2000 })];
    expect(pendingInput('claude', state.screen)).toBe('stuck in the box');
  });

  test('refuses a dead pane with agent.paneDead', async () => {
    const { manager, agent, log } = await fakeAgent('claude');
    const report = await deliverMessage(manager, agent, 'CRASH now');
    expect(report.submitted).toBe(true);
    await waitForState(manager, agent, { state: 'crashed' }, { timeoutMs: 5000 });
    expect(await codeOf(deliverMessage(manager, agent, 'are you there?'))).toBe('agent.paneDead');
    expect(logged(log)).toEqual(['CRASH now']);
  });

  test('refuses an empty message with usage.invalid, typing nothing', async () => {
    const { manager, agent, log } = await fakeAgent('claude');
    expect(await codeOf(deliverMessage(manager, agent, ''))).toBe('usage.invalid');
    await sleep(200);
    expect(pendingInput('claude', await manager.capturePane(agent.paneId))).toBe('');
    expect(logged(log)).toEqual([]);
  });
});

describe('finding the agent to send to', () => {
  test('an unknown agent in a known session is agent.notFound', async () => {
    const { manager } = await fakeAgent('claude');
    expect(await codeOf(findAgent(manager, 'proj:nobody'))).toBe('agent.notFound');
    expect(await codeOf(findAgent(manager, 'proj:7'))).toBe('agent.notFound');
  });

  test('an unknown session is tmux.sessionNotFound', async () => {
    const { manager } = await fakeAgent('claude');
    expect(await codeOf(findAgent(manager, 'nosuch:dev'))).toBe('tmux.sessionNotFound');
  });

  test.each(['a:b:c', 'proj:dev.', 'proj.x:dev', ':dev', 'proj:\tdev'])(
    'a malformed target %j is target.invalid',
    async (target) => {
      const manager = server().manager();
      expect(await codeOf(findAgent(manager, target))).toBe('target.invalid');
    },
  );

  test('finds the agent by name, by window index and by pane', async () => {
    const { manager, agent } = await fakeAgent('claude');
    for (const target of ['proj:dev', 'proj:0', 'proj:dev.0', `proj:dev.${agent.paneId}`]) {
      expect(await findAgent(manager, target)).toMatchObject({
        target: 'proj:dev',
        paneId: agent.paneId,
        managed: true,
      });
    }
  });
});
