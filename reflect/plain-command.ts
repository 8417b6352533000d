import type { Argument, Command, Option } from 'commander';
import type { z as Zod, ZodType } from 'zod';
import type { ArgSpec, CommandSpec, LazySchema, OptionSpec, ValueType } from '../cli/command-spec.js';
import { argKey } from '../cli/option-key.js';
import { OrcError } from '../src/errors.js';
import { TEXT_MAX_CHARS } from '../src/input-limits.js';
import { hasAction, versionOptionName } from './commander-internals.js';
import { runCommanderAction, type ActionOutcome } from './run-commander-action.js';
import { getMcpMeta, type McpCommandMeta } from './mcp-meta.js';

/** How one input key goes back into argv for commander to parse. */
interface OptionWay {
  key: string;
  /** `--dry-run`, or `-n` for an option with a short flag only. */
  name?: string;
  /** `--no-dry-run`, when the command declares it. */
  negated?: string;
  takes: 'none' | 'required' | 'optional';
  variadic: boolean;
}

/**
 * A CommandSpec for a leaf of a plain commander program (one not declared with defineCommand): its inputs are the
 * command's arguments and options as commander declares them, with types from choices, defaults, parsers and the
 * command's {@link McpCommandMeta}; running it parses those inputs back through commander and runs the action
 * in-process (run-commander-action.ts). Its `data` is `{ stdout, stderr?, result? }`.
 */
export function plainCommandSpec(command: Command): CommandSpec<ActionOutcome> | undefined {
  if (!hasAction(command)) return undefined; // a command with nothing to run is no tool
  const meta = getMcpMeta(command) ?? {};
  const ways = optionWays(command);
  const keys = [...command.registeredArguments.map((a) => argKey(a.name())), ...ways.map((w) => w.key)];
  const declared = meta.input ? fieldSchemas(command, meta.input, keys) : undefined;
  const args = command.registeredArguments.map((a) => argumentSpec(a, declared));
  const options = ways.map((way) => optionSpec(command, way, declared));
  return {
    name: command.name(),
    description: command.description() || command.summary() || command.name(),
    ...(meta.description ? { mcpDescription: meta.description } : {}),
    effect: meta.effect ?? 'change',
    idempotent: meta.idempotent ?? meta.effect === 'read',
    // A command that says nothing of itself is annotated as MCP assumes of an unknown tool: destructive, open-world.
    drivesAgents: meta.openWorld ?? meta.effect === undefined,
    args,
    options,
    output: (z) => outcomeSchema(meta, z),
    ...(meta.hidden
      ? { notForMcp: typeof meta.hidden === 'string' ? meta.hidden : 'kept out of MCP by its metadata' }
      : {}),
    run: (input) => runCommanderAction(command, toArgv(command, ways, input)),
  };
}

function outcomeSchema(meta: McpCommandMeta, z: typeof Zod): ZodType {
  return z.object({
    stdout: z.string().describe('what the command printed'),
    stderr: z.string().optional().describe('what it wrote to stderr, if anything'),
    result: (meta.output ? meta.output(z) : z.unknown()).optional().describe('what its action returned, if anything'),
  });
}

// With meta.input, every field is checked by a zod schema: its own from meta.input, else the one derived here. A key
// of meta.input that is no input of the command is a mistake of the program's author, reported when tools are listed.
function fieldSchemas(command: Command, input: NonNullable<McpCommandMeta['input']>, keys: readonly string[]) {
  let checked = false;
  return (key: string, derived: LazySchema): LazySchema =>
    (z) => {
      const shape = input(z).shape as Record<string, ZodType>;
      if (!checked) {
        const stray = Object.keys(shape).filter((k) => !keys.includes(k));
        if (stray.length)
          throw new Error(`mcpMeta(${command.name()}).input names no argument or option: ${stray.join(', ')}`);
        checked = true;
      }
      return shape[key] ?? derived(z);
    };
}

type Declared = ((key: string, derived: LazySchema) => LazySchema) | undefined;

function argumentSpec(argument: Argument, declared: Declared): ArgSpec {
  const key = argKey(argument.name());
  const defaultValue = argument.defaultValue as unknown;
  return {
    name: argument.name(),
    description: argument.description,
    ...valueType(key, declared, parsedFreely(argument), defaultValue),
    ...(argument.argChoices?.length ? { choices: argument.argChoices } : {}),
    ...(defaultValue !== undefined ? { default: defaultValue } : {}),
    required: argument.required && defaultValue === undefined,
    variadic: argument.variadic,
    host: false,
  };
}

