import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { runProgram } from '../../cli/build-program.js';
import type { Envelope } from '../../cli/envelope.js';
import { connectInMemory, withoutTiming, type InMemoryMcp } from '../helpers/mcp-in-memory.js';
import { killAllPrivateTmux, privateTmux } from '../helpers/private-tmux.js';

const tmux = privateTmux('orc-mcp-calls');
const manager = tmux.manager({ prefetch: true });
let mcp: InMemoryMcp;

/** The CLI's --json envelope for the same command, on the same manager. */
async function cli(...argv: string[]): Promise<Envelope> {
  let printed = '';
  await runProgram(['--json', ...argv], { manager, stdout: (t) => (printed += t), stderr: () => undefined });
  return JSON.parse(printed) as Envelope;
}

beforeAll(async () => {
  tmux.tmux('new-session', '-d', '-s', 'base', '-x', '80', '-y', '24');
  mcp = await connectInMemory(manager);
});

afterAll(async () => {
  await mcp?.close();
  await killAllPrivateTmux();
});

describe('tools/call', () => {
  test("list returns the CLI's envelope as structured content and as text", async () => {
    const result = await mcp.call('list');
    expect(result.isError).toBeFalsy();
    expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual(result.structuredContent);
    expect(withoutTiming(result.structuredContent)).toEqual(withoutTiming(await cli('list')));
    expect(result.structuredContent).toMatchObject({
      ok: true,
      command: 'list',
      data: { serverRunning: true, sessions: [{ name: 'base' }] },
    });
  });

  test('session_new and session_kill give what session new and session kill give', async () => {
    const created = await mcp.call('session_new', { name: 'via-mcp', width: 100, height: 30 });
    const twin = await cli('session', 'new', 'via-cli', '--width', '100', '--height', '30');
    expect(created.structuredContent).toMatchObject({
      ok: true,
      command: 'session new',
      data: { session: 'via-mcp', windowIndex: 0 },
    });
    expect(Object.keys(created.structuredContent)).toEqual(Object.keys(twin));
    expect(Object.keys((created.structuredContent as { data: object }).data)).toEqual(
      Object.keys((twin as { data: object }).data),
    );

    const killed = await mcp.call('session_kill', { name: 'via-mcp' });
    expect(withoutTiming(killed.structuredContent)).toEqual({
      ...withoutTiming(await cli('session', 'kill', 'via-cli')),
      data: { killed: 'via-mcp' },
    });
    expect((await mcp.call('session_list')).structuredContent).toMatchObject({
      data: { sessions: [{ name: 'base' }] },
    });
  });

  test('a bad argument is a tool error with usage.invalid naming the field', async () => {
    const result = await mcp.call('session_new', { name: 'w', width: 'wide' });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({
      ok: false,
      command: 'session new',
      error: { code: 'usage.invalid' },
    });
    expect((result.structuredContent as { error: { message: string } }).error.message).toContain('width');
    const missing = await mcp.call('session_kill', {});
    expect(missing.structuredContent).toMatchObject({ ok: false, error: { code: 'usage.invalid' } });
    expect(withoutTiming(missing.structuredContent)).toEqual(withoutTiming(await validationTwin()));
  });

  test('an unknown session is a tool error with tmux.sessionNotFound, as in the CLI', async () => {
    const result = await mcp.call('session_kill', { name: 'nope' });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({
      ok: false,
      command: 'session kill',
      error: { code: 'tmux.sessionNotFound' },
    });
    expect(withoutTiming(result.structuredContent)).toEqual(withoutTiming(await cli('session', 'kill', 'nope')));
  });

  test('an unknown tool is a protocol error', async () => {
    const call = mcp.call('no_such_tool');
    await expect(call).rejects.toBeInstanceOf(McpError);
    await expect(call).rejects.toMatchObject({ code: ErrorCode.InvalidParams });
  });
});

// The CLI reports a missing argument through commander first; validateInput, which MCP goes through, is the same check
// behind it.
async function validationTwin(): Promise<Envelope> {
  const { executeCommand } = await import('../../cli/execute-command.js');
  const { sessionGroup } = await import('../../cli/commands/session.js');
  const kill = sessionGroup.commands.find((c) => c.name === 'kill')!;
  const ctx = { manager: () => manager, progress: () => undefined, globals: {}, viaMcp: false };
  return (await executeCommand(kill, 'session kill', {}, ctx)).envelope;
}
