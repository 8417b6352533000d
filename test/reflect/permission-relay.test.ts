import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CancelledNotificationSchema,
  ElicitRequestSchema,
  type ElicitRequest,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import { agentStatuses } from '../../src/agents/agent-status.js';
import { deliverMessage } from '../../src/agents/deliver-message.js';
import { waitForState } from '../../src/agents/wait-for-state.js';
import { eventually, loggedAnswers, sleep } from '../helpers/fake-agent-support.js';
import { connectInMemory, type InMemoryMcp } from '../helpers/mcp-in-memory.js';
import { spawnFakeAgent, testServers, type FakeOnServer } from '../helpers/test-servers.js';

// Issue 17: `mcp --relay-permissions` asks the client's user about a permission prompt and answers it, once.
const SCRIPT = join(process.cwd(), 'src', 'agents', 'hooks', 'tmux-orc-hook.sh');
const servers = testServers('orc-live17-relay');
const open: InMemoryMcp[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((m) => m.close()));
});

type Answer = (request: ElicitRequest, signal: AbortSignal) => Promise<ElicitResult>;

/** A client that can elicit, answering each question with `answer`; the questions it got. */
async function relayClient(fake: FakeOnServer, answer: Answer, manager = fake.manager, elicit = true) {
  const asked: ElicitRequest[] = [];
  const mcp = await connectInMemory(manager, {}, undefined, {
    relayPermissions: true,
    capabilities: elicit ? { elicitation: {} } : {},
    setUp: (client: Client) => {
      if (elicit)
        client.setRequestHandler(
          ElicitRequestSchema,
          (request, extra) => (asked.push(request), answer(request, extra.signal)),
        );
    },
  });
  open.push(mcp);
  return { mcp, asked };
}

const accept =
  (answer: string, afterMs = 0): Answer =>
  async () => {
    await sleep(afterMs);
    return { action: 'accept', content: { answer } };
  };

async function promptFor(fake: FakeOnServer, text = 'run the PERMISSION task') {
  await deliverMessage(fake.manager, fake.agent, text);
  await waitForState(fake.manager, fake.agent, { state: 'waiting' }, { timeoutMs: 5000 });
}

const stateOf = async (fake: FakeOnServer) => (await agentStatuses(fake.manager, [fake.agent]))[0]!.state;

