import type { Command } from 'commander';
import type { z as Zod, ZodType } from 'zod';
import type { ResolvedHost } from '../src/hosts/resolve-host.js';
import type { TMUXManager } from '../src/manager/tmux-manager.js';

/** Whether a command only reads, changes state, or destroys something. */
export type Effect = 'read' | 'change' | 'destroy';

/** The scalar types an argument or option can take. */
export type ValueType = 'string' | 'number' | 'integer' | 'boolean';

/** A zod schema built on demand, so zod stays off the start-up path of commands that do not need it. */
export type LazySchema = (z: typeof Zod) => ZodType;

/** One argument or option, declared once: the CLI, the validator and the MCP schema all read this. */
export interface ParamSpec {
  description: string;
  /**
   * What an MCP client sees instead of `description`, when the CLI's text does not fit a tool call (no `-`, `@file`,
   * `--flags`); '' when the field's name says it all, since a model pays for every word of every tool.
   */
  mcpDescription?: string;
  type?: ValueType;
  choices?: readonly string[];
  default?: unknown;
  /** Arguments are required unless set false; options are optional unless set true. */
  required?: boolean;
  variadic?: boolean;
  min?: number;
  max?: number;
  /** The longest string (each one, for a list) in characters; TEXT_MAX_CHARS (4096) when absent. */
  maxLength?: number;
  /** A zod schema that replaces the scalar type for validation and JSON Schema. */
  schema?: LazySchema;
  /**
   * The field names a session or a target, which may start with its host (`build/proj:dev`, cli/host-routing.ts);
   * true by default for fields keyed `target` and `session`.
   */
  host?: boolean;
}

/** A positional argument. */
export interface ArgSpec extends ParamSpec {
  name: string;
}

/** An option, with commander-style flags (`-n, --name <name>`, `--no-enter`, `--json`). */
export interface OptionSpec extends ParamSpec {
  flags: string;
}

/** What a command handler gets besides its input. */
export interface CommandContext {
  /** The core, created on first use from the global socket options. */
  manager(): TMUXManager;
  /** Progress for people; goes to stderr, never stdout, and is silenced by --quiet. */
  progress(message: string): void;
  /** The global options as given (socket name/path, json, quiet). */
  globals: GlobalOptions;
  /** Aborted when the caller goes away (an MCP client cancelling, Ctrl-C). */
  signal?: AbortSignal;
  /** True when run as an MCP tool call rather than from the shell. */
  viaMcp: boolean;
  /**
   * The program's whole command tree, built anew with these outputs and manager: the commands that read the tree they
   * belong to (reflect, completion, mcp) reach it through their context rather than by importing the builder.
   */
  commandTree?(deps: CommandTreeDeps): Promise<Command>;
  /** The version the envelope's meta names: tmux-orc's, or the program's served through tmux-orc/reflect. */
  version?: string;
  /**
   * The same context on another host (`-H`, a target's `host/` prefix, a fleet view's every host): its manager is
   * that host's. Absent where only one tmux server can be reached (a test's own manager).
   */
  onHost?(host: string): Promise<CommandContext>;
  /**
   * Text arguments are taken as they are, as over MCP: `@file` reads no file and `-` no stdin (the dashboards' actions,
   * whose text a person typed into a view, not into a shell).
   */
  literalText?: boolean;
}

/** What a command tree built for a command is made with (CommandContext.commandTree). */
export interface CommandTreeDeps {
  manager?: TMUXManager;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

/** The command tree the context offers, or internal.error where it offers none. */
export async function commandTreeOf(ctx: CommandContext, deps: CommandTreeDeps = {}): Promise<Command> {
  if (!ctx.commandTree) {
    const { OrcError } = await import('../src/errors.js');
    throw new OrcError('internal.error', 'this command needs the command tree, and its caller gave none');
  }
  return ctx.commandTree(deps);
}

/** The program-wide options. */
export interface GlobalOptions {
  socketName?: string;
  socketPath?: string;
  /** `-H`: the host to run on (a hosts-file name, `local`, or an ssh destination). */
  host?: string;
  /** The host once resolved (cli/host-routing.ts); the manager and the state files are that host's. */
  at?: ResolvedHost;
  json?: boolean;
  quiet?: boolean;
}

/**
 * A handler's input: checked against the command's declared fields before it runs (validateInput), so a handler reads
 * them as the types its spec declares. A type per command would repeat every spec.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandInput = Record<string, any>;

/** A command, declared once as data plus a handler. */
export interface CommandSpec<D = unknown> {
  /** The command's name inside its group (`list`, `new`), or the top-level name. */
  name: string;
  description: string;
  /** The tool's description over MCP, one or two sentences, when the CLI's help text is longer or CLI-specific. */
  mcpDescription?: string;
  effect: Effect;
  /**
   * It types into agents, answers their prompts or starts them with a briefing: what they then do is open-ended (an
   * approved prompt may run any command), so over MCP the tool is destructive and open-world whatever its `effect`.
   */
  drivesAgents?: boolean;
  /** Running it twice with the same input has no further effect. Defaults to true for reads. */
  idempotent?: boolean;
  args?: readonly ArgSpec[];
  options?: readonly OptionSpec[];
  /** The shape of `data` in the envelope. */
  output?: LazySchema;
  /** Set when the command cannot run as an MCP tool (interactive, long-running), with the reason. */
  notForMcp?: string;
  /** Text for `--help` after the options: examples. */
  examples?: readonly string[];
  run(input: CommandInput, ctx: CommandContext): Promise<D>;
  /** The human view of `data`; JSON is printed when absent. */
  human?(data: D): string;
}

/** A group of commands (`session`, `agent`); top-level commands have no group. */
export interface CommandGroup {
  name: string;
  description: string;
  // Any data type: a group holds commands of many (`human(data)` makes CommandSpec<D> invariant in D).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  commands: readonly CommandSpec<any>[];
}

/** Declares a command with its data type inferred. */
export function defineCommand<D>(spec: CommandSpec<D>): CommandSpec<D> {
  return spec;
}
