import type { TMUXManager } from '../../src/manager/tmux-manager.js';
import { defineCommand } from '../command-spec.js';
import { socketOptions } from '../socket-options.js';

// The SDK, zod and the reflection load inside run, so they cost nothing to the other commands.

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
    const [{ createMcpServer }, { StdioServerTransport }, { splitGlobs }] = await Promise.all([
      import('../../reflect/mcp-server.js'),
      import('@modelcontextprotocol/sdk/server/stdio.js'),
      import('../../reflect/match-glob.js'),
    ]);
    const log = (line: string) => void process.stderr.write(`${line}\n`);
    const socket = socketOptions(ctx.globals);
    // The manager and the full command tree are made on first need, after the initialize reply: loading every
    // command group and the tmux transport is start-up time the handshake does not need.
    let made: Promise<TMUXManager> | undefined;
    const manager = () => (made ??= import('../../src/manager/tmux-manager.js').then((m) => new m.TMUXManager({ ...socket, transport: 'auto', prefetch: true })));
    const program = async () => (await import('../build-program.js')).buildProgram({
      manager: await manager(), stdout: (t) => void process.stderr.write(t), stderr: (t) => void process.stderr.write(t),
    }).program;
    // A stray console.log anywhere would corrupt the protocol on stdout.
    const consoleLog = console.log;
    console.log = console.error;
    const onFault = (error: unknown) => log(`tmux-orc mcp: ${(error as Error)?.stack ?? String(error)}`);
    process.on('uncaughtException', onFault);
    process.on('unhandledRejection', onFault);
    try {
      const { server, reflected } = createMcpServer({
        program,
        manager,
        globals: socket,
        options: { readOnly: input.readOnly === true, tools: splitGlobs(input.tools), exclude: splitGlobs(input.exclude), shape: input.shape },
        log,
      });
      // The tools are reflected once the client has its initialize reply, so they do not delay it.
      server.oninitialized = () => {
        log(`tmux-orc mcp: client ${server.getClientVersion()?.name ?? '?'} connected`);
        reflected().then((r) => log(`tmux-orc mcp: serving ${r.tools.length} tools`), onFault);
      };
      const stopped = whenToStop((resolve) => (server.onclose = () => resolve('transport closed')));
      await server.connect(new StdioServerTransport());
      log(`tmux-orc mcp: listening on stdio (tmux socket ${socket.socketPath ?? socket.socketName ?? 'default'})`);
      log(`tmux-orc mcp: stopping: ${await stopped}`);
      // Closing aborts the calls still running (their ctx.signal), so a long agent wait does not hold the exit.
      await server.close().catch(onFault);
      return { tools: (await reflected()).tools.length };
    } finally {
      if (made) await (await made).close().catch(onFault);
      process.off('uncaughtException', onFault);
      process.off('unhandledRejection', onFault);
      console.log = consoleLog;
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
