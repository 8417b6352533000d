import { join } from 'node:path';
import type { AgentRecord } from '../../../src/agents/agent-record.js';
import type { AgentKind } from '../../../src/agents/agent-state.js';
import { killAgent, restartAgent } from '../../../src/agents/agent-lifecycle.js';
import { agentStatuses } from '../../../src/agents/agent-status.js';
import { answerPrompt } from '../../../src/agents/answer-prompt.js';
import { deliverMessage } from '../../../src/agents/deliver-message.js';
import { findAgent } from '../../../src/agents/find-agent.js';
import { readOutput } from '../../../src/agents/read-output.js';
import { spawnAgent } from '../../../src/agents/spawn-agent.js';
import { parseWaitCondition, waitForState } from '../../../src/agents/wait-for-state.js';
import type { TMUXManager } from '../../../src/manager/tmux-manager.js';
import { spawnFakeAgent, testServers } from '../../helpers/test-servers.js';
import { FAKE_AGENT, sleep, loggedMessages as logged, codeOf } from '../../helpers/fake-agent-support.js';

const servers = testServers('orc-state');
const server = () => servers.server();
const fakeAgent = (
  kind: Exclude<AgentKind, 'shell' | 'custom'>,
  options: { briefing?: string; flags?: string[] } = {},
) => spawnFakeAgent(servers, kind, options);

const stateOf = async (manager: TMUXManager, agent: AgentRecord) => (await agentStatuses(manager, [agent]))[0]!;
const until = (
  manager: TMUXManager,
  agent: AgentRecord,
  state: 'idle' | 'busy' | 'waiting' | 'crashed' | 'rate_limited',
  timeoutMs = 5000,
) => waitForState(manager, agent, { state }, { timeoutMs });

describe('agent state', () => {
  test('goes idle, busy while working on a message, and idle again', async () => {
    const { manager, agent } = await fakeAgent('claude');
    expect(await stateOf(manager, agent)).toMatchObject({
      state: 'idle',
      target: 'proj:dev',
      role: 'developer',
      kind: 'claude',
    });
    // SLOW keeps the fake busy for 3 s.
    await deliverMessage(manager, agent, 'a SLOW job');
    await until(manager, agent, 'busy', 2000);
    expect((await stateOf(manager, agent)).state).toBe('busy');
    const idle = await until(manager, agent, 'idle', 6000);
    expect(idle.screen).toContain('got: a SLOW job');
  });

  test.each(['claude', 'codex', 'gemini'] as const)(
    '%s: waits on a permission prompt, and approve and deny answer it',
    async (kind) => {
      const { manager, agent } = await fakeAgent(kind);
      await deliverMessage(manager, agent, 'needs PERMISSION');
      await until(manager, agent, 'waiting');
      expect((await answerPrompt(manager, 'proj:dev', 'approve')).keys.length).toBeGreaterThan(0);
      expect((await until(manager, agent, 'idle')).screen).toContain('approved');

      await deliverMessage(manager, agent, 'again PERMISSION');
      await until(manager, agent, 'waiting');
      await answerPrompt(manager, 'proj:dev', 'deny');
      expect((await until(manager, agent, 'idle')).screen).toContain('denied');
    },
  );

  test('a message to an agent waiting on a prompt is agent.promptPending, and nothing is typed', async () => {
    const { manager, agent, log } = await fakeAgent('claude');
    await deliverMessage(manager, agent, 'needs PERMISSION');
    await until(manager, agent, 'waiting');
    expect(await codeOf(deliverMessage(manager, agent, '1 would approve it'))).toBe('agent.promptPending');
    await sleep(200);
    expect((await stateOf(manager, agent)).state).toBe('waiting');
    expect(logged(log)).toEqual(['needs PERMISSION']);
  });

  test('approving an agent that is not waiting is agent.notWaiting, and sends no keys', async () => {
    const { manager, agent, log } = await fakeAgent('claude');
    expect(await codeOf(answerPrompt(manager, 'proj:dev', 'approve'))).toBe('agent.notWaiting');
    expect(await codeOf(answerPrompt(manager, 'proj:dev', 'deny'))).toBe('agent.notWaiting');
    await sleep(200);
    expect((await stateOf(manager, agent)).state).toBe('idle');
    expect(logged(log)).toEqual([]);
  });

  test.each([
    ['claude', '3pm'],
    ['codex', '2026-11-28 10:00'],
    ['gemini', undefined],
  ] as const)('%s: reads rate_limited after a usage limit', async (kind, resetAt) => {
    const { manager, agent } = await fakeAgent(kind);
    await deliverMessage(manager, agent, 'hit the LIMIT');
    await until(manager, agent, 'rate_limited');
    const status = await stateOf(manager, agent);
    expect(status.state).toBe('rate_limited');
    if (resetAt) expect(status.resetAt).toBe(resetAt);
  });

  test('reads crashed after the program dies, and the dead pane stays (remain-on-exit)', async () => {
    const { tmux, manager, agent } = await fakeAgent('claude');
    const report = await deliverMessage(manager, agent, 'CRASH');
    expect(report.submitted).toBe(true);
    const crashed = await until(manager, agent, 'crashed');
    expect(crashed.facts.dead).toBe(true);
    expect(crashed.screen).toContain('simulated crash');
    expect(tmux.tmux('display-message', '-p', '-t', agent.paneId, '#{pane_dead}').trim()).toBe('1');
    expect((await stateOf(manager, agent)).state).toBe('crashed');
  });

  test('reads crashed after the program quits on its own', async () => {
    const { manager, agent } = await fakeAgent('codex');
    await deliverMessage(manager, agent, 'QUIT');
    expect((await until(manager, agent, 'crashed')).facts.dead).toBe(true);
  });

  test('a wait for another state ends early with agent.paneDead when the agent crashes', async () => {
    const { manager, agent } = await fakeAgent('claude');
    await deliverMessage(manager, agent, 'CRASH');
    expect(await codeOf(until(manager, agent, 'idle'))).toBe('agent.paneDead');
  });
});

