import { createHash, timingSafeEqual } from 'node:crypto';
import { networkInterfaces, hostname } from 'node:os';

// The checks `tmux-orc mcp --http` makes on every request before the MCP transport sees it. A page in a browser can
// make the browser send requests to a loopback server; a DNS rebinding attack makes such a page's own host name
// resolve to 127.0.0.1. So the Host header must name this server, an Origin header must be this server's (or one the
// operator allowed), and every request needs the bearer token, which no page can read.

/** Where the server listens, as given to `--http`. */
export interface HttpAddress {
  /** The host to bind, as written: `127.0.0.1`, `::1`, `localhost`, `0.0.0.0`, `192.168.1.5`. */
  host: string;
  port: number;
}

/** The loopback names a local client may put in its Host header. */
const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Parses `--http`: `port`, `:port`, `host:port` or `[v6]:port`; the host is 127.0.0.1 (loopback only) when absent.
 * Returns an error message for anything else.
 * @example parseHttpAddress('8080') // { host: '127.0.0.1', port: 8080 }
 */
export function parseHttpAddress(text: string): HttpAddress | string {
  const match = /^(?:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]*):)?(\d{1,5})$/.exec(text.trim());
  const port = Number(match?.[2]);
  if (!match || port > 65535) {
    return `--http takes host:port, :port or port (port 0-65535), got ${JSON.stringify(text.slice(0, 80))}`;
  }
  const written = match[1] ?? '';
  const host = written.startsWith('[') ? written.slice(1, -1) : written;
  return { host: host || '127.0.0.1', port };
}

/** Whether an address is loopback only, so no other machine can reach it. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Whether the server listens on every interface. */
function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

/**
 * The Host header values that name this server (lower case, with the port): the bound host, and on loopback or a
 * wildcard bind the loopback names too; on a wildcard bind also this machine's own addresses and name.
 */
export function allowedHosts(bound: HttpAddress, port: number): Set<string> {
  const names = new Set<string>();
  const add = (host: string) => {
    const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
    names.add(`${bracketed}:${port}`.toLowerCase());
  };
  if (!isWildcard(bound.host)) add(bound.host);
  if (isLoopback(bound.host) || isWildcard(bound.host)) for (const host of LOOPBACK) add(host);
  if (isWildcard(bound.host)) {
    add(hostname());
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) add(a.address);
  }
  return names;
}

/** Why a request is refused, as an HTTP status and a message; undefined when it may go on. */
export interface Refusal {
  status: 401 | 403;
  message: string;
}

/** What {@link checkRequest} compares a request with. */
export interface GuardRules {
  hosts: ReadonlySet<string>;
  /** Origins besides this server's own (`http://<allowed host>`), from `--allow-origin`. */
  origins: ReadonlySet<string>;
  token: string;
}

/** The checks, in order: Host (403), Origin (403), then the bearer token (401). */
export function checkRequest(
  headers: { host?: string; origin?: string; authorization?: string },
  rules: GuardRules,
): Refusal | undefined {
  const host = (headers.host ?? '').toLowerCase();
  if (!rules.hosts.has(host)) {
    return { status: 403, message: `Host ${JSON.stringify(host.slice(0, 100))} is not this server` };
  }
  if (headers.origin !== undefined && !originAllowed(headers.origin, rules)) {
    return { status: 403, message: `Origin ${JSON.stringify(headers.origin.slice(0, 100))} is not allowed` };
  }
  if (!tokenMatches(headers.authorization, rules.token)) {
    return { status: 401, message: 'a bearer token is required (Authorization: Bearer <token>)' };
  }
  return undefined;
}

/** Whether a browser Origin is this server's own or one the operator allowed. */
export function originAllowed(origin: string, rules: Pick<GuardRules, 'hosts' | 'origins'>): boolean {
  const lower = origin.toLowerCase();
  if (rules.origins.has(lower)) return true;
  return lower.startsWith('http://') && rules.hosts.has(lower.slice('http://'.length));
}

// Compared as digests, so the time taken says nothing about how much of the token matched, nor its length.
function tokenMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer +(\S+)\s*$/i.exec(header ?? '')?.[1];
  if (given === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(token));
}
