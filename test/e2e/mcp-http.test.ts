import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../../cli/build-program.js';
import { reflectProgram } from '../../reflect/reflect-program.js';
import { requireBuiltCli } from '../helpers/built-cli.js';
import { FAKE_AGENT, eventually } from '../helpers/fake-agent-support.js';
import { killAllPrivateTmux, privateTmux } from '../helpers/private-tmux.js';

// Issue 17: `tmux-orc mcp --http` serves the same tools over Streamable HTTP, to the SDK's own client, and only to a
// request that names this server (Host), comes from no foreign page (Origin) and carries the bearer token.
const tmux = privateTmux('orc-mcp17-http');
const dir = mkdtempSync(join(tmpdir(), 'orc-mcp17-http-'));
const TOKEN = 'orc-mcp17-test-token-0123456789';
const children: ChildProcessWithoutNullStreams[] = [];
const clients: Client[] = [];

/** Starts `tmux-orc mcp --http` with a throwaway HOME; resolves with its URL once it listens. */
async function startHttp(extraArgs: string[] = [], env: Record<string, string> = { TMUX_ORC_MCP_TOKEN: TOKEN }) {
  const home = join(dir, `home-${children.length}`);
  for (const sub of ['.cfg', '.cache', 'state']) mkdirSync(join(home, sub), { recursive: true });
  const base = inheritedEnv();
  delete base.TMUX_ORC_MCP_TOKEN;
  const argv = [requireBuiltCli(), '-L', tmux.socketName, 'mcp', '--http', '127.0.0.1:0', ...extraArgs];
  const child = spawn(process.execPath, argv, {
    env: { ...base, HOME: home, TMUX_ORC_STATE_DIR: join(home, 'state'), XDG_CONFIG_HOME: join(home, '.cfg'), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  await eventually('the server to listen', () => /listening on http:\/\/\S+/.test(stderr), 15000);
  const url = new URL(/listening on (http:\/\/\S+)/.exec(stderr)![1]!);
  return { url, child, stderr: () => stderr };
}

function inheritedEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

interface ConnectOptions {
  token?: string;
  headers?: Record<string, string>;
  fetch?: FetchLike;
}

async function connect(url: URL, options: ConnectOptions = {}) {
  const headers = { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers };
  const fetch = options.fetch ? { fetch: options.fetch } : {};
  const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers }, ...fetch });
  const client = new Client({ name: 'orc-mcp17-http', version: '0' });
  clients.push(client);
  await client.connect(transport);
  return client;
}

/** How the client failed to connect: the HTTP status the SDK's transport reports. */
async function statusOf(connecting: Promise<unknown>): Promise<number | undefined> {
  try {
    await connecting;
    return undefined;
  } catch (error) {
    return (error as { code?: number }).code;
  }
}

/** A fetch over node:http that sends the Host header given (fetch itself always derives Host from the URL). */
const fetchWithHost =
  (host: string): FetchLike =>
  (url, init) =>
    new Promise((resolve, reject) => {
      const headers = Object.fromEntries(new Headers(init?.headers).entries());
      const req = request(url, { method: init?.method ?? 'GET', headers: { ...headers, host } }, (res) => {
        const chunks: Buffer[] = [];
        res
          .on('data', (c: Buffer) => chunks.push(c))
          .on('end', () => {
            const responseHeaders = Object.entries(res.headers).flatMap(([k, v]) =>
              typeof v === 'string' ? [[k, v] as [string, string]] : [],
            );
            resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500, headers: responseHeaders }));
          });
      });
      req.on('error', reject);
      req.end(typeof init?.body === 'string' ? init.body : undefined);
    });

let server: Awaited<ReturnType<typeof startHttp>>;

beforeAll(async () => {
  server = await startHttp();
});

/** Stops a server as a person would (SIGTERM), and kills it if it is still there 3 s later. */
async function stop(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const late = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(late);
}

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await Promise.all(children.map(stop));
  await killAllPrivateTmux();
  rmSync(dir, { recursive: true, force: true });
});

