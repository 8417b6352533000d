import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { connectInMemory, type InMemoryMcp } from '../helpers/mcp-in-memory.js';
import { killAllPrivateTmux, privateTmux } from '../helpers/private-tmux.js';

// The SDK's McpError puts "MCP error <code>: " into its message and the client's McpError adds it again, so the
// server must send the bare message. No tmux server is started: an unknown tool never reaches tmux.
const tmux = privateTmux('orc-mcplife-unknown');
let mcp: InMemoryMcp;

beforeAll(async () => {
  mcp = await connectInMemory(tmux.manager());
});

afterAll(async () => {
  await mcp?.close();
  await killAllPrivateTmux();
});

test.each([
  ['x', 'unknown tool "x"'],
  ['a "quoted"\nname', 'unknown tool "a \\"quoted\\"\\nname"'],
])('an unknown tool %j is the JSON-RPC error -32602 with a clean message', async (name, message) => {
  const error = await mcp.client.callTool({ name, arguments: {} }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(McpError);
  expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
  // One prefix, the client's own.
  expect((error as McpError).message).toBe(`MCP error ${ErrorCode.InvalidParams}: ${message}`);
});
