import type { Argument, Command, Option } from 'commander';
import { getCommandMeta } from '../cli/command-meta.js';
import type { CommandSpec, Effect, LazySchema, OptionSpec, ValueType } from '../cli/command-spec.js';
import { argKey, isNegated, optionKey } from '../cli/option-key.js';
import { isHelpCommand, isHiddenCommand, versionOptionName } from './commander-internals.js';
import { plainCommandSpec } from './plain-command.js';

/** One input field of a command (an argument or an option), with commander's facts and the spec's types merged. */
export interface ParamDescription {
  /** The input key, as validateInput and MCP arguments name it (`windowName`). */
  key: string;
  kind: 'argument' | 'option';
  /** How the CLI spells it: `<name>`, `[command...]`, `-n, --window-name <name>`, `--enter / --no-enter`. */
  label: string;
  description: string;
  /** The description an MCP client sees, when the spec gives one apart from the CLI's ('' for none). */
  mcpDescription?: string;
  type: ValueType;
  choices?: readonly string[];
  default?: unknown;
  required: boolean;
  variadic: boolean;
  min?: number;
  max?: number;
  /** A zod schema that replaces `type` for validation and JSON Schema. */
  schema?: LazySchema;
  /** Set for a boolean declared only as `--no-x`: the field is `x`, true unless turned off. */
  negatedFlag?: string;
}

/** One runnable leaf command, as reflection sees it. */
export interface CommandDescription {
  /** `session list`, or `list` for a top-level command. */
  path: string;
  /** The program's name (`tmux-orc`): tool titles are `<program> <path>`. */
  programName: string;
  group?: string;
  groupDescription?: string;
  name: string;
  description: string;
  /** The tool's description over MCP, when the spec gives one apart from the CLI's. */
  mcpDescription?: string;
  effect: Effect;
  idempotent: boolean;
  /** It types into agents or starts them with a briefing (CommandSpec.drivesAgents). */
  drivesAgents: boolean;
  /** commander's usage line with the program name: `tmux-orc session new [options] <name> [command...]`. */
  usage: string;
  args: ParamDescription[];
  options: ParamDescription[];
  output?: LazySchema;
  notForMcp?: string;
  examples: readonly string[];
  spec: CommandSpec;
}

/**
 * Lists every runnable leaf of a commander program, in help order: tmux-orc's own (declared with defineCommand) and
 * any plain commander command with an action (reflect/plain-command.ts). Hidden commands, help, version and the
 * options of the commands above a leaf (tmux-orc's `--json`, `--quiet`, sockets) are not inputs of the leaf.
 */
export function walkProgram(program: Command): CommandDescription[] {
  const found: CommandDescription[] = [];
  const describe = (child: Command, parent: Command | undefined, path: string[]): void => {
    const declared = getCommandMeta(child);
    const spec = declared?.spec ?? plainCommandSpec(child);
    if (!spec) return;
    const group = declared ? declared.group : parent && path.length > 1 ? path.slice(0, -1).join(' ') : undefined;
    found.push({
      path: declared?.path ?? path.join(' '),
      programName: program.name(),
      ...(group && parent ? { group, groupDescription: parent.description() } : {}),
      name: spec.name,
      description: spec.description,
      ...(spec.mcpDescription ? { mcpDescription: spec.mcpDescription } : {}),
      effect: spec.effect,
      idempotent: spec.idempotent ?? spec.effect === 'read',
      drivesAgents: spec.drivesAgents === true,
      usage: fullUsage(child),
      args: child.registeredArguments.map((a, i) => describeArgument(a, spec, i)),
      options: describeOptions(child, spec),
      ...(spec.output ? { output: spec.output } : {}),
      ...(spec.notForMcp ? { notForMcp: spec.notForMcp } : {}),
      examples: spec.examples ?? [],
      spec,
    });
  };
  const visit = (command: Command, path: string[]): void => {
    for (const child of command.commands) {
      if (isHiddenCommand(child) || isHelpCommand(command, child)) continue;
      if (child.commands.length > 0) visit(child, [...path, child.name()]);
      else describe(child, command, [...path, child.name()]);
    }
  };
  // A program of one command (an action, no subcommands) is one tool, named after the program.
  if (program.commands.length === 0) describe(program, undefined, [program.name()]);
  else visit(program, []);
  return found;
}

