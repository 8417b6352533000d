import { connectInMemory, type InMemoryMcp } from '../helpers/mcp-in-memory.js';
import { killAllPrivateTmux, killServer, privateTmux } from '../helpers/private-tmux.js';

const tmux = privateTmux('orc-mcp-restart');
let mcp: InMemoryMcp;

beforeAll(async () => {
  tmux.tmux('new-session', '-d', '-s', 'first', '-x', '80', '-y', '24');
  mcp = await connectInMemory(tmux.manager({ prefetch: true }));
});

afterAll(async () => {
  await mcp?.close();
  await killAllPrivateTmux();
});

const sessionNames = async () => {
  const { structuredContent } = await mcp.call('list');
  expect(structuredContent.ok).toBe(true);
  return (structuredContent as { data: { sessions: { name: string }[] } }).data.sessions.map((s) => s.name);
};

async function eventually(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50)))
    if (await check()) return;
}

// One manager lives as long as the server; it must ride out the tmux server going away and coming back.
test('the server keeps answering across a tmux kill-server and restart', async () => {
  expect(await sessionNames()).toEqual(['first']);

  killServer(tmux.socketName);
  // The control connection learns of the exit by notification, a moment later; until then the cache may answer.
  await eventually(async () => (await sessionNames()).length === 0);
  const gone = await mcp.call('list');
  expect(gone.structuredContent).toMatchObject({ ok: true, data: { serverRunning: false, sessions: [] } });
  expect((await mcp.call('session_kill', { name: 'first' })).structuredContent).toMatchObject({ ok: false });

  const created = await mcp.call('session_new', { name: 'second' });
  expect(created.structuredContent).toMatchObject({ ok: true, data: { session: 'second' } });
  expect(await sessionNames()).toEqual(['second']);

  tmux.tmux('new-session', '-d', '-s', 'third');
  // The manager learns of sessions made behind its back, by notification or by a fresh read.
  await eventually(async () => (await sessionNames()).length === 2);
  expect((await sessionNames()).sort()).toEqual(['second', 'third']);
  expect(mcp.logs.filter((l) => /internal|Error/.test(l))).toEqual([]);
});