describe('tmux-orc mcp --http', () => {
  test('with the token: the same tools as over stdio, calls, progress and a cancel', async () => {
    const client = await connect(server.url, { token: TOKEN });
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual((await reflectProgram(buildProgram().program)).tools.map((t) => t.name));
    const fake = [process.execPath, FAKE_AGENT, '--kind', 'claude', '--ready-ms', '50'];
    const spawn = { session: 'web', name: 'w1', args: fake };
    const spawned = await client.callTool({ name: 'agent_spawn', arguments: spawn });
    expect(spawned.structuredContent).toMatchObject({ ok: true, data: { ready: true, agent: { target: 'web:w1' } } });

    const seen: Progress[] = [];
    const abort = new AbortController();
    const options = { signal: abort.signal, onprogress: (p: Progress) => seen.push(p) };
    const wait = { target: 'web:w1', until: 'busy', timeout: 60 };
    const waiting = client.callTool({ name: 'agent_wait', arguments: wait }, undefined, options);
    const outcome = waiting.then(
      () => 'answered',
      () => 'rejected',
    );
    await eventually('progress over HTTP', () => seen.length >= 1, 10000);
    abort.abort('done');
    expect(await outcome).toBe('rejected');
    await eventually('the cancel to reach the server', () => /agent_wait cancelled/.test(server.stderr()), 5000);
    const ended = /agent_wait cancelled \(done\); it ended (\d+) ms later/.exec(server.stderr())?.[1];
    expect(Number(ended)).toBeLessThan(100);
    const listed = await client.callTool({ name: 'list' });
    expect(listed.structuredContent).toMatchObject({ ok: true, data: { sessions: [{ name: 'web' }] } });
  });

  test('without the token, or with a wrong one: 401', async () => {
    expect(await statusOf(connect(server.url))).toBe(401);
    expect(await statusOf(connect(server.url, { token: `${TOKEN}x` }))).toBe(401);
  });

  test("from a foreign Origin: 403, even with the token; the server's own origin is fine", async () => {
    expect(await statusOf(connect(server.url, { token: TOKEN, headers: { origin: 'http://evil.example' } }))).toBe(403);
    expect(await statusOf(connect(server.url, { token: TOKEN, headers: { origin: 'null' } }))).toBe(403);
    const own = await connect(server.url, { token: TOKEN, headers: { origin: `http://${server.url.host}` } });
    expect((await own.listTools()).tools.length).toBeGreaterThan(0);
  });

  test('with a Host that is not this server (DNS rebinding): 403, even with the token', async () => {
    const rebound = `evil.example:${server.url.port}`;
    expect(await statusOf(connect(server.url, { token: TOKEN, fetch: fetchWithHost(rebound) }))).toBe(403);
    const other = `127.0.0.1:${Number(server.url.port) + 1}`;
    expect(await statusOf(connect(server.url, { token: TOKEN, fetch: fetchWithHost(other) }))).toBe(403);
    const local = await connect(server.url, { token: TOKEN, fetch: fetchWithHost(`localhost:${server.url.port}`) });
    expect((await local.listTools()).tools.length).toBeGreaterThan(0);
  });

  test('--allow-origin lets that origin in; without TMUX_ORC_MCP_TOKEN a token is made and printed once', async () => {
    const other = await startHttp(['--allow-origin', 'http://localhost:6274'], {});
    const printed = /token \(set TMUX_ORC_MCP_TOKEN to choose one\): (\S+)/.exec(other.stderr())?.[1];
    expect(printed).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(other.stderr().split(printed!).length).toBe(2);
    const browser = await connect(other.url, { token: printed!, headers: { origin: 'http://localhost:6274' } });
    expect((await browser.listTools()).tools.length).toBeGreaterThan(0);
    expect(await statusOf(connect(other.url, { token: TOKEN }))).toBe(401);
    await browser.close();
    await stop(other.child);
    expect(other.child.exitCode).toBe(0);
    expect(other.stderr()).toContain('stopping: SIGTERM');
  });

  test('a bad --http address or a short TMUX_ORC_MCP_TOKEN is usage.invalid; a port in use is mcp.listenFailed', () => {
    const run = (args: string[], env: Record<string, string> = {}) => {
      const out = spawnSync(process.execPath, [requireBuiltCli(), '--json', '-L', tmux.socketName, 'mcp', ...args], {
        encoding: 'utf8',
        env: { ...process.env, HOME: join(dir, 'home-0'), ...env },
        input: '',
      });
      return (JSON.parse(out.stdout) as { error?: { code: string } }).error?.code;
    };
    expect(run(['--http', 'nohost:port'])).toBe('usage.invalid');
    expect(run(['--http', '127.0.0.1:70000'])).toBe('usage.invalid');
    expect(run(['--http', '127.0.0.1:0'], { TMUX_ORC_MCP_TOKEN: 'short' })).toBe('usage.invalid');
    const withToken = { TMUX_ORC_MCP_TOKEN: TOKEN };
    expect(run(['--http', '127.0.0.1:0', '--allow-origin', 'evil.example'], withToken)).toBe('usage.invalid');
    expect(run(['--http', `127.0.0.1:${server.url.port}`], { TMUX_ORC_MCP_TOKEN: TOKEN })).toBe('mcp.listenFailed');
  });

  // Stdio stays the default and lean: the HTTP transport, hono and node:http load only with --http.
  test('tmux-orc mcp over stdio never loads the HTTP transport', () => {
    const guard = join(dir, 'forbid-http.cjs');
    writeFileSync(
      guard,
      [
        "const Module = require('node:module');",
        'const load = Module._load;',
        'Module._load = function (request, ...rest) {',
        'const http = /vendor-mcp-http\\.cjs$|^(node:)?https?$|@hono|streamableHttp/;',
        "  if (http.test(request)) throw new Error('stdio loaded ' + request);",
        '  return load.call(this, request, ...rest);',
        '};',
      ].join('\n'),
    );
    const lines = [
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'lean', version: '0' } },
      },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
    ]
      .map((m) => JSON.stringify(m))
      .join('\n');
    const out = spawnSync(process.execPath, ['--require', guard, requireBuiltCli(), '-L', tmux.socketName, 'mcp'], {
      encoding: 'utf8',
      env: { ...process.env, HOME: join(dir, 'home-0') },
      input: `${lines}\n`,
      timeout: 20000,
    });
    expect(out.stderr).not.toContain('stdio loaded');
    type Answer = { id?: number; result?: { tools?: unknown[] } };
    const answers = out.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Answer);
    expect(answers.find((a) => a.id === 2)?.result?.tools?.length).toBeGreaterThan(25);
  });
});
