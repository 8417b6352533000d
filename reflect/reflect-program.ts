import type { Command } from 'commander';
import type { z as Zod } from 'zod';
import {
  deriveGroupedInputSchema,
  deriveInputSchema,
  deriveOutputSchema,
  leanOutputSchema,
  type JsonSchema,
} from './derive-schema.js';
import { matchesAny } from './match-glob.js';
import { groupAnnotations, toolAnnotations, toolName, toolTitle, type ToolAnnotations } from './tool-names.js';
import { walkProgram, type CommandDescription } from './walk-program.js';

/** Which commands become tools, and how. */
export interface ReflectOptions {
  /** Only commands whose effect is `read`. */
  readOnly?: boolean;
  /** Globs over tool names (`session_*`) or group names (`session`); all commands when absent or empty. */
  tools?: readonly string[];
  /** Globs as for `tools`; matching commands are left out. */
  exclude?: readonly string[];
  /** `flat`: one tool per command (default). `grouped`: one tool per group with an `action`. */
  shape?: 'flat' | 'grouped';
}

/** An MCP tool definition, as tools/list returns it. */
export interface ToolDefinition {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  annotations: ToolAnnotations;
}

/** What a tool runs: one command, or (grouped shape) one of a group's commands chosen by `action`. */
export type ToolTarget =
  | { kind: 'command'; command: CommandDescription }
  | { kind: 'group'; group: string; actions: ReadonlyMap<string, CommandDescription> };

/** A command that is never a tool, with the reason its spec gives. */
export interface LeftOutCommand {
  path: string;
  reason: string;
}

/** The tools of a program and what each one runs. */
export interface ReflectedProgram {
  tools: ToolDefinition[];
  targets: ReadonlyMap<string, ToolTarget>;
  /** Commands declared `notForMcp`, so docs can say why they are missing. */
  notForMcp: LeftOutCommand[];
}

/**
 * Derives MCP tool definitions from a commander program built by buildProgram. Loads zod on demand.
 * @example const { tools } = await reflectProgram(buildProgram().program, { readOnly: true });
 */
export async function reflectProgram(program: Command, options: ReflectOptions = {}): Promise<ReflectedProgram> {
  const { z } = await import('zod');
  return reflectCommands(walkProgram(program), options, z);
}

/** As {@link reflectProgram}, from already-walked commands and a zod instance. */
export function reflectCommands(
  commands: readonly CommandDescription[],
  options: ReflectOptions,
  z: typeof Zod,
): ReflectedProgram {
  const notForMcp = commands.filter((c) => c.notForMcp).map((c) => ({ path: c.path, reason: c.notForMcp! }));
  const chosen = commands.filter((c) => !c.notForMcp && isSelected(c, options));
  const tools: ToolDefinition[] = [];
  const targets = new Map<string, ToolTarget>();
  const add = (tool: ToolDefinition, target: ToolTarget) => {
    if (targets.has(tool.name)) throw new Error(`two commands reflect to the MCP tool name "${tool.name}"`);
    tools.push(tool);
    targets.set(tool.name, target);
  };

  if (options.shape === 'grouped') {
    const groups = new Map<string, CommandDescription[]>();
    for (const c of chosen) {
      if (!c.group) add({ ...flatTool(c, z), outputSchema: leanOutputSchema() }, { kind: 'command', command: c });
      else groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
    }
    for (const [group, members] of groups)
      add(groupTool(group, members, z), { kind: 'group', group, actions: new Map(members.map((c) => [c.name, c])) });
  } else {
    for (const c of chosen) add(flatTool(c, z), { kind: 'command', command: c });
  }
  return { tools, targets, notForMcp };
}

function isSelected(command: CommandDescription, options: ReflectOptions): boolean {
  if (options.readOnly && command.effect !== 'read') return false;
  const names = [toolName(command.path), ...(command.group ? [command.group] : [])];
  const matches = (globs: readonly string[]) => names.some((n) => matchesAny(n, globs));
  if (options.tools?.length && !matches(options.tools)) return false;
  return !(options.exclude?.length && matches(options.exclude));
}

function flatTool(command: CommandDescription, z: typeof Zod): ToolDefinition {
  return {
    name: toolName(command.path),
    title: toolTitle(command.programName, command.path),
    description: mcpText(command),
    inputSchema: deriveInputSchema(command, z),
    outputSchema: deriveOutputSchema([command], z),
    annotations: toolAnnotations(command),
  };
}

function groupTool(group: string, commands: readonly CommandDescription[], z: typeof Zod): ToolDefinition {
  const head = commands[0]?.groupDescription ?? '';
  const actions = commands.map((c) => `- ${c.name}${fieldList(c)}: ${mcpText(c)}`).join('\n');
  return {
    name: toolName(group),
    title: toolTitle(commands[0]?.programName ?? '', `${group} <action>`),
    description: `${head} Actions (required fields):\n${actions}`.trim(),
    inputSchema: deriveGroupedInputSchema(commands, z),
    outputSchema: leanOutputSchema(),
    annotations: groupAnnotations(commands),
  };
}

// What a model reads as the tool's description: the spec's MCP text, or its CLI help when it gives none.
function mcpText(command: CommandDescription): string {
  return command.mcpDescription ?? command.description;
}

// `(session, name)`: the fields an action needs; the others it takes are described per action in the schema, and the
// server checks them all (`usage.invalid`).
function fieldList(command: CommandDescription): string {
  const required = [...command.args, ...command.options].filter((p) => p.required).map((p) => p.key);
  return required.length ? `(${required.join(', ')})` : '';
}
