import type { Command } from 'commander';
import type { z as Zod, ZodObject, ZodType } from 'zod';
import type { Effect } from '../cli/command-spec.js';

/**
 * What a plain commander command can add to its tool, for what commander cannot say. Everything is optional: without
 * it a command is a tool that may change things, and annotated as MCP assumes of a tool it knows nothing about
 * (destructive, open-world).
 */
export interface McpCommandMeta {
  /** `read` (read-only, idempotent), `change` (additive), or `destroy` (destructive). */
  effect?: Effect;
  /** Running it twice with the same input does nothing more (reads are). */
  idempotent?: boolean;
  /** It reaches beyond the program's own data (the network, other programs); true when nothing is said. */
  openWorld?: boolean;
  /** The tool's description, when the command's help text does not suit a model. */
  description?: string;
  /**
   * A zod object whose fields replace the derived types of the inputs of the same key (`n` for `<n>`, `dryRun` for
   * `--dry-run`): stricter checks than commander's, or a number where commander parses a string.
   */
  input?: (z: typeof Zod) => ZodObject;
  /** The shape of the action's return value: the `result` of the tool's data. */
  output?: (z: typeof Zod) => ZodType;
  /** Keep the command out of MCP (a REPL, a server, anything interactive): true, or the reason, for docs. */
  hidden?: boolean | string;
}

const metas = new WeakMap<Command, McpCommandMeta>();

/**
 * Attaches MCP metadata to a command of a plain commander program, and returns the command for chaining.
 * @example mcpMeta(program.command('rm <file>').action(remove), { effect: 'destroy' })
 */
export function mcpMeta(command: Command, meta: McpCommandMeta): Command {
  metas.set(command, { ...metas.get(command), ...meta });
  return command;
}

/** The metadata attached with {@link mcpMeta}, if any. */
export function getMcpMeta(command: Command): McpCommandMeta | undefined {
  return metas.get(command);
}
