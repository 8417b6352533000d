import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from '../helpers/fake-agent-support.js';
import { cpuMs, spawnMcp, type McpProcess } from '../helpers/mcp-process.js';
import { killAllPrivateTmux, privateTmux } from '../helpers/private-tmux.js';

// The client went away first and took stderr's read end with it: every log line fails with EPIPE. The server must
// neither spin on those failures (it used to log each failure to stderr again, at 100% CPU, for ever) nor miss
// stdin closing.

const dir = mkdtempSync(join(tmpdir(), 'orc-mcplife-stderr-'));
const tmux = privateTmux('orc-mcplife-stderr');
let mcp: McpProcess | undefined;

afterAll(async () => {
  mcp?.kill();
  await killAllPrivateTmux();
  rmSync(dir, { recursive: true, force: true });
});

test('with stderr a broken pipe the server stays quiet, still answers, and exits when stdin closes', async () => {
  tmux.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '600');
  mcp = spawnMcp({ socketName: tmux.socketName, dir, brokenStderr: true });
  mcp.handshake();
  expect(await mcp.response('init')).toMatchObject({ result: { serverInfo: { name: 'tmux-orc' } } });
  // Each of these logs to stderr ("connected", "serving N tools", a call that fails, a line that is not JSON).
  mcp.send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
  expect((await mcp.response(1)).result.tools.length).toBeGreaterThan(10);
  mcp.send('this is not JSON');
  const status = { name: 'agent_status', arguments: { target: 'keeper:nobody' } };
  mcp.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: status });
  expect(await mcp.response(2)).toMatchObject({ result: { isError: true } });

  const pid = mcp.child.pid!;
  const before = cpuMs(pid);
  await sleep(1000);
  const after = cpuMs(pid);
  // A spinning server burns the whole second; an idle one next to nothing.
  if (before !== undefined && after !== undefined) expect(after - before).toBeLessThan(300);

  const closed = Date.now();
  mcp.child.stdin.end();
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<null>((r) => (timer = setTimeout(() => r(null), 5000)));
  const exit = await Promise.race([mcp.exited(), hang]).finally(() => clearTimeout(timer));
  expect(exit).not.toBeNull();
  expect(exit!.at - closed).toBeLessThan(3000);
  expect(exit).toMatchObject({ code: 0, signal: null });
  expect(mcp.notJson).toEqual([]);
});
