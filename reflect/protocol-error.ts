/**
 * A JSON-RPC error with a plain message (and optional data). The SDK's McpError writes "MCP error <code>: " into its
 * message, which the client's McpError then prefixes again ("MCP error -32602: MCP error -32602: ...").
 */
export class ProtocolError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}
