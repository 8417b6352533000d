import type { z as Zod, ZodType } from 'zod';
import { ERROR_CODES } from '../src/errors.js';
import type { CommandDescription, ParamDescription } from './walk-program.js';

/** A JSON Schema (draft 2020-12, MCP's default dialect, so no `$schema` key) as a plain object. */
export type JsonSchema = { [key: string]: unknown };

type ZodApi = typeof Zod;
type Defs = Record<string, JsonSchema>;

/**
 * The JSON Schema of a command's input: one property per argument and option, keyed as validateInput expects.
 * @example deriveInputSchema(walkProgram(program)[0]!, z) // { type: 'object', properties: {...}, additionalProperties: false }
 */
export function deriveInputSchema(command: CommandDescription, z: ZodApi): JsonSchema {
  const defs: Defs = {};
  return withDefs(objectSchema(command, z, defs), defs);
}

/**
 * The input of one tool standing for a whole group: an `action` naming the command, and per action that
 * command's own properties. The per-action rules are an `if`/`then`/`else` chain keyed on `action` (each `then`
 * holds `action: { const }` and the command's properties, closed), not a root `oneOf`: Anthropic's API rejects
 * a tool whose input schema has `oneOf`, `anyOf` or `allOf` at the top level. The root also lists every
 * property any action takes, so a client that ignores conditionals still sees the fields.
 */
export function deriveGroupedInputSchema(commands: readonly CommandDescription[], z: ZodApi): JsonSchema {
  const defs: Defs = {};
  const branches = commands.map((command) => {
    const branch = objectSchema(command, z, defs);
    // The rules carry only constraints: descriptions are at the root, once per property.
    const constraints = Object.fromEntries(Object.entries(branch.properties as Record<string, JsonSchema>).map(([k, { description: _d, ...rule }]) => [k, rule]));
    const properties = { action: { const: command.name }, ...constraints };
    return { name: command.name, properties: branch.properties as Record<string, JsonSchema>, rules: { ...branch, properties, required: ['action', ...((branch.required as string[] | undefined) ?? [])] } };
  });
  const action = { type: 'string', enum: commands.map((c) => c.name), description: 'which command to run; the other properties are its input, each described per action' };
  const union: Record<string, JsonSchema> = { action };
  for (const key of new Set(branches.flatMap((b) => Object.keys(b.properties)))) union[key] = mergeProperty(branches.filter((b) => key in b.properties).map((b) => [b.name, b.properties[key]!]));
  return withDefs({ type: 'object', properties: union, required: ['action'], additionalProperties: false, ...ruleChain(branches) }, defs);
}

// if action is the first → its rules, else if the second → ..., and the last action's rules as the final else.
function ruleChain(branches: readonly { name: string; rules: JsonSchema }[]): JsonSchema {
  const when = (name: string) => ({ properties: { action: { const: name } }, required: ['action'] });
  if (branches.length === 1) return { if: when(branches[0]!.name), then: branches[0]!.rules };
  const [first, ...rest] = branches;
  if (!first) return {};
  return { if: when(first.name), then: first.rules, else: rest.length === 1 ? rest[0]!.rules : ruleChain(rest) };
}

// One root property for a key several actions take: the shared schema, described per action.
function mergeProperty(uses: [string, JsonSchema][]): JsonSchema {
  const shapes = [...new Map(uses.map(([, s]) => { const { description: _d, default: _v, ...shape } = s; return [JSON.stringify(shape), shape] as const; })).values()];
  const description = uses.map(([action, s]) => `${action}: ${String(s.description ?? '')}${s.default === undefined ? '' : ` (default ${JSON.stringify(s.default)})`}`).join('; ');
  return shapes.length === 1 ? { ...shapes[0], description } : { anyOf: shapes, description };
}

/**
 * The JSON Schema of what a tool returns: the `--json` envelope, `{ ok, command, data, meta }` on success and
 * `{ ok: false, command, error, meta }` on failure, with `data` from the commands' declared `output`. Output
 * objects allow extra properties, so adding a field to a command's result never breaks a client.
 */