// A parser (`<n>` with parseInt) takes a string; a model sends a number as often, so both are taken, and a number is
// passed to the parser as its text. A numeric default says the value is a number.
function valueType(key: string, declared: Declared, parsed: boolean, defaultValue: unknown): Partial<ArgSpec> {
  const typed: Partial<ArgSpec> =
    typeof defaultValue === 'number'
      ? { type: Number.isInteger(defaultValue) ? 'integer' : 'number' }
      : parsed
        ? { schema: (z) => z.union([z.string().max(TEXT_MAX_CHARS), z.number()]) }
        : { type: 'string' };
  return declared ? { schema: declared(key, typed.schema ?? scalarSchema(typed.type!)) } : typed;
}

// The zod twin of a scalar type, as validateInput checks it, for a field of a command whose meta.input leaves it out.
function scalarSchema(type: ValueType): LazySchema {
  if (type === 'boolean') return (z) => z.boolean();
  if (type === 'integer') return (z) => z.number().int();
  if (type === 'number') return (z) => z.number();
  return (z) => z.string().max(TEXT_MAX_CHARS);
}

// A parser of the program's own; commander's `.choices()` is one too, but its values are the choices, strings.
function parsedFreely(param: Argument | Option): boolean {
  return param.parseArg !== undefined && !param.argChoices?.length;
}

function optionWays(command: Command): OptionWay[] {
  const byKey = new Map<string, Option[]>();
  for (const option of command.options) {
    if (option.hidden || isVersionOrHelp(command, option)) continue;
    byKey.set(option.attributeName(), [...(byKey.get(option.attributeName()) ?? []), option]);
  }
  return [...byKey].map(([key, options]) => {
    const positive = options.find((o) => !o.negate);
    const negated = options.find((o) => o.negate);
    const main = positive ?? negated!;
    return {
      key,
      ...(positive ? { name: positive.long ?? positive.short! } : {}),
      ...(negated?.long ? { negated: negated.long } : {}),
      takes: main.required ? 'required' : main.optional ? 'optional' : 'none',
      variadic: main.variadic,
    };
  });
}

function isVersionOrHelp(command: Command, option: Option): boolean {
  return option.attributeName() === versionOptionName(command) || option.long === '--help';
}

function optionSpec(command: Command, way: OptionWay, declared: Declared): OptionSpec {
  const options = command.options.filter((o) => o.attributeName() === way.key);
  const main = options.find((o) => !o.negate) ?? options[0]!;
  const defaultValue = main.defaultValue as unknown;
  const flags = way.name ? main.flags : options[0]!.flags;
  const base = { flags, description: main.description, host: false as const };
  if (way.takes === 'none') {
    const onlyNegated = !way.name;
    return {
      ...base,
      type: 'boolean',
      ...(declared ? { schema: declared(way.key, scalarSchema('boolean')) } : {}),
      ...(defaultValue !== undefined && !onlyNegated ? { default: defaultValue } : {}),
    };
  }
  const either: LazySchema = (z) => z.union([z.boolean(), z.string().max(TEXT_MAX_CHARS)]);
  const typed =
    way.takes === 'optional'
      ? { schema: declared ? declared(way.key, either) : either }
      : valueType(way.key, declared, parsedFreely(main), defaultValue);
  return {
    ...base,
    ...typed,
    ...(main.argChoices?.length ? { choices: main.argChoices } : {}),
    ...(defaultValue !== undefined ? { default: defaultValue } : {}),
    ...(main.mandatory && defaultValue === undefined ? { required: true } : {}),
    variadic: way.variadic,
  };
}

/**
 * The argv that makes commander parse exactly these inputs: options as `--name=value` (so a value starting with `-`
 * is never read as an option), then `--`, then the arguments in order (so none is read as an option either).
 */
export function toArgv(command: Command, ways: readonly OptionWay[], input: Record<string, unknown>): string[] {
  const argv: string[] = [];
  for (const way of ways) {
    const value = input[way.key];
    if (value === undefined) continue;
    if (way.takes === 'none' || typeof value === 'boolean') {
      // true turns the flag on; false says `--no-x` where the command has it, and otherwise leaves the flag off.
      const flag = value === true ? way.name : way.negated;
      if (flag) argv.push(flag);
      continue;
    }
    const name = way.name ?? way.negated!;
    for (const one of way.variadic && Array.isArray(value) ? value : [value]) {
      const text = String(one);
      argv.push(...(name.startsWith('--') ? [`${name}=${text}`] : [name, text]));
    }
  }
  argv.push('--');
  let missing: string | undefined;
  for (const argument of command.registeredArguments) {
    const value = input[argKey(argument.name())];
    if (value === undefined) {
      missing ??= argument.name();
      continue;
    }
    if (missing)
      throw new OrcError('usage.invalid', `${argument.name()} is given without ${missing}, which comes before it`);
    argv.push(...(Array.isArray(value) ? value.map(String) : [String(value)]));
  }
  return argv;
}
