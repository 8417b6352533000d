import { ErrorCode, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import { readJsonRpcLine } from '../../reflect/read-jsonrpc-line.js';

// Every request with an id gets an answer: either it goes on to the server, or it is answered with a JSON-RPC error
// that an SDK client accepts. Notifications and responses that are malformed are only logged (they get no answer).

/** A line of JSON-RPC 2.0 with these members. */
const line = (members: Record<string, unknown>) => JSON.stringify({ jsonrpc: '2.0', ...members });
/** A line with these members as they are (no jsonrpc added). */
const raw = (members: Record<string, unknown>) => JSON.stringify(members);

describe('lines passed on to the server', () => {
  test.each([
    ['params: null on a request', line({ id: 1, method: 'tools/list', params: null }), { id: 1, method: 'tools/list' }],
    ['params: null on ping', line({ id: 'p', method: 'ping', params: null }), { id: 'p', method: 'ping' }],
    [
      'params: null on a notification',
      line({ method: 'notifications/initialized', params: null }),
      { method: 'notifications/initialized' },
    ],
    [
      'a plain request',
      line({ id: 2, method: 'tools/call', params: { name: 'list', arguments: {} } }),
      { id: 2, method: 'tools/call', params: { name: 'list', arguments: {} } },
    ],
    [
      'a method MCP does not define (the server answers -32601)',
      line({ id: 3, method: 'x/y', params: { a: 1 } }),
      { id: 3, method: 'x/y', params: { a: 1 } },
    ],
    ['a response', line({ id: 4, result: {} }), { id: 4, result: {} }],
  ])('%s', (_, text, expected) => {
    expect(readJsonRpcLine(text)).toEqual({ message: { jsonrpc: '2.0', ...expected } });
  });
});

const { InvalidParams, InvalidRequest, ParseError } = ErrorCode;

describe('requests answered with an error', () => {
  test.each([
    ['params an array', line({ id: 1, method: 'tools/list', params: [1] }), 1, InvalidParams],
    ['params a string', line({ id: 's', method: 'tools/list', params: 'x' }), 's', InvalidParams],
    ['params an array, a method not in MCP', line({ id: 'u', method: 'x/y', params: [1] }), 'u', InvalidParams],
    ['params: null where params are required', line({ id: 2, method: 'tools/call', params: null }), 2, InvalidParams],
    ['tools/call without a name', line({ id: 3, method: 'tools/call', params: {} }), 3, InvalidParams],
    ['a cursor that is not a string', line({ id: 4, method: 'tools/list', params: { cursor: 5 } }), 4, InvalidParams],
    ['initialize with no params', line({ id: 5, method: 'initialize', params: null }), 5, InvalidParams],
    ['a wrong jsonrpc version', raw({ jsonrpc: '1.0', id: 6, method: 'tools/list' }), 6, InvalidRequest],
    ['no jsonrpc member', raw({ id: 7, method: 'tools/list' }), 7, InvalidRequest],
    ['a method that is not a string', line({ id: 8, method: 42 }), 8, InvalidRequest],
    ['no method', line({ id: 9 }), 9, InvalidRequest],
    ['an unknown member', line({ id: 10, method: 'tools/list', extra: true }), 10, InvalidRequest],
    ['an id that is null', line({ id: null, method: 'tools/list' }), undefined, InvalidRequest],
    ['an id that is a float', line({ id: 1.5, method: 'tools/list' }), undefined, InvalidRequest],
    ['an id that is an object', line({ id: { a: 1 }, method: 'tools/list' }), undefined, InvalidRequest],
    ['not JSON', '{"jsonrpc":"2.0","id":11,', undefined, ParseError],
    ['a batch', `[${line({ id: 12, method: 'ping' })}]`, undefined, InvalidRequest],
    ['a string', '"hello"', undefined, InvalidRequest],
    ['null', 'null', undefined, InvalidRequest],
  ])('%s', (_, text, id, code) => {
    const read = readJsonRpcLine(text);
    expect(read).not.toHaveProperty('message');
    if (!('reply' in read) || !read.reply) throw new Error(`no reply for ${text}`);
    expect(read.reply.error.code).toBe(code);
    expect(read.reply.id).toBe(id);
    expect('id' in read.reply).toBe(id !== undefined);
    // What an SDK client reads: a valid JSON-RPC error, with a message and no "MCP error" prefix of ours.
    expect(JSONRPCMessageSchema.safeParse(read.reply).success).toBe(true);
    expect(read.reply.error.message).not.toMatch(/^MCP error/);
  });
});

describe('malformed lines that get no answer', () => {
  test.each([
    ['a notification with bad params', line({ method: 'notifications/initialized', params: [1] })],
    ['a notification with a wrong version', raw({ jsonrpc: '1.0', method: 'notifications/initialized' })],
    ['a malformed response', line({ id: 1, result: 5 })],
    ['a malformed error response', line({ id: 1, error: 'bad' })],
  ])('%s', (_, text) => {
    expect(readJsonRpcLine(text)).toEqual({ problem: expect.any(String) });
  });
});

test.each([
  ['a long member name', line({ id: 1, method: 'ping', ['x'.repeat(100_000)]: 1 })],
  ['a long line that is not JSON', `{"id":1,${'y'.repeat(1_000_000)}`],
])('hostile input is not echoed whole: %s', (_, text) => {
  const read = readJsonRpcLine(text);
  if (!('reply' in read) || !read.reply) throw new Error('no reply');
  expect(read.reply.error.message.length).toBeLessThan(300);
  expect(read.problem.length).toBeLessThan(300);
});
