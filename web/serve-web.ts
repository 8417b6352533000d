import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { allowedHosts, checkRequest, type GuardRules, type HttpAddress } from '../reflect/http-guard.js';
import type { FleetView } from '../src/fleet/fleet-view.js';
import type { FleetSource } from '../src/fleet/hosts-fleet-watcher.js';
import { toOrcError } from '../src/errors.js';
import { renderIndex, type WebAssets } from './web-assets.js';

/** What an action answers: the command's envelope. */
export interface ActionAnswer {
  ok: boolean;
  error?: { code: string };
  [key: string]: unknown;
}

/** What `tmux-orc web` serves. */
export interface WebOptions {
  address: HttpAddress;
  token: string;
  watcher: FleetSource;
  assets: WebAssets;
  /** The actions the page may post, and how each runs (the `agent` command of that name). */
  actions: readonly string[];
  act(action: string, target: string, text?: string): Promise<ActionAnswer>;
  /** The tmux server, as people name it, for the page's header. */
  server: string;
  log(line: string): void;
}

/** A listening web server. */
export interface WebHandle {
  /** `http://127.0.0.1:43567/?token=...`: the page, with its token. */
  url: string;
  port: number;
  /** Stops listening and ends every open connection (the event streams too). */
  close(): Promise<void>;
}

/** The largest action body read: a message is at most 256 KiB, and JSON escaping can make it several times that. */
const MAX_BODY_BYTES = 2 << 20;
/** At most this many pages following the fleet at once. */
const MAX_STREAMS = 32;
const HEARTBEAT_MS = 15_000;
/** The paths a GET reads besides the page's files; the last of them, /events, is the live stream. */
const READS = new Set(['/', '/api/fleet', '/api/screen', '/events']);

const COMMON_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'x-frame-options': 'DENY',
};
// The page runs only its own two scripts; xterm.js sets styles from script, which needs 'unsafe-inline' for styles
// only.
const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; " +
  "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Serves the fleet page on node:http: the page and its files, the fleet as server-sent events (fed by the watcher,
 * which follows the core's events), an agent's coloured screen, and the actions as POSTs. Every request passes
 * reflect/http-guard.ts first: the Host must name this server, an Origin must be its own, and the token must come with
 * it (`?token=` on a GET, `Authorization: Bearer` on anything else); an action is only ever a POST of JSON.
 */
