import type { Effect } from '../cli/command-spec.js';

/** What MCP allows in a tool name. */
export const TOOL_NAME_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The MCP tool name of a command path: words joined by `_`.
 * @example toolName('session list') // 'session_list'; toolName('list') // 'list'
 */
export function toolName(path: string): string {
  return path
    .trim()
    .split(/\s+/)
    .join('_')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .slice(0, 128);
}

/** A tool's human-readable title: the CLI command it runs (`tmux-orc session list`). */
export function toolTitle(programName: string, path: string): string {
  return `${programName} ${path}`;
}

/**
 * MCP tool annotations, as the spec defines them. The title is the tool's own `title` only: saying it again here cost
 * every tool list a kilobyte.
 */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** What the annotations are derived from. */
export interface EffectFacts {
  path: string;
  effect: Effect;
  idempotent: boolean;
  /** It types into agents or starts them with a briefing. */
  drivesAgents?: boolean;
}

/**
 * The annotations of one command: reads are read-only and idempotent; changes are additive; destroys (a kill, a
 * restart, a stop) are destructive. A command that drives agents (types into them, answers their prompts, briefs
 * them) is destructive and open-world: an agent given text or an approval may do anything it is allowed to, on this
 * machine and beyond it. The others work on the tmux server only, so they are not open-world.
 */
export function toolAnnotations(command: EffectFacts): ToolAnnotations {
  const drives = command.drivesAgents === true;
  return {
    readOnlyHint: command.effect === 'read',
    destructiveHint: command.effect === 'destroy' || drives,
    idempotentHint: command.effect === 'read' ? true : command.idempotent,
    openWorldHint: drives,
  };
}

/** The annotations of a grouped tool: as cautious as its most dangerous action. */
export function groupAnnotations(commands: readonly EffectFacts[]): ToolAnnotations {
  const each = commands.map(toolAnnotations);
  return {
    readOnlyHint: each.every((a) => a.readOnlyHint),
    destructiveHint: each.some((a) => a.destructiveHint),
    idempotentHint: each.every((a) => a.idempotentHint),
    openWorldHint: each.some((a) => a.openWorldHint),
  };
}
