import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { buildProgram } from '../../cli/build-program.js';
import { createMcpServer, type McpServerHandle } from '../../reflect/mcp-server.js';
import { findAgent } from '../../src/agents/find-agent.js';
import { waitForState } from '../../src/agents/wait-for-state.js';
import type { OrcError } from '../../src/errors.js';
import { FAKE_AGENT, eventually, sleep } from '../helpers/fake-agent-support.js';
import { killAllPrivateTmux, privateTmux } from '../helpers/private-tmux.js';

// Issue 17: a long tool call (a wait, a spawn's readiness, a team deploy, a send that waits for idle) tells a client
// that gave a progress token how it goes, every second (Claude Code resets its tool timeout on each), and a
// cancelled one ends at once (within 100 ms) and leaves nothing running.
const tmux = privateTmux('orc-mcp17-long');
const manager = tmux.manager({ prefetch: true });
let handle: McpServerHandle;
let client: Client;
const logs: string[] = [];

/** A fake Claude Code that is idle after 50 ms (or never ready, with a huge --ready-ms). */
const fake = (...flags: string[]) => [process.execPath, FAKE_AGENT, '--kind', 'claude', '--ready-ms', '50', ...flags];

beforeAll(async () => {
  const { program } = buildProgram({ manager });
  handle = createMcpServer({ program, manager, log: (line) => logs.push(line) });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  client = new Client({ name: 'orc-mcp17-test', version: '0' });
  await Promise.all([handle.server.connect(serverSide), client.connect(clientSide)]);
  tmux.tmux('new-session', '-d', '-s', 'base', '-x', '120', '-y', '30');
});

afterAll(async () => {
  await client?.close();
  await handle?.server.close();
  await killAllPrivateTmux();
});

/**
 * Calls a tool with a progress token, collects its progress, cancels it once `cancelWhen` holds, and returns how
 * long the server took from the cancel until no call was running.
 */
async function callAndCancel(name: string, args: Record<string, unknown>, cancelWhen: (seen: Progress[]) => boolean) {
  const seen: Progress[] = [];
  const abort = new AbortController();
  const options = { signal: abort.signal, onprogress: (p: Progress) => seen.push(p) };
  const call = client.callTool({ name, arguments: args }, undefined, options);
  const outcome = call.then(
    () => 'answered',
    () => 'rejected',
  );
  await eventually(`${name}'s progress`, () => cancelWhen(seen), 15000);
  expect(handle.running()).toBe(1);
  const cancelledAt = Date.now();
  abort.abort('the test cancels it');
  while (handle.running() > 0 && Date.now() - cancelledAt < 5000) await sleep(2);
  const endedAfterMs = Date.now() - cancelledAt;
  expect(await outcome).toBe('rejected');
  return { seen: [...seen], endedAfterMs };
}

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('long calls', () => {
  test('agent_wait: progress every second with the target; a cancel ends it in 100 ms', async () => {
    await client.callTool({ name: 'agent_spawn', arguments: { session: 'base', name: 'w1', args: fake() } });
    const before = timers();
    const args = { target: 'base:w1', until: 'busy', timeout: 60 };
    const { seen, endedAfterMs } = await callAndCancel('agent_wait', args, (s) => s.length >= 2);
    expect(endedAfterMs).toBeLessThan(100);
    expect(seen.every((p) => p.message?.includes('base:w1'))).toBe(true);
    expect(seen.map((p) => p.progress)).toEqual([...seen.map((p) => p.progress)].sort((a, b) => a - b));
    // Nothing left behind: no heartbeat or poll timer, and the server answers the next call as usual.
    await sleep(50);
    expect(timers()).toBeLessThanOrEqual(before);
    expect(logs.some((l) => /agent_wait cancelled/.test(l))).toBe(true);
    const status = await client.callTool({ name: 'agent_status', arguments: { target: 'base:w1' } });
    expect(status.structuredContent).toMatchObject({ ok: true, data: { agents: [{ state: 'idle' }] } });
  });

  test('agent_spawn: progress while it waits for readiness; a cancel ends the wait in 100 ms', async () => {
    const args = { session: 'base', name: 'slow', args: fake('--ready-ms', '600000'), readyTimeout: 60 };
    const { seen, endedAfterMs } = await callAndCancel('agent_spawn', args, (s) => s.length >= 2);
    expect(endedAfterMs).toBeLessThan(100);
    expect(seen[0]!.message).toContain('base:slow');
  });

  test('team_deploy: its steps and a heartbeat as progress; a cancel ends the readiness wait in 100 ms', async () => {
    const never = fake('--ready-ms', '600000');
    const args = { template: 'testing', project: 'orc17team', size: 2, args: never, readyTimeout: 60 };
    const { seen, endedAfterMs } = await callAndCancel('team_deploy', args, (s) => s.length >= 4);
    expect(endedAfterMs).toBeLessThan(100);
    expect(seen.some((p) => /^starting /.test(p.message ?? ''))).toBe(true);
    expect(seen.filter((p) => /\d+ s\)$/.test(p.message ?? '')).length).toBeGreaterThanOrEqual(1);
  });

  test('agent_send with waitIdle: progress while the agent works; a cancel ends the wait in 100 ms', async () => {
    const spawn = { session: 'base', name: 'busy1', args: fake('--busy-ms', '600000') };
    await client.callTool({ name: 'agent_spawn', arguments: spawn });
    const args = { target: 'base:busy1', message: 'work for a long time', waitIdle: true, timeout: 60 };
    const { seen, endedAfterMs } = await callAndCancel('agent_send', args, (s) => s.length >= 2);
    expect(endedAfterMs).toBeLessThan(100);
    expect(seen[0]!.message).toContain('base:busy1');
  });

  test('waitForState ends as soon as its signal aborts, however long its poll interval', async () => {
    await client.callTool({ name: 'agent_spawn', arguments: { session: 'base', name: 'w2', args: fake() } });
    const agent = await findAgent(manager, 'base:w2');
    const abort = new AbortController();
    const options = { timeoutMs: 60000, intervalMs: 5000, signal: abort.signal };
    const wait = waitForState(manager, agent, { state: 'busy' }, options);
    const outcome = wait.then(
      () => 'resolved',
      (error: OrcError) => error.code,
    );
    await sleep(300);
    const at = Date.now();
    abort.abort();
    expect(await outcome).toBe('agent.waitTimeout');
    expect(Date.now() - at).toBeLessThan(100);
  });

  test('without a progress token nothing is sent, and no heartbeat goes to the log', async () => {
    const notified: string[] = [];
    client.fallbackNotificationHandler = async (n) => void notified.push(n.method);
    const logged = logs.length;
    const args = { target: 'base:w1', until: 'busy', timeout: 1.5 };
    const result = await client.callTool({ name: 'agent_wait', arguments: args });
    expect(result.structuredContent).toMatchObject({ ok: false, error: { code: 'agent.waitTimeout' } });
    expect(notified).toEqual([]);
    expect(logs.slice(logged)).toEqual([]);
  });
});
