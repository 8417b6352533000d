import type { z as Zod, ZodType } from 'zod';
import type { CommandDescription, ParamDescription } from './walk-program.js';

/** A JSON Schema (draft 2020-12, MCP's default dialect, so no `$schema` key) as a plain object. */
export type JsonSchema = { [key: string]: unknown };

type ZodApi = typeof Zod;
type Defs = Record<string, JsonSchema>;

/**
 * The JSON Schema of a command's input: one property per argument and option, keyed as validateInput expects.
 * @example deriveInputSchema(walkProgram(program)[0]!, z) // { type: 'object', properties: {...}, additionalProperties:
 * false }
 */
export function deriveInputSchema(command: CommandDescription, z: ZodApi): JsonSchema {
  const defs: Defs = {};
  return withDefs(objectSchema(command, z, defs), defs);
}

/**
 * The input of one tool standing for a whole group: an `action` naming the command, and every property any action
 * takes, once, at the root. Which properties an action takes and needs is in the tool's description (one line per
 * action) and checked by the server, which answers `usage.invalid`; a per-action `if`/`then`/`else` chain in the
 * schema said the same again and made the grouped list larger than the flat one. No root `oneOf`: Anthropic's API
 * rejects a tool whose input schema has `oneOf`, `anyOf` or `allOf` at the top level.
 */
export function deriveGroupedInputSchema(commands: readonly CommandDescription[], z: ZodApi): JsonSchema {
  const defs: Defs = {};
  const branches = commands.map((command) => {
    const { properties } = objectSchema(command, z, defs) as { properties: Record<string, JsonSchema> };
    return { name: command.name, properties };
  });
  const action = { type: 'string', enum: commands.map((c) => c.name) };
  const union: Record<string, JsonSchema> = { action };
  for (const key of new Set(branches.flatMap((b) => Object.keys(b.properties))))
    union[key] = mergeProperty(branches.filter((b) => key in b.properties).map((b) => [b.name, b.properties[key]!]));
  return withDefs({ type: 'object', properties: union, required: ['action'] }, defs);
}

// One root property for a key several actions take: the shared schema (with its default when all agree), and each
// distinct description once, prefixed with the actions it is for unless every action says the same.
function mergeProperty(uses: [string, JsonSchema][]): JsonSchema {
  const defaults = new Set(uses.map(([, s]) => JSON.stringify(s.default)));
  const oneDefault = defaults.size === 1;
  const shapes = [
    ...new Map(
      uses.map(([, s]) => {
        const { description: _d, default: _v, ...shape } = s;
        return [JSON.stringify(shape), shape] as const;
      }),
    ).values(),
  ];
  const told = (s: JsonSchema) => {
    const ownDefault = !oneDefault && s.default !== undefined ? `default ${JSON.stringify(s.default)}` : '';
    return [s.description, ownDefault].filter(Boolean).join(', ');
  };
  const byText = new Map<string, string[]>();
  for (const [action, s] of uses) byText.set(told(s), [...(byText.get(told(s)) ?? []), action]);
  const texts = [...byText].filter(([text]) => text);
  const description =
    texts.length === 1 && byText.size === 1
      ? texts[0]![0]
      : texts.map(([text, actions]) => `${actions.join(', ')}: ${text}`).join('; ');
  const shape: JsonSchema = shapes.length === 1 ? { ...shapes[0] } : { anyOf: shapes };
  if (oneDefault && uses[0]![1].default !== undefined) shape.default = uses[0]![1].default;
  return description ? { ...shape, description } : shape;
}

/**
 * The JSON Schema of what a tool returns: the `--json` envelope, `{ ok, command, data, meta }` on success and
 * `{ ok: false, command, error, meta }` on failure. For one command, `data` is an outline of its declared `output`:
 * its own fields with their types, nested objects as `object` (docs/json.md and the CLI's `--json` show them
 * whole); for a group's tool, `data` is an object, whichever action ran. The envelope and the error codes are
 * described once, in the server's instructions, not in every tool: they were three quarters of the tool list.
 * Objects allow extra properties, so adding a field to a command's result never breaks a client.
 */