describe('waiting and reading', () => {
  test('waits for text:<regex> on the screen', async () => {
    const { manager, agent } = await fakeAgent('claude');
    await deliverMessage(manager, agent, 'ticket 4711');
    const seen = await waitForState(manager, agent, await parseWaitCondition('text:got: ticket \\d+'), {
      timeoutMs: 5000,
    });
    expect(seen.screen).toMatch(/got: ticket 4711/);
  });

  test('gives up with agent.waitTimeout', async () => {
    const { manager, agent } = await fakeAgent('claude');
    const started = Date.now();
    expect(await codeOf(waitForState(manager, agent, { state: 'waiting' }, { timeoutMs: 300 }))).toBe(
      'agent.waitTimeout',
    );
    expect(
      await codeOf(waitForState(manager, agent, await parseWaitCondition('text:never shown'), { timeoutMs: 300 })),
    ).toBe('agent.waitTimeout');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test.each(['bogus', 'text:(unclosed'])('a bad condition %j is usage.invalid', async (condition) => {
    await expect(parseWaitCondition(condition)).rejects.toMatchObject({ code: 'usage.invalid' });
  });

  test('read with since returns only the lines that came after the cursor', async () => {
    const { manager, agent } = await fakeAgent('claude');
    await deliverMessage(manager, agent, 'first message');
    await waitForState(manager, agent, await parseWaitCondition('text:got: first message'), { timeoutMs: 5000 });
    await until(manager, agent, 'idle');
    const before = await readOutput(manager, agent);
    expect(before.text).toContain('got: first message');

    await deliverMessage(manager, agent, 'second message');
    await waitForState(manager, agent, await parseWaitCondition('text:got: second message'), { timeoutMs: 5000 });
    await until(manager, agent, 'idle');
    const after = await readOutput(manager, agent, { since: before.cursor });
    expect(after.gap).toBeUndefined();
    expect(after.text).toContain('got: second message');
    expect(after.text).not.toContain('first message');

    const nothing = await readOutput(manager, agent, { since: after.cursor });
    expect(nothing).toMatchObject({ text: '', lines: 0 });
  });

  test('read with since still finds the new lines when a full screen is redrawn in place', async () => {
    const tmux = server();
    // A 12-row screen: the fake's transcript soon fills it and old lines leave the top without reaching history.
    tmux.tmux('new-session', '-d', '-s', 'proj', '-x', '100', '-y', '12', 'sleep', '600');
    const manager = tmux.manager();
    const log = join(servers.dir(), 'full-screen.jsonl');
    const command = [
      process.execPath,
      FAKE_AGENT,
      '--kind',
      'claude',
      '--log',
      log,
      '--ready-ms',
      '50',
      '--busy-ms',
      '100',
    ];
    const { agent } = await spawnAgent(manager, {
      session: 'proj',
      name: 'dev',
      role: 'developer',
      kind: 'claude',
      command,
    });
    for (const word of ['one', 'two', 'three']) {
      await deliverMessage(manager, agent, `message ${word}`);
      await waitForState(manager, agent, await parseWaitCondition(`text:got: message ${word}`), { timeoutMs: 5000 });
    }
    await until(manager, agent, 'idle');
    const before = await readOutput(manager, agent);
    expect(before.lines).toBe(12);
    await deliverMessage(manager, agent, 'message four');
    await waitForState(manager, agent, await parseWaitCondition('text:got: message four'), { timeoutMs: 5000 });
    await until(manager, agent, 'idle');
    const after = await readOutput(manager, agent, { since: before.cursor });
    expect(after.gap).toBeUndefined();
    expect(after.text).toContain('got: message four');
    expect(after.text).not.toMatch(/message (one|two|three)/);
  });

  test('read with a cursor from another pane reports a gap and returns the tail', async () => {
    const { manager, agent } = await fakeAgent('claude');
    const printer = 'console.log("unrelated output"); setInterval(() => {}, 60000);';
    const { agent: other } = await spawnAgent(manager, {
      session: 'proj',
      name: 'other',
      role: 'helper',
      kind: 'custom',
      command: [process.execPath, '-e', printer],
    });
    const foreign = await readOutput(manager, other);
    const read = await readOutput(manager, agent, { since: foreign.cursor });
    expect(read.gap).toBe(true);
    expect(read.text).toContain('? for shortcuts');
  });

  test('read of a plain program with since returns only its new lines', async () => {
    const tmux = server();
    const manager = tmux.manager();
    // Prints a numbered line for every line it reads.
    const program =
      'let n = 0; console.log("ready"); process.stdin.on("data", (d) => console.log(`line ${++n}: ${String(d).trim()}`));';
    const { agent } = await spawnAgent(manager, {
      session: 'proj',
      name: 'echo',
      role: 'helper',
      kind: 'custom',
      command: [process.execPath, '-e', program],
    });
    const first = await readOutput(manager, agent);
    expect(first.text).toBe('ready');
    await deliverMessage(manager, agent, 'alpha');
    await waitForState(manager, agent, await parseWaitCondition('text:line 1: alpha'), { timeoutMs: 5000 });
    const second = await readOutput(manager, agent, { since: first.cursor });
    expect(second.text.split('\n')).toEqual(['alpha', 'line 1: alpha']);
    await deliverMessage(manager, agent, 'beta');
    await waitForState(manager, agent, await parseWaitCondition('text:line 2: beta'), { timeoutMs: 5000 });
    expect((await readOutput(manager, agent, { since: second.cursor })).text.split('\n')).toEqual([
      'beta',
      'line 2: beta',
    ]);
  });

  test('a cursor that is not one is usage.invalid', async () => {
    const { manager, agent } = await fakeAgent('claude');
    expect(await codeOf(readOutput(manager, agent, { since: 'not-a-cursor' }))).toBe('usage.invalid');
  });
});

describe('restart and kill', () => {
  test('restart keeps the target, window and metadata, and re-sends the briefing only with rebrief', async () => {
    const briefing = 'you are dev\n\nyour task: the parser';
    const { tmux, manager, agent, log } = await fakeAgent('claude', { briefing });
    expect(logged(log)).toEqual([briefing]);
    const before = await findAgent(tmux.manager(), 'proj:dev');

    const plain = await restartAgent(manager, 'proj:dev');
    expect(plain).toMatchObject({ ready: true, agent: { target: 'proj:dev', windowId: agent.windowId } });
    expect(plain.briefing).toBeUndefined();

    const rebriefed = await restartAgent(manager, 'proj:dev', { rebrief: true });
    expect(rebriefed.briefing).toMatchObject({ submitted: true });
    await sleep(300);
    expect(logged(log)).toEqual([briefing, briefing]);

    const after = await findAgent(tmux.manager(), 'proj:dev');
    expect(after).toEqual(before);
    expect((await stateOf(manager, after)).state).toBe('idle');
  });

  test('restart brings a crashed agent back', async () => {
    const { manager, agent, log } = await fakeAgent('gemini');
    await deliverMessage(manager, agent, 'CRASH');
    await until(manager, agent, 'crashed');
    const result = await restartAgent(manager, 'proj:dev');
    expect(result).toMatchObject({ ready: true, state: 'idle' });
    await deliverMessage(manager, agent, 'welcome back');
    await until(manager, agent, 'idle');
    expect(logged(log)).toEqual(['CRASH', 'welcome back']);
  });

  test('restart keeps the environment', async () => {
    const tmux = server();
    const manager = tmux.manager();
    const program = 'console.log(`pid ${process.pid} sees ORC_V=${process.env.ORC_V}`); setInterval(() => {}, 60000);';
    await spawnAgent(manager, {
      session: 'proj',
      name: 'env',
      role: 'helper',
      kind: 'custom',
      command: [process.execPath, '-e', program],
      env: { ORC_V: 'kept' },
    });
    const first = tmux.tmux('capture-pane', '-p', '-t', 'proj:env');
    await restartAgent(manager, 'proj:env');
    const second = tmux.tmux('capture-pane', '-p', '-t', 'proj:env');
    expect(second).toContain('sees ORC_V=kept');
    expect(second).not.toEqual(first);
  });

  test('restart of a window tmux-orc did not spawn is agent.notFound', async () => {
    const tmux = server();
    expect(await codeOf(restartAgent(tmux.manager(), 'keeper:0'))).toBe('agent.notFound');
  });

  test('kill removes the window', async () => {
    const { tmux, manager, agent } = await fakeAgent('claude');
    expect(await killAgent(manager, 'proj:dev')).toEqual({ killed: 'proj:dev' });
    expect(tmux.tmux('list-windows', '-a', '-F', '#{window_id}')).not.toContain(agent.windowId);
    expect(await codeOf(findAgent(manager, 'proj:dev'))).toBe('tmux.sessionNotFound');
    expect(await codeOf(killAgent(manager, 'keeper:dev'))).toBe('agent.notFound');
  });
});