export async function serveWeb(options: WebOptions): Promise<WebHandle> {
  let rules: GuardRules | undefined;
  const streams = new Set<ServerResponse>();
  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.log(`tmux-orc web: ${(error as Error)?.stack ?? String(error)}`);
      if (!res.headersSent) refuse(res, 500, 'internal error');
      else res.end();
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://local');
    const method = req.method ?? 'GET';
    // The token in the URL is taken for reads only: the page loads with it, as a notebook server's does. An action
    // needs it in a header, which no other page, form or link can add.
    const queryToken = method === 'GET' || method === 'HEAD' ? url.searchParams.get('token') : null;
    const authorization = req.headers.authorization ?? (queryToken !== null ? `Bearer ${queryToken}` : undefined);
    const refusal = checkRequest(
      {
        ...(req.headers.host !== undefined ? { host: req.headers.host } : {}),
        ...(req.headers.origin !== undefined ? { origin: req.headers.origin } : {}),
        ...(authorization !== undefined ? { authorization } : {}),
      },
      rules!,
    );
    if (refusal) return refuse(res, refusal.status, refusal.message);
    const path = url.pathname;
    const action = /^\/api\/([a-z]+)$/.exec(path)?.[1];
    if (action !== undefined && options.actions.includes(action)) {
      if (method !== 'POST') return refuse(res, 405, `${path} takes a POST`, { allow: 'POST' });
      return act(req, res, action);
    }
    const asset = options.assets.files.get(path);
    if (!asset && !READS.has(path)) return refuse(res, 404, `not found: ${path.slice(0, 100)}`);
    if (method !== 'GET' && method !== 'HEAD') return refuse(res, 405, `${path} takes a GET`, { allow: 'GET' });
    if (path === '/') {
      const page = renderIndex(options.assets.index, options.token, options.server);
      return send(res, 200, 'text/html; charset=utf-8', page, { 'content-security-policy': PAGE_CSP });
    }
    if (asset) return send(res, 200, asset.type, asset.body);
    if (path === '/api/fleet') return json(res, 200, fleetPayload(options.watcher.current()));
    if (path === '/api/screen') {
      try {
        return json(res, 200, await options.watcher.screen(url.searchParams.get('target') ?? ''));
      } catch (error) {
        const { code, message } = toOrcError(error);
        return json(res, code === 'agent.notFound' ? 404 : 409, { ok: false, error: { code, message } });
      }
    }
    return follow(res);
  };

  const act = async (req: IncomingMessage, res: ServerResponse, action: string) => {
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      return refuse(res, 415, 'an action is a POST of application/json');
    const body = await readBody(req);
    if (body === undefined) {
      // Not read to its end: the connection goes once the answer is out.
      res.on('finish', () => req.destroy());
      return refuse(res, 413, `the body is larger than ${MAX_BODY_BYTES} bytes`, { connection: 'close' });
    }
    let input: { target?: unknown; text?: unknown };
    try {
      input = JSON.parse(body) as typeof input;
    } catch {
      return refuse(res, 400, 'the body is not JSON');
    }
    if (typeof input?.target !== 'string' || (input.text !== undefined && typeof input.text !== 'string')) {
      return refuse(res, 400, 'the body is {"target": "<session:agent>", "text": "<message, for send>"}');
    }
    const answer = await options.act(action, input.target, input.text as string | undefined);
    options.watcher.refresh();
    const code = answer.error?.code ?? '';
    return json(
      res,
      answer.ok
        ? 200
        : code.startsWith('usage.') || code === 'target.invalid'
          ? 400
          : code === 'agent.notFound'
            ? 404
            : 409,
      answer,
    );
  };

  const follow = (res: ServerResponse) => {
    if (streams.size >= MAX_STREAMS) return refuse(res, 503, `at most ${MAX_STREAMS} pages at once`);
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'keep-alive',
    });
    const push = (view: FleetView) => res.write(`event: fleet\ndata: ${JSON.stringify(fleetPayload(view))}\n\n`);
    streams.add(res);
    push(options.watcher.current());
    const unsubscribe = options.watcher.onUpdate(push);
    const heartbeat = setInterval(() => res.write(': still here\n\n'), HEARTBEAT_MS);
    res.on('close', () => {
      streams.delete(res);
      unsubscribe();
      clearInterval(heartbeat);
    });
  };

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.address.port, options.address.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  rules = { hosts: allowedHosts(options.address, port), origins: new Set(), token: options.token };
  const shownHost = options.address.host.includes(':') ? `[${options.address.host}]` : options.address.host;
  return {
    url: `http://${shownHost}:${port}/?token=${encodeURIComponent(options.token)}`,
    port,
    async close() {
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await closed;
    },
  };
}

/** The fleet as the page gets it: rows without pane ids, and the server's clock (for durations). */
function fleetPayload(view: FleetView): Record<string, unknown> {
  return {
    takenAt: view.takenAt,
    serverNow: Date.now(),
    serverRunning: view.serverRunning,
    monitor: view.monitor,
    ...(view.error ? { error: view.error } : {}),
    ...(view.hosts ? { hosts: view.hosts } : {}),
    rows: view.rows.map(({ paneId: _, ...row }) => row),
  };
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of req) {
    length += (chunk as Buffer).length;
    if (length > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, length).toString('utf8');
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...COMMON_HEADERS, ...headers, 'content-type': type });
  res.end(body);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

/** A refusal: the HTTP status, and `{"error": message}`. */
function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  send(
    res,
    status,
    'application/json; charset=utf-8',
    JSON.stringify({ error: message }),
    status === 401 ? { ...headers, 'www-authenticate': 'Bearer realm="tmux-orc"' } : headers,
  );
}