function fullUsage(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command.parent; c; c = c.parent) names.unshift(c.name());
  return [...names, command.name(), command.usage()].join(' ');
}

function describeArgument(argument: Argument, spec: CommandSpec, index: number): ParamDescription {
  const declared = spec.args?.[index];
  const name = argument.name();
  const variadic = argument.variadic;
  const inner = `${name}${variadic ? '...' : ''}`;
  const defaultValue = argument.defaultValue ?? declared?.default;
  return {
    key: argKey(name),
    kind: 'argument',
    label: argument.required ? `<${inner}>` : `[${inner}]`,
    description: declared?.description ?? argument.description,
    ...(declared?.mcpDescription !== undefined ? { mcpDescription: declared.mcpDescription } : {}),
    type: declared?.type ?? 'string',
    ...choicesOf(argument.argChoices ?? declared?.choices),
    ...(defaultValue !== undefined ? { default: defaultValue } : {}),
    required: argument.required && defaultValue === undefined,
    variadic,
    ...bounds(declared),
    ...(declared?.schema ? { schema: declared.schema } : {}),
  };
}

// A `--x` / `--no-x` pair shares one attribute name and becomes one boolean field.
function describeOptions(command: Command, spec: CommandSpec): ParamDescription[] {
  const version = versionOptionName(command);
  const byKey = new Map<string, Option[]>();
  for (const option of command.options) {
    if (option.hidden || option.attributeName() === version) continue;
    const list = byKey.get(option.attributeName()) ?? [];
    list.push(option);
    byKey.set(option.attributeName(), list);
  }
  return [...byKey].map(([key, options]) => {
    const positive = options.find((o) => !o.negate);
    const main = positive ?? options[0]!;
    const declared = findDeclared(spec, key, !positive);
    const isFlag = options.every((o) => !o.required && !o.optional);
    const onlyNegated = !positive;
    const defaultValue = main.defaultValue ?? declared?.default ?? (onlyNegated ? true : undefined);
    return {
      key,
      kind: 'option' as const,
      label: options.map((o) => o.flags).join(' / '),
      description: declared?.description ?? main.description,
      ...(declared?.mcpDescription !== undefined ? { mcpDescription: declared.mcpDescription } : {}),
      type: declared?.type ?? (isFlag ? 'boolean' : 'string'),
      ...choicesOf(main.argChoices ?? declared?.choices),
      ...(defaultValue !== undefined ? { default: defaultValue } : {}),
      required: options.some((o) => o.mandatory) && defaultValue === undefined,
      variadic: main.variadic,
      ...bounds(declared),
      ...(declared?.schema ? { schema: declared.schema } : {}),
      ...(onlyNegated && main.long ? { negatedFlag: main.long } : {}),
    };
  });
}

function findDeclared(spec: CommandSpec, key: string, negated: boolean): OptionSpec | undefined {
  const matching = (spec.options ?? []).filter((o) => optionKey(o.flags) === key);
  return matching.find((o) => isNegated(o.flags) === negated) ?? matching[0];
}

function choicesOf(choices: readonly string[] | undefined): { choices?: readonly string[] } {
  return choices?.length ? { choices } : {};
}

function bounds(declared: { min?: number; max?: number } | undefined): { min?: number; max?: number } {
  return {
    ...(declared?.min !== undefined ? { min: declared.min } : {}),
    ...(declared?.max !== undefined ? { max: declared.max } : {}),
  };
}