export function deriveOutputSchema(commands: readonly CommandDescription[], z: ZodApi): JsonSchema {
  const defs: Defs = {};
  const datas = commands.map((c) => (c.output ? fromZod(c.output(z), z, 'output', defs) : {}));
  const unique = [...new Map(datas.map((d) => [JSON.stringify(d), d])).values()];
  const data = unique.length === 1 ? unique[0]! : { anyOf: unique };
  const allDeclared = commands.every((c) => c.output);
  const path = commands.length === 1 ? { const: commands[0]!.path } : {};
  return withDefs({
    type: 'object',
    description: 'The tmux-orc envelope, the same as `tmux-orc --json` prints: data on success, error on failure.',
    properties: {
      ok: { type: 'boolean', description: 'true on success (data is set), false on failure (error is set)' },
      command: { type: 'string', description: 'the command path, as `session new`', ...path },
      data: { ...data, description: 'the command\'s result' },
      error: {
        type: 'object',
        properties: {
          code: { type: 'string', enum: Object.keys(ERROR_CODES), description: 'a stable, namespaced code such as tmux.sessionNotFound' },
          message: { type: 'string' },
          hint: { type: 'string', description: 'what to try next' },
        },
        required: ['code', 'message'],
      },
      meta: { type: 'object', properties: { durationMs: { type: 'number' }, version: { type: 'string' } }, required: ['durationMs', 'version'] },
    },
    required: ['ok', 'command', 'meta'],
    // if/then/else rather than a root oneOf, which some clients refuse in a tool's schemas.
    if: { properties: { ok: { const: true } } },
    then: allDeclared ? { required: ['data'] } : {},
    else: { required: ['error'] },
  }, defs);
}

function objectSchema(command: CommandDescription, z: ZodApi, defs: Defs): JsonSchema {
  const params = [...command.args, ...command.options];
  const properties = Object.fromEntries(params.map((p) => [p.key, paramSchema(p, z, defs)]));
  const required = params.filter((p) => p.required).map((p) => p.key);
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

function paramSchema(param: ParamDescription, z: ZodApi, defs: Defs): JsonSchema {
  const value = param.schema ? fromZod(param.schema(z), z, 'input', defs) : scalarSchema(param);
  // A variadic argument or option is a list of values, each checked like a single one.
  const schema: JsonSchema = param.variadic ? { type: 'array', items: value, ...(param.required ? { minItems: 1 } : {}) } : { ...value };
  schema.description = param.negatedFlag ? `false is ${param.negatedFlag}: ${param.description}` : param.description;
  if (param.default !== undefined) schema.default = param.default;
  return schema;
}

function scalarSchema(param: ParamDescription): JsonSchema {
  const schema: JsonSchema = { type: param.type };
  if (param.choices) schema.enum = param.choices.map((c) => (param.type === 'number' || param.type === 'integer' ? Number(c) : param.type === 'boolean' ? c === 'true' : c));
  if (param.min !== undefined) schema.minimum = param.min;
  if (param.max !== undefined) schema.maximum = param.max;
  return schema;
}

// zod 4's own converter. A nested schema's `$defs` move to the root, so `#/$defs/...` references still resolve.
// Output objects allow extra properties (additionalProperties: false is dropped), so adding a field to a command's
// result never breaks a client.
function fromZod(schema: ZodType, z: ZodApi, io: 'input' | 'output', defs: Defs): JsonSchema {
  const { $schema: _dialect, $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  const own = ($defs ?? {}) as Defs;
  const renames = new Map<string, string>();
  for (const name of Object.keys(own)) {
    let target = name;
    for (let i = 2; defs[target] || [...renames.values()].includes(target); i++) target = `${name}_${i}`;
    renames.set(name, target);
  }
  const clean = (s: JsonSchema) => tidy(s, renames, io === 'output') as JsonSchema;
  for (const [name, def] of Object.entries(own)) defs[renames.get(name)!] = clean(def);
  return clean(rest);
}

/**
 * A copy of a converted schema with `$defs` references renamed, without the safe-integer bounds zod's `.int()` states
 * on every integer (they say nothing and cost a model tokens), and, for outputs, without `additionalProperties: false`.
 * One walk over the tree: reflection runs it for every command, and JSON round trips were most of its time.
 */
function tidy(value: unknown, renames: ReadonlyMap<string, string>, openObjects: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => tidy(v, renames, openObjects));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if ((key === 'minimum' && v === Number.MIN_SAFE_INTEGER) || (key === 'maximum' && v === Number.MAX_SAFE_INTEGER)) continue;
    if (openObjects && key === 'additionalProperties' && v === false) continue;
    if (key === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
      const name = v.slice('#/$defs/'.length);
      out[key] = `#/$defs/${renames.get(name) ?? name}`;
      continue;
    }
    out[key] = tidy(v, renames, openObjects);
  }
  return out;
}

function withDefs(schema: JsonSchema, defs: Defs): JsonSchema {
  return Object.keys(defs).length ? { ...schema, $defs: defs } : schema;
}

