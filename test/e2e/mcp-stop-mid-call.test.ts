import { join } from 'node:path';
import { sleep } from '../helpers/fake-agent-support.js';
import { controlClientPids, spawnMcp, type McpProcess } from '../helpers/mcp-process.js';
import { fakeAgentArgv, testServers } from '../helpers/test-servers.js';

// `tmux-orc mcp` must exit soon after stdin closes (or SIGTERM) even while a long tool call runs: the call is aborted,
// gets a short grace, tmux is closed, and nothing (a new control client, a timer) keeps the process alive.

const servers = testServers('orc-mcplife-stop');
const started: McpProcess[] = [];

afterEach(() => {
  for (const mcp of started.splice(0)) mcp.kill();
});

const WAIT = { name: 'agent_wait', arguments: { target: 'proj:dev', until: 'text:this never appears', timeout: 600 } };
const FOLLOW = { name: 'monitor_logs', arguments: { follow: true, for: 600 } };

/** A server on a tmux with a ready fake agent `proj:dev`, its MCP server spawned and initialized. */
async function serverWithAgent(): Promise<{ mcp: McpProcess; socketName: string }> {
  const tmux = servers.server();
  const log = join(servers.dir(), `${tmux.socketName}.jsonl`);
  tmux.tmux('new-session', '-d', '-s', 'proj', '-n', 'dev', ...fakeAgentArgv('claude', log));
  const mcp = spawnMcp({ socketName: tmux.socketName, dir: join(servers.dir(), tmux.socketName) });
  started.push(mcp);
  mcp.handshake();
  await mcp.response('init');
  return { mcp, socketName: tmux.socketName };
}

/** Asserts the server exited on its own within 2 s of `since`, cleanly, and left no tmux client behind. */
async function expectPromptCleanExit(mcp: McpProcess, socketName: string, since: number, reason: string) {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 6000)));
  const exit = await Promise.race([mcp.exited(), guard]).finally(() => clearTimeout(timer));
  expect(exit).not.toBeNull();
  expect(exit!.at - since).toBeLessThan(2000);
  expect(exit!.signal).toBeNull();
  expect(exit!.code).toBe(0);
  const stderr = mcp.stderr();
  expect(stderr).toContain(`stopping: ${reason}`);
  // The normal path: nothing held the process, so the last-resort exit never fired.
  expect(stderr).not.toMatch(/still held|still running/);
  expect(stderr).not.toMatch(/uncaught|unhandled|TypeError|ReferenceError/i);
  expect(mcp.notJson).toEqual([]);
  expect(controlClientPids(socketName)).toEqual([]);
}

describe.each([
  ['agent_wait', WAIT],
  ['monitor_logs follow', FOLLOW],
])('%s', (_, call) => {
  test('stdin closing right after the call: the server exits within 2 s', async () => {
    const { mcp, socketName } = await serverWithAgent();
    mcp.send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: call });
    mcp.child.stdin.end();
    await expectPromptCleanExit(mcp, socketName, Date.now(), 'stdin closed');
  });

  test('stdin closing while the call runs: the server exits within 2 s', async () => {
    const { mcp, socketName } = await serverWithAgent();
    mcp.send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: call });
    await sleep(800);
    expect(mcp.lines.find((l) => l.id === 1)).toBeUndefined();
    mcp.child.stdin.end();
    await expectPromptCleanExit(mcp, socketName, Date.now(), 'stdin closed');
  });
});

test('SIGTERM while agent_wait runs: the server exits within 2 s', async () => {
  const { mcp, socketName } = await serverWithAgent();
  mcp.send({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: WAIT });
  await sleep(500);
  mcp.child.kill('SIGTERM');
  await expectPromptCleanExit(mcp, socketName, Date.now(), 'SIGTERM');
});
