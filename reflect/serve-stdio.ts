import type { McpServerHandle } from './mcp-server.js';
import { StdioLineTransport } from './stdio-line-transport.js';
import { whenToStop } from './when-to-stop.js';

/** Options for {@link serveStdio}. */
export interface ServeStdioOptions {
  /** Where diagnostics go (default stderr; never stdout, which carries the protocol). */
  log?: (line: string) => void;
  /** How long the calls still running at the stop get to unwind after they are aborted (default 1000 ms). */
  graceMs?: number;
}

/**
 * Serves one MCP client over stdin and stdout, one JSON-RPC message per line, until stdin ends, the transport closes
 * or SIGTERM/SIGINT comes; then closes the server, which aborts the calls still running, and gives them `graceMs` to
 * end. Resolves with the reason it stopped.
 * @example await serveStdio(createMcpServer({ program, name: 'notes', version: '1.0.0' }));
 */
export async function serveStdio(handle: McpServerHandle, options: ServeStdioOptions = {}): Promise<string> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const graceMs = options.graceMs ?? 1000;
  const { server } = handle;
  const stopped = whenToStop(true, (resolve) => void handle.closed.then(() => resolve('transport closed')));
  await server.connect(new StdioLineTransport(process.stdin, process.stdout, { log }));
  const reason = await stopped;
  await server.close().catch((error: unknown) => log(`mcp: ${String(error)}`));
  if (!(await handle.idle(graceMs)))
    log(`mcp: ${handle.running()} tool calls still running ${graceMs} ms after the stop`);
  return reason;
}
