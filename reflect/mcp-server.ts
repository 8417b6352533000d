import type { Command } from 'commander';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  type CallToolRequest,
  type CallToolResult,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { CommandContext, GlobalOptions } from '../cli/command-spec.js';
import type { Envelope } from '../cli/envelope.js';
import { executeCommand } from '../cli/execute-command.js';
import type { TMUXManager } from '../src/manager/tmux-manager.js';
import { OrcError } from '../src/errors.js';
import { packageVersion } from '../src/version.js';
import { callLabel, startCallProgress, type CallProgress } from './call-progress.js';
import { ELICITATION_CHECK } from './elicitation-check.js';
import type { FleetView } from './fleet-view.js';
import { INSTRUCTIONS, reflectedInstructions } from './instructions.js';
import { serveResources, type ServedResources } from './mcp-resources.js';
import { relayPermissions, type PermissionRelay } from './permission-relay.js';
import { ProtocolError } from './protocol-error.js';
import { reflectProgram, type ReflectOptions, type ReflectedProgram, type ToolTarget } from './reflect-program.js';
import type { CommandDescription } from './walk-program.js';

/** What the MCP server is built from. */
export interface McpServerDeps {
  /**
   * The commander program whose commands become tools (buildProgram's, with the same manager), or how to build it:
   * `tmux-orc mcp` builds it on first need, after answering `initialize`, as it does the reflection.
   */
  program: Command | (() => Promise<Command>);
  /**
   * The one long-lived manager every tool call uses (it reconnects by itself when tmux restarts), or how to make it;
   * tmux-orc's own commands need it, a plain commander program does not.
   */
  manager?: TMUXManager | (() => Promise<TMUXManager>);
  /** The server's name and version in its initialize reply (default tmux-orc's). */
  name?: string;
  version?: string;
  /**
   * The server's instructions to the client: tmux-orc's own (targets, states, error codes) by default, or, when a
   * `name` is given, a short text on the result envelope and its codes.
   */
  instructions?: string;
  options?: ReflectOptions;
  /** The global options the commands see (socket name or path). */
  globals?: GlobalOptions;
  /** Where diagnostics go; stderr by default, never stdout (stdout is the protocol). */
  log?: (line: string) => void;
  /**
   * The tools already reflected (shared by the servers of several HTTP sessions); reflected from `program` if absent.
   */
  reflection?: () => Promise<ReflectedProgram>;
  /** How often a call with a progress token gets a heartbeat `notifications/progress` (default 1000 ms). */
  progressIntervalMs?: number;
  /**
   * The manager of another host and the globals naming it, for a call whose target names a host (`build/proj:dev`)
   * or a fleet view: one warm manager per host, kept for the server's life. Without it every call runs on `manager`.
   */
  hostManager?: (host: string, globals: GlobalOptions) => Promise<{ globals: GlobalOptions; manager: TMUXManager }>;
  /**
   * The live fleet (the core's LiveFleet, one for every server on the manager), or how to make it: with it the server
   * serves the fleet as resources (reflect/mcp-resources.ts).
   */
  fleet?: FleetView | (() => Promise<FleetView>);
  /** Relay permission prompts to a client that can elicit (`--relay-permissions`; needs `fleet`). */
  relayPermissions?: boolean;
  /** Called once the client has its initialize reply (the `initialized` notification). */
  onInitialized?: () => void;
}

/** A ready server: connect it to a transport. */
export interface McpServerHandle {
  server: Server;
  /**
   * The tools, reflected from the program on first need (the first tools/list or tools/call, or this call), so the
   * server answers `initialize` before doing that work: it is most of the server's own start-up time.
   */
  reflected: () => Promise<ReflectedProgram>;
  /**
   * Resolves true once no tool call is running, or false when `withinMs` passes first: after `server.close()` has
   * aborted them (their signal), this is how long a stopping server lets them unwind before it closes tmux.
   */
  idle: (withinMs: number) => Promise<boolean>;
  /** How many tool calls are running. */
  running: () => number;
  /** Resolves once the server's transport closed (its resources and relay have stopped then). */
  closed: Promise<void>;
}

