import { ErrorCode, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnMcp, type McpProcess } from '../helpers/mcp-process.js';
import { killServer } from '../helpers/private-tmux.js';

// Over real stdio, the built server answers every request that has an id: the SDK's own stdio transport dropped a
// line that failed its schema (`params: null` included) without a word, so the client waited for ever.

const dir = mkdtempSync(join(tmpdir(), 'orc-mcplife-bad-'));
// No tmux server is needed: nothing here reaches tmux.
const socketName = `orc-mcplife-bad-${process.pid}`;
let mcp: McpProcess;

beforeAll(async () => {
  mcp = spawnMcp({ socketName, dir });
  mcp.handshake();
  await mcp.response('init');
});

afterAll(async () => {
  mcp.child.stdin.end();
  await Promise.race([mcp.exited(), new Promise((r) => setTimeout(r, 3000).unref())]);
  mcp.kill();
  killServer(socketName);
  rmSync(dir, { recursive: true, force: true });
});

/** What an SDK client would read: every line on stdout must be a valid JSON-RPC message. */
afterEach(() => {
  expect(mcp.notJson).toEqual([]);
  for (const line of mcp.lines) expect(JSONRPCMessageSchema.safeParse(line).success).toBe(true);
});

test('params: null is read as no params', async () => {
  mcp.send('{"jsonrpc":"2.0","id":1,"method":"tools/list","params":null}');
  expect((await mcp.response(1)).result.tools.map((t: { name: string }) => t.name)).toContain('session_list');
  mcp.send('{"jsonrpc":"2.0","id":2,"method":"ping","params":null}');
  expect(await mcp.response(2)).toEqual({ jsonrpc: '2.0', id: 2, result: {} });
});

test.each([
  ['tools/call, null params', '{"jsonrpc":"2.0","id":"a","method":"tools/call","params":null}', 'a', -32602],
  ['params an array', '{"jsonrpc":"2.0","id":"b","method":"tools/list","params":[]}', 'b', ErrorCode.InvalidParams],
  ['a wrong jsonrpc version', '{"jsonrpc":"1.0","id":"c","method":"tools/list"}', 'c', ErrorCode.InvalidRequest],
  ['an unknown member', '{"jsonrpc":"2.0","id":"d","method":"ping","x":1}', 'd', ErrorCode.InvalidRequest],
  ['a method not a string', '{"jsonrpc":"2.0","id":"e","method":["tools/list"]}', 'e', ErrorCode.InvalidRequest],
])('%s is answered with a JSON-RPC error', async (_, line, id, code) => {
  mcp.send(line);
  const response = await mcp.response(id);
  expect(response.error.code).toBe(code);
  // The message is written once; the client adds its own "MCP error <code>:" prefix.
  expect(response.error.message).not.toMatch(/MCP error/);
});

test('a line that is not JSON is answered with a parse error, and the server goes on', async () => {
  const before = mcp.lines.length;
  mcp.send('{"jsonrpc":"2.0","id":"f",');
  mcp.send('{"jsonrpc":"2.0","id":"g","method":"ping"}');
  expect(await mcp.response('g')).toMatchObject({ result: {} });
  const parseError = { jsonrpc: '2.0', error: { code: ErrorCode.ParseError, message: expect.any(String) } };
  expect(mcp.lines.slice(before)).toContainEqual(parseError);
});

test('a line over 10 MiB is skipped and answered; the server does not close', async () => {
  const before = mcp.lines.length;
  mcp.send(`{"jsonrpc":"2.0","id":"h","method":"ping","params":{"pad":"${'x'.repeat(11 * 1024 * 1024)}"}}`);
  mcp.send('{"jsonrpc":"2.0","id":"i","method":"ping"}');
  expect(await mcp.response('i')).toMatchObject({ result: {} });
  const tooLong = { jsonrpc: '2.0', error: { code: ErrorCode.InvalidRequest, message: expect.any(String) } };
  expect(mcp.lines.slice(before)).toContainEqual(tooLong);
  expect(mcp.lines.find((l) => l.id === 'h')).toBeUndefined();
});

test('an unknown tool is -32602 with the message written once', async () => {
  mcp.send({ jsonrpc: '2.0', id: 'j', method: 'tools/call', params: { name: 'no_such_tool', arguments: {} } });
  const { error } = await mcp.response('j');
  expect(error).toEqual({ code: ErrorCode.InvalidParams, message: 'unknown tool "no_such_tool"' });
});
