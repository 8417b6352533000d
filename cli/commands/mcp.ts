import { defineCommand } from '../command-spec.js';

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
    const [{ TMUXManager }, { buildProgram }, { createMcpServer }, { StdioServerTransport }, { splitGlobs }] = await Promise.all([
      import('../../src/manager/tmux-manager.js'),
      import('../build-program.js'),
      import('../../reflect/mcp-server.js'),
      import('@modelcontextprotocol/sdk/server/stdio.js'),
      import('../../reflect/match-glob.js'),
    ]);
    const log = (line: string) => void process.stderr.write(`${line}\n`);
    const socketName = ctx.globals.socketName ?? process.env.TMUX_ORC_SOCKET_NAME;
    const socketPath = ctx.globals.socketPath;
    const manager = new TMUXManager({ ...(socketName ? { socketName } : {}), ...(socketPath ? { socketPath } : {}), transport: 'auto', prefetch: true });
    // A stray console.log anywhere would corrupt the protocol on stdout.
    const consoleLog = console.log;
    console.log = console.error;
    const onFault = (error: unknown) => log(`tmux-orc mcp: ${(error as Error)?.stack ?? String(error)}`);
    process.on('uncaughtException', onFault);
    process.on('unhandledRejection', onFault);
    try {
      const { program } = buildProgram({ manager, stdout: (t) => void process.stderr.write(t), stderr: (t) => void process.stderr.write(t) });
      const { server, reflected } = await createMcpServer({
        program,
        manager,
        globals: { ...(socketName ? { socketName } : {}), ...(socketPath ? { socketPath } : {}) },
        options: { readOnly: input.readOnly === true, tools: splitGlobs(input.tools), exclude: splitGlobs(input.exclude), shape: input.shape },
        log,
      });
      const closed = new Promise<void>((resolve) => {
        process.stdin.once('end', resolve);
        process.stdin.once('close', resolve);
        process.once('SIGTERM', resolve);
        process.once('SIGINT', resolve);
        server.onclose = resolve;
      });
      server.oninitialized = () => log(`tmux-orc mcp: client ${server.getClientVersion()?.name ?? '?'} connected`);
      await server.connect(new StdioServerTransport());
      log(`tmux-orc mcp: serving ${reflected.tools.length} tools on stdio (tmux socket ${socketPath ?? socketName ?? 'default'})`);
      await closed;
      await server.close().catch(onFault);
      log('tmux-orc mcp: stdin closed, stopping');
      return { tools: reflected.tools.length };
    } finally {
      await manager.close().catch(onFault);
      process.off('uncaughtException', onFault);
      process.off('unhandledRejection', onFault);
      console.log = consoleLog;
    }
  },
  human: () => '',
});
