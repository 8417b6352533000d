import type { Command } from 'commander';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { CommandContext, GlobalOptions } from '../cli/command-spec.js';
import type { Envelope } from '../cli/envelope.js';
import { executeCommand } from '../cli/execute-command.js';
import type { TMUXManager } from '../src/manager/tmux-manager.js';
import { packageVersion } from '../src/version.js';
import { reflectProgram, type ReflectOptions, type ReflectedProgram, type ToolTarget } from './reflect-program.js';
import type { CommandDescription } from './walk-program.js';

/** What the MCP server is built from. */
export interface McpServerDeps {
  /** The commander program whose commands become tools (buildProgram's, with the same manager). */
  program: Command;
  /** The one long-lived manager every tool call uses; it reconnects by itself when tmux restarts. */
  manager: TMUXManager;
  options?: ReflectOptions;
  /** The global options the commands see (socket name or path). */
  globals?: GlobalOptions;
  /** Where diagnostics go; stderr by default, never stdout (stdout is the protocol). */
  log?: (line: string) => void;
}

/** A ready server: connect it to a transport. */
export interface McpServerHandle {
  server: Server;
  /**
   * The tools, reflected from the program on first need (the first tools/list or tools/call, or this call), so the
   * server answers `initialize` before doing that work: it is most of the server's own start-up time.
   */
  reflected: () => Promise<ReflectedProgram>;
}

const INSTRUCTIONS = 'tmux-orc runs and orchestrates AI coding agents in tmux. Each tool is one tmux-orc CLI command; '
  + 'every result is the CLI\'s --json envelope: { ok, command, data | error: { code, message, hint }, meta }.';

/**
 * Builds an MCP server (the SDK's low-level `Server`) whose tools are the program's commands. Every call runs
 * through executeCommand, so a tool gives the same data and error codes as its CLI twin.
 * @example
 * const { server } = createMcpServer({ program, manager });
 * await server.connect(new StdioServerTransport());
 */
export function createMcpServer(deps: McpServerDeps): McpServerHandle {
  const log = deps.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  let reflecting: Promise<ReflectedProgram> | undefined;
  const reflected = () => (reflecting ??= reflectProgram(deps.program, deps.options));
  const server = new Server({ name: 'tmux-orc', version: packageVersion() }, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  server.onerror = (error) => log(`tmux-orc mcp: ${error.message}`);

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: (await reflected()).tools }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name } = request.params;
    const target = (await reflected()).targets.get(name);
    if (!target) throw new McpError(ErrorCode.InvalidParams, `unknown tool "${name}"`);
    try {
      const chosen = pickCommand(target, withoutNulls(request.params.arguments ?? {}));
      if ('envelope' in chosen) return toResult(chosen.envelope);
      const progressToken = extra._meta?.progressToken;
      let progress = 0;
      const ctx: CommandContext = {
        globals: deps.globals ?? {},
        viaMcp: true,
        signal: extra.signal,
        manager: () => deps.manager,
        progress: (message) => {
          if (progressToken === undefined) return log(`${chosen.command.path}: ${message}`);
          extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: ++progress, message } })
            .catch((error: unknown) => log(`tmux-orc mcp: progress not sent: ${String(error)}`));
        },
      };
      const { envelope } = await executeCommand(chosen.command.spec, chosen.command.path, chosen.input, ctx);
      return toResult(envelope);
    } catch (error) {
      // executeCommand catches what handlers throw; this is the last guard so one bad call never stops the server.
      log(`tmux-orc mcp: ${name}: ${(error as Error)?.stack ?? String(error)}`);
      return toResult(failure(name, 'internal.error', (error as Error)?.message ?? String(error)));
    }
  });
  return { server, reflected };
}

type Picked = { command: CommandDescription; input: Record<string, unknown> } | { envelope: Envelope };

function pickCommand(target: ToolTarget, args: Record<string, unknown>): Picked {
  if (target.kind === 'command') return { command: target.command, input: args };
  const { action, ...input } = args;
  const command = typeof action === 'string' ? target.actions.get(action) : undefined;
  if (command) return { command, input };
  const names = [...target.actions.keys()].join(', ');
  const message = action === undefined ? `action is required: one of ${names}` : `action must be one of ${names}, got ${JSON.stringify(action)}`;
  return { envelope: failure(target.group, 'usage.invalid', message, 'see the tool\'s input schema') };
}

// A model often sends null for an optional field it means to leave out; the CLI has no null, so treat it as absent.
function withoutNulls(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== null));
}

function failure(command: string, code: 'usage.invalid' | 'internal.error', message: string, hint?: string): Envelope {
  return { ok: false, command, error: { code, message, ...(hint ? { hint } : {}) }, meta: { durationMs: 0, version: packageVersion() } };
}

function toResult(envelope: Envelope): CallToolResult {
  const structuredContent = JSON.parse(JSON.stringify(envelope)) as Record<string, unknown>;
  return {
    structuredContent,
    content: [{ type: 'text', text: JSON.stringify(envelope) }],
    ...(envelope.ok ? {} : { isError: true }),
  };
}
