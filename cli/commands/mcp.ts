import type { Command } from 'commander';
import type { HttpAddress } from '../../reflect/http-guard.js';
import type { McpServerHandle } from '../../reflect/mcp-server.js';
import type { LiveFleet } from '../../src/agents/live-fleet.js';
import type { HostFleets } from '../../src/hosts/host-fleets.js';
import { OrcError } from '../../src/errors.js';
import type { TMUXManager } from '../../src/manager/tmux-manager.js';
import { commandTreeOf, defineCommand, type GlobalOptions } from '../command-spec.js';
import { socketOptions } from '../socket-options.js';

// The SDK, zod and the reflection load inside run, so they cost nothing to the other commands.

/** How long the calls still running when the server stops get to unwind (they are aborted first). */
const STOP_GRACE_MS = 1000;
/** After the stop, how long anything may still hold the process before it exits anyway. */
const EXIT_DEADLINE_MS = 1500;

/** `tmux-orc mcp`: every command as an MCP tool, over stdio until stdin closes, or over HTTP until a signal. */
export const mcpCommand = defineCommand({
  name: 'mcp',
  description:
    'Serve every tmux-orc command as an MCP tool on one long-lived tmux connection: over stdio until stdin ' +
    'closes (the default), or over Streamable HTTP with --http. Logs go to stderr; over stdio, stdout carries only ' +
    'the protocol.',
  effect: 'read',
  notForMcp: 'it is the MCP server itself',
  options: [
    { flags: '--read-only', description: 'serve only the tools that read (no change or destroy)' },
    {
      flags: '--tools <globs>',
      description: 'serve only tools whose name or group matches one of these comma-separated globs (session_*,list)',
    },
    {
      flags: '--exclude <globs>',
      description: 'leave out tools whose name or group matches one of these comma-separated globs',
    },
    {
      flags: '--shape <shape>',
      description: 'flat: one tool per command; grouped: one tool per group with an action property',
      choices: ['flat', 'grouped'],
      default: 'flat',
    },
    {
      flags: '--http <host:port>',
      description:
        'serve Streamable HTTP at http://<host:port>/mcp instead of stdio (port alone: 127.0.0.1); every ' +
        'request needs Authorization: Bearer <token>, the token from TMUX_ORC_MCP_TOKEN or made up and printed once ' +
        'on stderr',
      maxLength: 300,
    },
    {
      flags: '--relay-permissions',
      description:
        "when an agent waits on a permission prompt, ask the client's user (MCP elicitation) and answer it " +
        'with theirs; without an answer, or for a client that cannot elicit, the prompt stays as it is',
    },
    {
      flags: '--allow-origin <origins>',
      description:
        "with --http: comma-separated browser origins allowed to call besides the server's own " +
        '(http://localhost:6274)',
    },
  ],
  examples: [
    'tmux-orc mcp',
    'tmux-orc -L work mcp --read-only',
    'claude mcp add tmux-orc -- tmux-orc mcp --exclude "*_kill"',
    'tmux-orc mcp --relay-permissions',
    'TMUX_ORC_MCP_TOKEN=$(openssl rand -hex 32) tmux-orc mcp --http 127.0.0.1:8765',
  ],
  output: (z) => z.object({ tools: z.number().int().describe('how many tools were served') }),
  async run(input, ctx) {
    // tmux-orc's own program is served through the toolkit's public API (reflect/index.ts), as any program is.
    const [{ createMcpServer, reflectProgram, serveStdio }, { splitGlobs }, { stderrLog }] = await Promise.all([
      import('../../reflect/index.js'),
      import('../../reflect/match-glob.js'),
      import('../../reflect/stderr-log.js'),
    ]);
    // Every diagnostic goes through one writer that never throws and goes quiet once stderr is gone.
    const stderr = stderrLog();
    const log = stderr.line;
    const socket = socketOptions(ctx.globals);
    // The server's own host (`tmux-orc -H build mcp`), and the hosts its calls name, each on a warm manager of its own.
    const globals = {
      ...(ctx.globals.socketName ? { socketName: ctx.globals.socketName } : {}),
      ...(ctx.globals.socketPath ? { socketPath: ctx.globals.socketPath } : {}),
      ...(ctx.globals.host ? { host: ctx.globals.host } : {}),
      ...(ctx.globals.at ? { at: ctx.globals.at } : {}),
    };
    const others = new Map<string, Promise<TMUXManager>>();
    const http = input.http === undefined ? undefined : await httpSettings(input.http, input.allowOrigin);
    // The manager and the full command tree are made on first need, after the initialize reply: loading every
    // command group and the tmux transport is start-up time the handshake does not need.
    let made: Promise<TMUXManager> | undefined;
    let released = false;
    const manager = () => {
      // A call still unwinding after the stop must not open a connection nobody would close.
      if (released) return Promise.reject(new OrcError('tmux.connectionLost', 'tmux-orc mcp is stopping'));
      return (made ??= import('../../src/manager/tmux-manager.js').then(
        (m) => new m.TMUXManager({ ...socket, transport: 'auto', prefetch: true }),
      ));
    };
    const hostManager = async (host: string, base: GlobalOptions) => {
      if (released) throw new OrcError('tmux.connectionLost', 'tmux-orc mcp is stopping');
      const { resolveHost, onOtherHost } = await import('../../src/hosts/resolve-host.js');
      // Over MCP only the hosts file's hosts: a model does not choose where the user's keys log in.
      const onHost: GlobalOptions = {
        ...onOtherHost(base, host),
        host,
        at: await resolveHost(host, { allowDestination: false }),
      };
      const other = socketOptions(onHost);
      const key = JSON.stringify(other);
      if (key === JSON.stringify(socket)) return { globals: onHost, manager: await manager() };
      let found = others.get(key);
      if (!found) {
        found = import('../../src/manager/tmux-manager.js').then(
          (m) => new m.TMUXManager({ ...other, transport: 'auto', prefetch: true }),
        );
        others.set(key, found);
      }
      return { globals: onHost, manager: await found };
    };
    let building: Promise<Command> | undefined;
    const program = () =>
      (building ??= (async () =>
        commandTreeOf(ctx, { manager: await manager(), stdout: stderr.write, stderr: stderr.write }))());
    const options = {
      readOnly: input.readOnly === true,
      tools: splitGlobs(input.tools),
      exclude: splitGlobs(input.exclude),
      shape: input.shape,
    };
    // The live fleets behind the resources and the relay: one per host manager, made on first need, shared by every
    // session; a target's host prefix picks one (HostFleets, routed as the tools route).
    const lives = new Map<TMUXManager, Promise<LiveFleet>>();
    const liveOn = (m: TMUXManager) => {
      let found = lives.get(m);
      if (!found)
        lives.set(
          m,
          (found = import('../../src/agents/live-fleet.js').then(({ LiveFleet: Live }) => new Live(m, log))),
        );
      return found;
    };
    let fleets: Promise<HostFleets> | undefined;
    const fleet = () =>
      (fleets ??= Promise.all([manager(), import('../../src/hosts/host-fleets.js')]).then(
        async ([m, { HostFleets: Fleets }]) =>
          new Fleets({
            own: await liveOn(m),
            on: async (host) => liveOn((await hostManager(host, globals)).manager),
          }),
      ));
    let reflecting: ReturnType<typeof reflectProgram> | undefined;
    const reflection = () => (reflecting ??= program().then((p) => reflectProgram(p, options)));
    // A stray console.log anywhere would corrupt the protocol on stdout.
    const consoleLog = console.log;
    console.log = console.error;
    const onFault = (error: unknown) => log(`tmux-orc mcp: ${(error as Error)?.stack ?? String(error)}`);
    process.on('uncaughtException', onFault);
    process.on('unhandledRejection', onFault);
    const newServer = () => {
      const handle = createMcpServer({
        program,
        manager,
        globals,
        hostManager,
        options,
        reflection,
        log,
        fleet,
        relayPermissions: input.relayPermissions === true,
        // The tools are reflected once the client has its initialize reply, so they do not delay it.
        onInitialized: () => {
          log(`tmux-orc mcp: client ${handle.server.getClientVersion()?.name ?? '?'} connected`);
          reflection().then((r) => log(`tmux-orc mcp: serving ${r.tools.length} tools`), onFault);
        },
      });
      return handle;
    };
    try {
      if (http) await serveHttp(http, newServer, log);
      else {
        log(`tmux-orc mcp: listening on stdio (tmux socket ${socket.socketPath ?? socket.socketName ?? 'default'})`);
        log(`tmux-orc mcp: stopping: ${await serveStdio(newServer(), { log, graceMs: STOP_GRACE_MS })}`);
      }
      return { tools: (await reflection()).tools.length };
    } finally {
      released = true;
      for (const live of lives.values()) (await live.catch(() => undefined))?.close();
      if (made) await (await made).close().catch(onFault);
      await Promise.all([...others.values()].map(async (m) => (await m).close().catch(onFault)));
      process.off('uncaughtException', onFault);
      process.off('unhandledRejection', onFault);
      console.log = consoleLog;
      exitIfStillHeld(log);
    }
  },
  human: () => '',
});

