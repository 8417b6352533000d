import { PassThrough } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { StdioLineTransport } from '../../reflect/stdio-line-transport.js';

/** A transport on in-memory streams: what it passed on, what it wrote back, what it logged. */
async function started(options: { maxLineBytes?: number } = {}) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const logs: string[] = [];
  const transport = new StdioLineTransport(stdin, stdout, { ...options, log: (l) => logs.push(l) });
  const messages: JSONRPCMessage[] = [];
  transport.onmessage = (m) => messages.push(m);
  let written = '';
  stdout.setEncoding('utf8').on('data', (d: string) => (written += d));
  await transport.start();
  const replies = () =>
    written
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, any>);
  return { stdin, stdout, transport, messages, replies, logs };
}

const tick = () => new Promise((r) => setImmediate(r));

test('messages split across chunks, several in one chunk, CRLF and blank lines', async () => {
  const t = await started();
  t.stdin.write('{"jsonrpc":"2.0","id":1,"met');
  t.stdin.write('hod":"ping"}\r\n\n  \n{"jsonrpc":"2.0","id":2,"method":"ping"}\n{"jsonrpc":"2.0",');
  t.stdin.write(Buffer.from('"method":"notifications/initialized"}\n'));
  await tick();
  expect(t.messages).toEqual([
    { jsonrpc: '2.0', id: 1, method: 'ping' },
    { jsonrpc: '2.0', id: 2, method: 'ping' },
    { jsonrpc: '2.0', method: 'notifications/initialized' },
  ]);
  expect(t.replies()).toEqual([]);
});

test('a line over the limit is answered once, skipped to its end, and the next line is read', async () => {
  const t = await started({ maxLineBytes: 100 });
  t.stdin.write(`{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"${'x'.repeat(80)}`);
  t.stdin.write('x'.repeat(500));
  t.stdin.write('"}}\n{"jsonrpc":"2.0","id":2,"method":"ping"}\n');
  await tick();
  expect(t.messages).toEqual([{ jsonrpc: '2.0', id: 2, method: 'ping' }]);
  const skipped = { jsonrpc: '2.0', error: { code: -32600, message: expect.stringContaining('100 bytes') } };
  expect(t.replies()).toEqual([skipped]);
  expect(t.logs).toHaveLength(1);
});

test('an error message the SDK prefixed with "MCP error <code>: " goes out with the bare message', async () => {
  const t = await started();
  const sent = [
    [-32602, 'MCP error -32602: Invalid tools/call result: x'],
    // Another code's prefix is part of the message.
    [-32603, 'MCP error -32602: not this code'],
  ] as const;
  for (const [code, message] of sent) await t.transport.send({ jsonrpc: '2.0', id: code, error: { code, message } });
  expect(t.replies().map((r) => r.error.message)).toEqual(['Invalid tools/call result: x', sent[1][1]]);
});

test('after close nothing more is read and send rejects', async () => {
  const t = await started();
  let closed = 0;
  t.transport.onclose = () => closed++;
  await t.transport.close();
  await t.transport.close();
  t.stdin.write('{"jsonrpc":"2.0","id":1,"method":"ping"}\n');
  await tick();
  expect(t.messages).toEqual([]);
  expect(closed).toBe(1);
  await expect(t.transport.send({ jsonrpc: '2.0', id: 1, result: {} })).rejects.toThrow(/closed/);
});

test('send does not wait for ever on a stdout that closes while it is full', async () => {
  const stdin = new PassThrough();
  const stdout = new PassThrough({ highWaterMark: 16 });
  const transport = new StdioLineTransport(stdin, stdout);
  await transport.start();
  const sending = transport.send({ jsonrpc: '2.0', id: 1, result: { pad: 'x'.repeat(1000) } });
  stdout.destroy();
  await expect(sending).rejects.toThrow(/closed/);
});
