import { OrcError } from '../../src/errors.js';
import type { TMUXManager } from '../../src/manager/tmux-manager.js';
import { defineCommand } from '../command-spec.js';
import { socketOptions } from '../socket-options.js';

// The SDK, zod and the reflection load inside run, so they cost nothing to the other commands.

/** How long the calls still running when the server stops get to unwind (they are aborted first). */
const STOP_GRACE_MS = 1000;
/** After the stop, how long anything may still hold the process before it exits anyway. */
const EXIT_DEADLINE_MS = 1500;

/** `tmux-orc mcp`: every command as an MCP tool, over stdio, until stdin closes. */
export const mcpCommand = defineCommand({
  name: 'mcp',
  description: 'Serve every tmux-orc command as an MCP tool over stdio, on one long-lived tmux connection, until stdin closes. Logs go to stderr; stdout carries only the protocol.',
  effect: 'read',
  notForMcp: 'it is the MCP server itself',
  options: [
    { flags: '--read-only', description: 'serve only the tools that read (no change or destroy)' },
    { flags: '--tools <globs>', description: 'serve only tools whose name or group matches one of these comma-separated globs (session_*,list)' },
    { flags: '--exclude <globs>', description: 'leave out tools whose name or group matches one of these comma-separated globs' },
    { flags: '--shape <shape>', description: 'flat: one tool per command; grouped: one tool per group with an action property', choices: ['flat', 'grouped'], default: 'flat' },
  ],
  examples: ['tmux-orc mcp', 'tmux-orc -L work mcp --read-only', 'claude mcp add tmux-orc -- tmux-orc mcp --exclude "*_kill"'],
  output: (z) => z.object({ tools: z.number().int().describe('how many tools were served') }),
  async run(input, ctx) {
    const [{ createMcpServer }, { StdioLineTransport }, { splitGlobs }, { stderrLog }] = await Promise.all([
      import('../../reflect/mcp-server.js'),
      import('../../reflect/stdio-line-transport.js'),
      import('../../reflect/match-glob.js'),
      import('../../reflect/stderr-log.js'),
    ]);
    // Every diagnostic goes through one writer that never throws and goes quiet once stderr is gone.
    const stderr = stderrLog();
    const log = stderr.line;
    const socket = socketOptions(ctx.globals);
    // The manager and the full command tree are made on first need, after the initialize reply: loading every
    // command group and the tmux transport is start-up time the handshake does not need.
    let made: Promise<TMUXManager> | undefined;
    let released = false;
    const manager = () => {
      // A call still unwinding after the stop must not open a connection nobody would close.
      if (released) return Promise.reject(new OrcError('tmux.connectionLost', 'tmux-orc mcp is stopping'));
      return (made ??= import('../../src/manager/tmux-manager.js')
        .then((m) => new m.TMUXManager({ ...socket, transport: 'auto', prefetch: true })));
    };
    const program = async () => (await import('../build-program.js'))
      .buildProgram({ manager: await manager(), stdout: stderr.write, stderr: stderr.write }).program;
    // A stray console.log anywhere would corrupt the protocol on stdout.
    const consoleLog = console.log;
    console.log = console.error;
    const onFault = (error: unknown) => log(`tmux-orc mcp: ${(error as Error)?.stack ?? String(error)}`);
    process.on('uncaughtException', onFault);
    process.on('unhandledRejection', onFault);
    try {
      const handle = createMcpServer({
        program,
        manager,
        globals: socket,
        options: { readOnly: input.readOnly === true, tools: splitGlobs(input.tools), exclude: splitGlobs(input.exclude), shape: input.shape },
        log,
      });
      const { server, reflected } = handle;
      // The tools are reflected once the client has its initialize reply, so they do not delay it.
      server.oninitialized = () => {
        log(`tmux-orc mcp: client ${server.getClientVersion()?.name ?? '?'} connected`);
        reflected().then((r) => log(`tmux-orc mcp: serving ${r.tools.length} tools`), onFault);
      };
      const stopped = whenToStop((resolve) => (server.onclose = () => resolve('transport closed')));
      await server.connect(new StdioLineTransport(process.stdin, process.stdout, { log }));
      log(`tmux-orc mcp: listening on stdio (tmux socket ${socket.socketPath ?? socket.socketName ?? 'default'})`);
      log(`tmux-orc mcp: stopping: ${await stopped}`);
      // Closing aborts the calls still running (their ctx.signal); they get a moment to unwind before tmux goes.
      await server.close().catch(onFault);
      if (!(await handle.idle(STOP_GRACE_MS))) {
        log(`tmux-orc mcp: ${handle.running()} tool calls still running after ${STOP_GRACE_MS} ms`);
      }
      return { tools: (await reflected()).tools.length };
    } finally {
      released = true;
      if (made) await (await made).close().catch(onFault);
      process.off('uncaughtException', onFault);
      process.off('unhandledRejection', onFault);
      console.log = consoleLog;
      exitIfStillHeld(log);
    }
  },
  human: () => '',
});

/** Resolves with the reason once stdin ends or a signal asks to stop; the listeners are removed then. */
function whenToStop(also: (resolve: (reason: string) => void) => void): Promise<string> {
  return new Promise((resolve) => {
    const events: [NodeJS.EventEmitter, string][] = [[process.stdin, 'end'], [process.stdin, 'close'], [process, 'SIGTERM'], [process, 'SIGINT']];
    const handlers = events.map(([emitter, event]) => {
      const handler = () => done(event === 'end' || event === 'close' ? 'stdin closed' : event);
      emitter.once(event, handler);
      return () => emitter.off(event, handler);
    });
    const done = (reason: string) => {
      for (const off of handlers) off();
      resolve(reason);
    };
    also(done);
  });
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
