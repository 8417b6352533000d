import { connectInMemory, type InMemoryMcp } from '../helpers/mcp-in-memory.js';
import { killAllPrivateTmux, privateTmux } from '../helpers/private-tmux.js';

const tmux = privateTmux('orc-mcp-grouped');
let mcp: InMemoryMcp;

beforeAll(async () => {
  mcp = await connectInMemory(tmux.manager(), { shape: 'grouped' });
});

afterAll(async () => {
  await mcp?.close();
  await killAllPrivateTmux();
});

describe('grouped shape', () => {
  test('the action picks the command; the other properties are its input', async () => {
    const created = await mcp.call('session', { action: 'new', name: 'g1' });
    expect(created.structuredContent).toMatchObject({ ok: true, command: 'session new', data: { session: 'g1' } });
    const listed = await mcp.call('session', { action: 'list' });
    expect(listed.structuredContent).toMatchObject({
      ok: true,
      command: 'session list',
      data: { sessions: [{ name: 'g1' }] },
    });
    expect((await mcp.call('session', { action: 'kill', name: 'g1' })).structuredContent).toMatchObject({
      ok: true,
      data: { killed: 'g1' },
    });
  });

  test('top-level commands are called as they are', async () => {
    expect((await mcp.call('list')).structuredContent).toMatchObject({ ok: true, command: 'list' });
  });

  test('a missing or unknown action, or a field of another action, is a usage.invalid tool error', async () => {
    for (const args of [{}, { action: 'explode' }, { action: 'list', name: 'x' }]) {
      const result = await mcp.call('session', args);
      expect(result.isError).toBe(true);
      expect(result.structuredContent).toMatchObject({ ok: false, error: { code: 'usage.invalid' } });
    }
  });
});
