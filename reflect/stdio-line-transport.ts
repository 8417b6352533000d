import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { readJsonRpcLine } from './read-jsonrpc-line.js';

/** Options for {@link StdioLineTransport}. */
export interface StdioLineTransportOptions {
  /** A longer line is discarded and answered with -32600 (default 10 MiB, the SDK's own limit). */
  maxLineBytes?: number;
  /** Where problems with the input are reported (a line that is not a message); stderr by the caller. */
  log?: (line: string) => void;
}

/**
 * MCP over stdio, one JSON-RPC message per line, in place of the SDK's StdioServerTransport: that one drops any line
 * that fails its schema (a request with `params: null` never got an answer) and closes for good on a line longer than
 * its limit. This one answers every request it cannot pass on (see readJsonRpcLine) and skips an overlong line.
 */
export class StdioLineTransport implements Transport {
  onmessage?: (message: JSONRPCMessage) => void;
  onerror?: (error: Error) => void;
  onclose?: () => void;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** True while the rest of an overlong line is being skipped. */
  private skipping = false;
  private closed = false;
  private readonly maxLineBytes: number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly stdin: NodeJS.ReadableStream = process.stdin,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    options: StdioLineTransportOptions = {},
  ) {
    this.maxLineBytes = options.maxLineBytes ?? 10 * 1024 * 1024;
    this.log = options.log ?? (() => undefined);
  }

  async start(): Promise<void> {
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onError);
  }

  send(message: JSONRPCMessage): Promise<void> {
    const out = this.stdout as NodeJS.WritableStream & { destroyed?: boolean };
    if (this.closed || out.destroyed || !out.writable) return Promise.reject(new Error('stdout is closed'));
    const text = `${JSON.stringify(withPlainErrorMessage(message))}\n`;
    return new Promise((resolve, reject) => {
      if (out.write(text)) return resolve();
      // Waits for the client to read, but not for ever once stdout is gone.
      const done = (error?: Error) => {
        out.off('drain', done);
        out.off('close', gone);
        out.off('error', done);
        if (error) reject(error);
        else resolve();
      };
      const gone = () => done(new Error('stdout closed'));
      out.once('drain', done);
      out.once('close', gone);
      out.once('error', done);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onError);
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.pending = [];
    this.onclose?.();
  }

  private readonly onError = (error: Error) => this.onerror?.(error);

  private readonly onData = (chunk: Buffer | string) => {
    let rest = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let end = rest.indexOf(0x0a); end !== -1 && !this.closed; end = rest.indexOf(0x0a)) {
      this.keep(rest.subarray(0, end));
      const line = this.skipping ? undefined : Buffer.concat(this.pending).toString('utf8');
      this.pending = [];
      this.pendingBytes = 0;
      this.skipping = false;
      rest = rest.subarray(end + 1);
      if (line !== undefined) this.handleLine(line);
    }
    if (!this.closed) this.keep(rest);
  };

  /** Buffers part of the current line; past the limit it is answered once and the rest of it skipped. */
  private keep(part: Buffer): void {
    if (this.skipping || part.length === 0) return;
    this.pendingBytes += part.length;
    if (this.pendingBytes <= this.maxLineBytes) {
      this.pending.push(part);
      return;
    }
    this.skipping = true;
    this.pending = [];
    const problem = `a message longer than ${this.maxLineBytes} bytes was skipped`;
    this.log(`tmux-orc mcp: ${problem}`);
    this.reply({ jsonrpc: '2.0', error: { code: ErrorCode.InvalidRequest, message: problem } } as JSONRPCMessage);
  }

  private handleLine(text: string): void {
    const line = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (line.trim() === '') return;
    const read = readJsonRpcLine(line);
    if ('message' in read) {
      this.onmessage?.(read.message);
      return;
    }
    this.log(`tmux-orc mcp: ${read.problem}`);
    if (read.reply) this.reply(read.reply);
  }

  private reply(message: JSONRPCMessage): void {
    this.send(message).catch((error: unknown) => this.onerror?.(error as Error));
  }
}

/**
 * The SDK's McpError puts "MCP error <code>: " in front of its message and a client puts it there again: the wire
 * carries the message once.
 */
function withPlainErrorMessage(message: JSONRPCMessage): JSONRPCMessage {
  if (!('error' in message)) return message;
  const prefix = `MCP error ${message.error.code}: `;
  if (!message.error.message.startsWith(prefix)) return message;
  return { ...message, error: { ...message.error, message: message.error.message.slice(prefix.length) } };
}