describe('the permission relay', () => {
  test("asks with the prompt's text and choices, and answers once while the dialog stays drawn through the answer", async () => {
    // The dialog stays on the screen for 800 ms after its answer: every read meanwhile still says waiting.
    const fake = await spawnFakeAgent(servers, 'claude', { flags: ['--answer-lag-ms', '800'] });
    const { asked, mcp } = await relayClient(fake, accept('approve', 100));
    await promptFor(fake, 'run the PERMISSION task #{pid} ; now');
    await eventually('the answer', () => loggedAnswers(fake.log).length > 0, 5000);
    await waitForState(fake.manager, fake.agent, { state: 'idle' }, { timeoutMs: 5000 });
    await sleep(1000);
    expect(loggedAnswers(fake.log)).toEqual(['approved']);
    expect(asked).toHaveLength(1);
    const { message, requestedSchema } = asked[0]!.params as unknown as {
      message: string;
      requestedSchema: { properties: { answer: { enum: string[] } } };
    };
    expect(message).toContain('proj:dev (claude, developer) is waiting on a permission prompt');
    expect(message).toContain('echo PERMISSION');
    expect(requestedSchema.properties.answer.enum).toEqual(['approve', 'always', 'deny']);
    expect(mcp.logs.join('\n')).toContain('proj:dev: answered approve');
  });

  test('a prompt announced by a hook is asked about once its dialog is drawn, and denied once', async () => {
    const fake = await spawnFakeAgent(servers, 'codex', { flags: ['--hooks', SCRIPT, '--answer-lag-ms', '500'] });
    const { asked } = await relayClient(fake, accept('deny'));
    await promptFor(fake);
    await eventually('the answer', () => loggedAnswers(fake.log).length > 0, 5000);
    await waitForState(fake.manager, fake.agent, { state: 'idle' }, { timeoutMs: 5000 });
    await sleep(800);
    expect(loggedAnswers(fake.log)).toEqual(['denied']);
    expect(asked).toHaveLength(1);
    expect((asked[0]!.params as { message: string }).message).toContain('$ echo PERMISSION');
  });

  test.each([
    ['a decline', (async () => ({ action: 'decline' })) as Answer],
    ['a cancel', (async () => ({ action: 'cancel' })) as Answer],
    ['an answer that is no choice', accept('rm -rf /')],
    [
      'an error',
      (async () => {
        throw new Error('the user went away');
      }) as Answer,
    ],
  ])('%s leaves the prompt as it is', async (_what, answer) => {
    const fake = await spawnFakeAgent(servers, 'claude');
    const { asked } = await relayClient(fake, answer);
    await promptFor(fake);
    await eventually('the question', () => asked.length > 0, 5000);
    await sleep(800);
    expect(loggedAnswers(fake.log)).toEqual([]);
    expect(await stateOf(fake)).toBe('waiting');
    expect(asked).toHaveLength(1);
  });

  test('a client that cannot elicit is told nothing, and the prompt is reported as today', async () => {
    const fake = await spawnFakeAgent(servers, 'claude');
    const { mcp } = await relayClient(fake, accept('approve'), fake.manager, false);
    await promptFor(fake);
    await sleep(800);
    expect(loggedAnswers(fake.log)).toEqual([]);
    expect(mcp.logs.join('\n')).toContain('the client cannot elicit');
    const status = (await mcp.call('agent_status', { target: 'proj:dev' })).structuredContent;
    expect(status).toMatchObject({ ok: true, data: { agents: [{ state: 'waiting' }] } });
  });

  test('a question still open when its prompt is answered elsewhere is cancelled', async () => {
    const fake = await spawnFakeAgent(servers, 'claude');
    const { asked, mcp } = await relayClient(fake, () => new Promise<ElicitResult>(() => undefined));
    // The client's own cancel handler ignores request id 0 (SDK 1.32: `if (!requestId) return`), the server's first
    // request: the notification itself is what is checked.
    const cancelled: unknown[] = [];
    mcp.client.setNotificationHandler(CancelledNotificationSchema, (n) => void cancelled.push(n.params.requestId));
    await promptFor(fake);
    await eventually('the question', () => asked.length > 0, 5000);
    await mcp.call('agent_approve', { target: 'proj:dev' });
    await eventually('the cancel', () => cancelled.length > 0, 3000);
    expect(mcp.logs.join('\n')).toContain('proj:dev: no answer (the prompt is no longer shown)');
    expect(loggedAnswers(fake.log)).toEqual(['approved']);
  });

  // Two MCP servers (each its own manager and control connection, as two processes have) relay the same prompt and
  // their users answer it at the same moment: the pane's lock and the answered mark let one answer through.
  test('two servers relaying the same prompt answer it once, however their answers race', async () => {
    const fake = await spawnFakeAgent(servers, 'claude', { flags: ['--answer-lag-ms', '300'] });
    const other = fake.tmux.manager();
    let release: () => void = () => undefined;
    let gate = new Promise<void>((r) => (release = r));
    const together: Answer = async () => {
      await gate;
      return { action: 'accept', content: { answer: 'approve' } };
    };
    const a = await relayClient(fake, together);
    const b = await relayClient(fake, together, other);
    for (let round = 1; round <= 4; round++) {
      await promptFor(fake, `run the PERMISSION task, round ${round}`);
      await eventually('both questions', () => a.asked.length === round && b.asked.length === round, 5000);
      release();
      await eventually('the answer', () => loggedAnswers(fake.log).length >= round, 5000);
      await waitForState(fake.manager, fake.agent, { state: 'idle' }, { timeoutMs: 5000 });
      await sleep(400);
      expect(loggedAnswers(fake.log)).toHaveLength(round);
      gate = new Promise<void>((r) => (release = r));
    }
    const refused = [...a.mcp.logs, ...b.mcp.logs].filter((l) => l.includes('not answered'));
    expect(refused).toHaveLength(4);
  }, 60_000);
});