/**
 * Builds an MCP server (the SDK's low-level `Server`) whose tools are the program's commands. Every call runs
 * through executeCommand, so a tool gives the same data and error codes as its CLI twin.
 * @example
 * const { server } = createMcpServer({ program, manager });
 * await server.connect(new StdioLineTransport());
 */
export function createMcpServer(deps: McpServerDeps): McpServerHandle {
  const log = deps.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  let reflecting: Promise<ReflectedProgram> | undefined;
  const program = lazy(deps.program);
  const reflected = deps.reflection ?? (() => (reflecting ??= program().then((p) => reflectProgram(p, deps.options))));
  const manager = deps.manager ? lazy(deps.manager) : undefined;
  const fleet = deps.fleet ? lazy(deps.fleet) : undefined;
  const capabilities = { tools: {}, ...(fleet ? { resources: { subscribe: true, listChanged: true } } : {}) };
  const instructions = deps.instructions ?? (deps.name === undefined ? INSTRUCTIONS : reflectedInstructions(deps.name));
  const info = { name: deps.name ?? 'tmux-orc', version: deps.version ?? packageVersion() };
  const server = new Server(info, { capabilities, instructions, jsonSchemaValidator: ELICITATION_CHECK });
  server.onerror = (error) => log(`tmux-orc mcp: ${error.message}`);
  const resources: ServedResources | undefined = fleet ? serveResources(server, fleet, log) : undefined;
  let relay: PermissionRelay | undefined;
  server.oninitialized = () => {
    deps.onInitialized?.();
    if (!deps.relayPermissions || !fleet) return;
    if (server.getClientCapabilities()?.elicitation?.form) relay = relayPermissions(server, fleet, log);
    else log('tmux-orc mcp: the client cannot elicit: permission prompts are not relayed (agent_status reports them)');
  };
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => {
      resources?.close();
      relay?.close();
      resolve();
    };
  });

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: (await reflected()).tools }));
  const calls = new Set<Promise<unknown>>();
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const call = callTool(request, extra);
    calls.add(call);
    call.then(
      () => calls.delete(call),
      () => calls.delete(call),
    );
    return call;
  });
  const callTool = async (request: CallToolRequest, extra: RequestExtra): Promise<CallToolResult> => {
    const { name } = request.params;
    const target = (await reflected()).targets.get(name);
    if (!target) throw new ProtocolError(ErrorCode.InvalidParams, `unknown tool ${JSON.stringify(name)}`);
    try {
      const chosen = pickCommand(target, withoutNulls(request.params.arguments ?? {}));
      if ('envelope' in chosen) return toResult(chosen.envelope);
      // Stopped (or cancelled) while the tools were being reflected: nothing is answered, so nothing is run.
      if (extra.signal.aborted) return toResult(failure(name, 'internal.error', 'cancelled before it ran'));
      const theManager = manager ? await manager() : undefined;
      const progress = callProgress(chosen.command.path, chosen.input, extra);
      const report = progress ? progress.report : (message: string) => log(`${chosen.command.path}: ${message}`);
      const context = (globals: GlobalOptions, manager: TMUXManager | undefined): CommandContext => ({
        globals,
        viaMcp: true,
        ...(deps.version ? { version: deps.version } : {}),
        signal: extra.signal,
        manager: () => manager ?? noManager(),
        // The tree a tool reads (reflect, completion) is the one this server serves.
        commandTree: () => program(),
        progress: report,
        ...(deps.hostManager
          ? {
              onHost: async (host: string) => {
                const other = await deps.hostManager!(host, globals);
                return context(other.globals, other.manager);
              },
            }
          : {}),
      });
      const ctx = context(deps.globals ?? {}, theManager);
      const cancelled = whenCancelled(name, extra.signal, log);
      try {
        const { envelope } = await executeCommand(chosen.command.spec, chosen.command.path, chosen.input, ctx);
        return toResult(envelope);
      } finally {
        progress?.stop();
        cancelled.ended();
      }
    } catch (error) {
      // executeCommand catches what handlers throw; this is the last guard so one bad call never stops the server.
      log(`tmux-orc mcp: ${name}: ${(error as Error)?.stack ?? String(error)}`);
      return toResult(failure(name, 'internal.error', (error as Error)?.message ?? String(error)));
    }
  };
  // Progress only for a client that asked for it (a progress token); without one, a step goes to the log.
  type Input = Record<string, unknown>;
  const callProgress = (path: string, input: Input, extra: RequestExtra): CallProgress | undefined => {
    const progressToken = extra._meta?.progressToken;
    if (progressToken === undefined) return undefined;
    return startCallProgress({
      label: callLabel(path, input),
      intervalMs: deps.progressIntervalMs ?? 1000,
      send: (progress, message) => {
        extra
          .sendNotification({ method: 'notifications/progress', params: { progressToken, progress, message } })
          .catch((error: unknown) => log(`tmux-orc mcp: progress not sent: ${String(error)}`));
      },
    });
  };
  const idle = (withinMs: number) => {
    if (calls.size === 0) return Promise.resolve(true);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), withinMs)));
    return Promise.race([Promise.allSettled([...calls]).then(() => true), late]).finally(() => clearTimeout(timer));
  };
  return { server, reflected, idle, running: () => calls.size, closed };
}

type RequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

function noManager(): never {
  throw new OrcError('internal.error', 'this MCP server was made without a TMUXManager (createMcpServer({ manager }))');
}

/**
 * Watches a call's signal: once it has been cancelled (`notifications/cancelled`, or the server stopping), `ended()`
 * logs how long the call took to stop after it, which tests and people read to see that nothing kept running.
 */
function whenCancelled(name: string, signal: AbortSignal, log: (line: string) => void): { ended(): void } {
  let at: number | undefined;
  const mark = () => (at = Date.now());
  signal.addEventListener('abort', mark, { once: true });
  return {
    ended() {
      signal.removeEventListener('abort', mark);
      if (at === undefined) return;
      const why = signal.reason === undefined ? '' : ` (${String(signal.reason).slice(0, 200)})`;
      log(`tmux-orc mcp: ${name} cancelled${why}; it ended ${Date.now() - at} ms later`);
    },
  };
}

/** A value, or the promise of one made on first call and shared after. */
function lazy<T extends object>(source: T | (() => Promise<T>)): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= typeof source === 'function' ? (source as () => Promise<T>)() : Promise.resolve(source));
}

type Picked = { command: CommandDescription; input: Record<string, unknown> } | { envelope: Envelope };

function pickCommand(target: ToolTarget, args: Record<string, unknown>): Picked {
  if (target.kind === 'command') return { command: target.command, input: args };
  const { action, ...input } = args;
  const command = typeof action === 'string' ? target.actions.get(action) : undefined;
  if (command) return { command, input };
  const names = [...target.actions.keys()].join(', ');
  const message =
    action === undefined
      ? `action is required: one of ${names}`
      : `action must be one of ${names}, got ${JSON.stringify(action)}`;
  return { envelope: failure(target.group, 'usage.invalid', message, "see the tool's input schema") };
}

// A model often sends null for an optional field it means to leave out; the CLI has no null, so treat it as absent.
function withoutNulls(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== null));
}

function failure(command: string, code: 'usage.invalid' | 'internal.error', message: string, hint?: string): Envelope {
  return {
    ok: false,
    command,
    error: { code, message, ...(hint ? { hint } : {}) },
    meta: { durationMs: 0, version: packageVersion() },
  };
}

function toResult(envelope: Envelope): CallToolResult {
  const structuredContent = JSON.parse(JSON.stringify(envelope)) as Record<string, unknown>;
  return {
    structuredContent,
    content: [{ type: 'text', text: JSON.stringify(envelope) }],
    ...(envelope.ok ? {} : { isError: true }),
  };
}