type NewServer = () => McpServerHandle;

/** What --http and --allow-origin ask for, checked before anything starts. */
interface HttpSettings {
  address: HttpAddress;
  token: string;
  /** Set when the token was made up here, so it is printed (once). */
  madeToken: boolean;
  allowOrigins: string[];
}

/** The least length of a token from TMUX_ORC_MCP_TOKEN: a short one could be guessed by trying. */
const MIN_TOKEN_CHARS = 16;

async function httpSettings(address: string, allowOrigin: string | undefined): Promise<HttpSettings> {
  const [{ parseHttpAddress }, { randomBytes }] = await Promise.all([
    import('../../reflect/http-guard.js'),
    import('node:crypto'),
  ]);
  const parsed = parseHttpAddress(address);
  if (typeof parsed === 'string') throw new OrcError('usage.invalid', parsed, { hint: 'e.g. --http 127.0.0.1:8765' });
  const given = process.env.TMUX_ORC_MCP_TOKEN;
  if (given !== undefined && (given.length < MIN_TOKEN_CHARS || /\s/.test(given))) {
    const message = `TMUX_ORC_MCP_TOKEN must be at least ${MIN_TOKEN_CHARS} characters, without spaces`;
    throw new OrcError('usage.invalid', message, {
      hint: 'make one with: openssl rand -hex 32 (or leave it unset: tmux-orc makes one and prints it)',
    });
  }
  const allowOrigins = (allowOrigin ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  const bad = allowOrigins.find((o) => !/^https?:\/\/[^\s/]+$/i.test(o));
  if (bad) {
    const shown = JSON.stringify(bad.slice(0, 80));
    const message = `--allow-origin takes origins such as http://localhost:6274, got ${shown}`;
    throw new OrcError('usage.invalid', message);
  }
  const token = given ?? randomBytes(32).toString('base64url');
  return { address: parsed, token, madeToken: given === undefined, allowOrigins };
}

/** Serves Streamable HTTP, one session per client, until SIGTERM or SIGINT. */
async function serveHttp(settings: HttpSettings, newServer: NewServer, log: (line: string) => void): Promise<void> {
  const [{ serveMcpHttp }, { isLoopback }] = await Promise.all([
    import('../../reflect/mcp-http.js'),
    import('../../reflect/http-guard.js'),
  ]);
  const { whenToStop } = await import('../../reflect/when-to-stop.js');
  const stopped = whenToStop(false);
  let served;
  try {
    const { address, token, allowOrigins } = settings;
    served = await serveMcpHttp({ address, token, allowOrigins, newServer, log });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code ?? String(error);
    const { host, port } = settings.address;
    throw new OrcError('mcp.listenFailed', `cannot listen on ${host}:${port} (${code})`, {
      hint:
        code === 'EADDRINUSE'
          ? 'another process uses that port: pick another, or 0 for any free one'
          : "is that address one of this machine's?",
    });
  }
  if (settings.madeToken) log(`tmux-orc mcp: token (set TMUX_ORC_MCP_TOKEN to choose one): ${settings.token}`);
  if (!isLoopback(settings.address.host)) {
    log('tmux-orc mcp: reachable from other machines: anyone with the token can run every tool');
  }
  log(`tmux-orc mcp: listening on ${served.url}`);
  log(`tmux-orc mcp: stopping: ${await stopped}`);
  await served.close(STOP_GRACE_MS);
}

/**
 * The last resort: once everything is closed the process exits by itself, and this unref'd timer does not hold it.
 * If something still does (a call that ignored its signal, a stray timer), the process exits anyway, and says so.
 */
function exitIfStillHeld(log: (line: string) => void): void {
  setTimeout(() => {
    const holding = process.getActiveResourcesInfo().join(', ');
    log(`tmux-orc mcp: still held ${EXIT_DEADLINE_MS} ms after stopping (${holding}); exiting`);
    process.exit(process.exitCode ?? 0);
  }, EXIT_DEADLINE_MS).unref();
}
