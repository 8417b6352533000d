import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { allowedHosts, checkRequest, originAllowed, type GuardRules, type HttpAddress } from './http-guard.js';
import type { McpServerHandle } from './mcp-server.js';

/** What `tmux-orc mcp --http` serves. */
export interface McpHttpOptions {
  address: HttpAddress;
  token: string;
  /** Browser origins allowed besides the server's own (`--allow-origin`). */
  allowOrigins?: readonly string[];
  /** A new MCP server for one session (each client connection is a session with its own server). */
  newServer(): McpServerHandle;
  log(line: string): void;
  /** At most this many sessions at once (default 64); past it the longest idle one goes, if idle a minute. */
  maxSessions?: number;
}

/** A listening server. */
export interface McpHttpHandle {
  /** `http://127.0.0.1:43567/mcp`: where clients connect. */
  url: string;
  /** How many sessions are open. */
  sessions(): number;
  /** Stops listening and closes every session (their running calls are aborted); resolves once they unwound. */
  close(graceMs: number): Promise<void>;
}

/** The one path the server answers on, as MCP clients expect it. */
export const MCP_PATH = '/mcp';
/** The largest request body read: a message is at most 1 MiB of text, and JSON escaping can double it. */
const MAX_BODY_BYTES = 4 << 20;
const IDLE_EVICT_MS = 60_000;

interface Session {
  transport: StreamableHTTPServerTransport;
  handle: McpServerHandle;
  lastUsed: number;
}

/**
 * Serves MCP over Streamable HTTP on node:http with the SDK's transport, one session (and MCP server) per client.
 * Every request passes the Host, Origin and bearer-token checks first (reflect/http-guard.ts).
 */
export async function serveMcpHttp(options: McpHttpOptions): Promise<McpHttpHandle> {
  const sessions = new Map<string, Session>();
  const maxSessions = options.maxSessions ?? 64;
  let rules: GuardRules | undefined;
  const http: HttpServer = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.log(`tmux-orc mcp: http: ${(error as Error)?.stack ?? String(error)}`);
      if (!res.headersSent) refuse(res, 500, 'internal error');
      else res.end();
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '').split('?')[0];
    const origin = req.headers.origin;
    if (origin !== undefined && rules && originAllowed(origin, rules)) corsHeaders(res, origin);
    const refusal = checkRequest(req.headers, rules!);
    // A browser's preflight carries no Authorization: it only needs Host and Origin to pass.
    if (req.method === 'OPTIONS' && (!refusal || refusal.status === 401)) return void res.writeHead(204).end();
    if (refusal) return refuse(res, refusal.status, refusal.message, refusal.status === 401);
    if (path !== MCP_PATH) return refuse(res, 404, `not found: MCP is served on ${MCP_PATH}`);
    const id = req.headers['mcp-session-id'];
    if (typeof id === 'string') {
      const session = sessions.get(id);
      if (!session) return refuse(res, 404, 'no such session (it ended, or the server restarted): initialize again');
      session.lastUsed = Date.now();
      const body = req.method === 'POST' ? await readJson(req, res) : undefined;
      if (body === NOT_READ) return;
      return session.transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST') return refuse(res, 400, 'an mcp-session-id header is required');
    const body = await readJson(req, res);
    if (body === NOT_READ) return;
    if (!isInitializeRequest(body)) return refuse(res, 400, 'the first request of a session must be initialize');
    if (sessions.size >= maxSessions && !evictIdle()) {
      return refuse(res, 503, `at most ${maxSessions} sessions at once`);
    }
    await openSession(req, res, body);
  };

  const openSession = async (req: IncomingMessage, res: ServerResponse, body: unknown) => {
    const handle = options.newServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id) => void sessions.set(id, { transport, handle, lastUsed: Date.now() }),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await handle.server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const evictIdle = (): boolean => {
    const oldest = [...sessions].sort(([, a], [, b]) => a.lastUsed - b.lastUsed)[0];
    if (!oldest || Date.now() - oldest[1].lastUsed < IDLE_EVICT_MS || oldest[1].handle.running() > 0) return false;
    const idleS = Math.round((Date.now() - oldest[1].lastUsed) / 1000);
    options.log(`tmux-orc mcp: closing session ${oldest[0].slice(0, 8)}, idle for ${idleS} s`);
    sessions.delete(oldest[0]);
    void oldest[1].handle.server.close().catch(() => undefined);
    return true;
  };

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.address.port, options.address.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  rules = {
    hosts: allowedHosts(options.address, port),
    origins: new Set((options.allowOrigins ?? []).map((o) => o.toLowerCase())),
    token: options.token,
  };
  const shownHost = options.address.host.includes(':') ? `[${options.address.host}]` : options.address.host;
  return {
    url: `http://${shownHost}:${port}${MCP_PATH}`,
    sessions: () => sessions.size,
    async close(graceMs) {
      const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.all(open.map((s) => s.handle.server.close().catch(() => undefined)));
      await Promise.all(open.map((s) => s.handle.idle(graceMs)));
      await stopped;
    },
  };
}

const NOT_READ = Symbol('not read');

/** The request's JSON body (at most MAX_BODY_BYTES); answers 413 or a parse error itself and returns NOT_READ. */
async function readJson(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req) {
    length += (chunk as Buffer).length;
    if (length > MAX_BODY_BYTES) {
      refuse(res, 413, `the request body is larger than ${MAX_BODY_BYTES} bytes`);
      req.destroy();
      return NOT_READ;
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks, length).toString('utf8'));
  } catch {
    const error = { code: -32700, message: 'Parse error: the body is not JSON' };
    res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error, id: null }));
    return NOT_READ;
  }
}

/** A refusal as MCP's HTTP transport words errors: a JSON-RPC error with no id. */
function refuse(res: ServerResponse, status: number, message: string, askForToken = false): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (askForToken) headers['www-authenticate'] = 'Bearer realm="tmux-orc"';
  res.writeHead(status, headers).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

// Only for an origin that passed the checks: a browser client then may call, read the session id and send it back.
function corsHeaders(res: ServerResponse, origin: string): void {
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  res.setHeader('access-control-allow-methods', 'GET, POST, DELETE, OPTIONS');
  const headers = [
    'authorization',
    'content-type',
    'accept',
    'last-event-id',
    'mcp-session-id',
    'mcp-protocol-version',
  ].join(', ');
  res.setHeader('access-control-allow-headers', headers);
  res.setHeader('access-control-expose-headers', 'mcp-session-id, mcp-protocol-version');
}