export function deriveOutputSchema(commands: readonly CommandDescription[], z: ZodApi): JsonSchema {
  const only = commands.length === 1 ? commands[0] : undefined;
  const defs: Defs = {};
  const declared = commands.every((c) => c.output);
  const outlined = () => outline(fromZod(only!.output!(z), z, 'output', defs), defs, 0);
  const data = !declared ? {} : only ? outlined() : { type: 'object' };
  return {
    type: 'object',
    properties: {
      ok: { type: 'boolean' },
      command: only ? { const: only.path } : { type: 'string' },
      data,
      error: { type: 'object', required: ['code', 'message'] },
    },
    required: ['ok', 'command', 'meta'],
  };
}

/**
 * The output schema of every tool of the grouped shape: the envelope alone, `data` an object whichever command ran.
 * That shape is for clients that want the shortest list; the flat shape and docs/mcp-tools.md outline each command's
 * `data`. It keeps the list within its budget: the outlines of the groupless commands and a fuller envelope per tool
 * were a fifth of it.
 */
export function leanOutputSchema(): JsonSchema {
  return {
    type: 'object',
    properties: { ok: { type: 'boolean' }, data: { type: 'object' }, error: { type: 'object' } },
    required: ['ok'],
  };
}

const OUTLINE_KEYS = ['type', 'enum', 'const', 'description'] as const;

/**
 * A schema cut to its outline: at depth 0 an object keeps its properties (each outlined at depth 1) and `required`;
 * deeper, only the type (and an enum or const) is left, and an array's items are outlined at the same depth.
 */
function outline(schema: JsonSchema, defs: Defs, depth: number): JsonSchema {
  const named = typeof schema.$ref === 'string' && schema.$ref.startsWith('#/$defs/');
  const ref = named ? defs[(schema.$ref as string).slice('#/$defs/'.length)] : undefined;
  if (ref) return outline(ref, defs, depth);
  const out: JsonSchema = {};
  for (const key of OUTLINE_KEYS) if (schema[key] !== undefined) out[key] = schema[key];
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key])) out[key] = (schema[key] as JsonSchema[]).map((s) => outline(s, defs, depth));
  }
  if (schema.items && typeof schema.items === 'object') out.items = outline(schema.items as JsonSchema, defs, depth);
  if (depth === 0 && schema.properties) {
    const properties = schema.properties as Record<string, JsonSchema>;
    out.properties = Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, outline(s, defs, depth + 1)]));
    if (Array.isArray(schema.required) && schema.required.length) out.required = schema.required;
  }
  return out;
}

function objectSchema(command: CommandDescription, z: ZodApi, defs: Defs): JsonSchema {
  const params = [...command.args, ...command.options];
  const properties = Object.fromEntries(params.map((p) => [p.key, paramSchema(p, z, defs)]));
  const required = params.filter((p) => p.required).map((p) => p.key);
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}

function paramSchema(param: ParamDescription, z: ZodApi, defs: Defs): JsonSchema {
  const value = param.schema ? fromZod(param.schema(z), z, 'input', defs) : scalarSchema(param);
  // A variadic argument or option is a list of values, each checked like a single one.
  const schema: JsonSchema = param.variadic
    ? { type: 'array', items: value, ...(param.required ? { minItems: 1 } : {}) }
    : { ...value };
  // Over MCP a `--no-x` flag is a boolean `x`: its own text says what false does.
  const description = param.mcpDescription ?? (param.negatedFlag ? `false: ${param.description}` : param.description);
  if (description) schema.description = description;
  // A `--no-x` flag's default (true) is what its "false: ..." text says already; every other default is stated.
  if (param.default !== undefined && !(param.negatedFlag && param.default === true && description.startsWith('false')))
    schema.default = param.default;
  return schema;
}

function scalarSchema(param: ParamDescription): JsonSchema {
  const schema: JsonSchema = { type: param.type };
  if (param.choices)
    schema.enum = param.choices.map((c) =>
      param.type === 'number' || param.type === 'integer' ? Number(c) : param.type === 'boolean' ? c === 'true' : c,
    );
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
    if ((key === 'minimum' && v === Number.MIN_SAFE_INTEGER) || (key === 'maximum' && v === Number.MAX_SAFE_INTEGER))
      continue;
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
