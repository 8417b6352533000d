import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { z } from 'zod';
import { buildProgram } from '../../cli/build-program.js';
import { defineCommand, type CommandGroup } from '../../cli/command-spec.js';
import { validateInput } from '../../cli/validate-input.js';
import {
  deriveGroupedInputSchema,
  deriveInputSchema,
  deriveOutputSchema,
  type JsonSchema,
} from '../../reflect/derive-schema.js';
import { walkProgram } from '../../reflect/walk-program.js';

const demo = defineCommand({
  name: 'demo',
  description: 'A command with one of every kind of input.',
  effect: 'change',
  args: [
    { name: 'target', description: 'where' },
    { name: 'extra-files', description: 'more files', variadic: true, required: false },
  ],
  options: [
    { flags: '-n, --name <name>', description: 'a name', required: true },
    { flags: '--count <n>', description: 'how many', type: 'integer', min: 1, max: 9, default: 3 },
    { flags: '--ratio <r>', description: 'a ratio', type: 'number' },
    { flags: '-k, --kind <kind>', description: 'which kind', choices: ['a', 'b'], default: 'a' },
    { flags: '--force', description: 'do it anyway' },
    { flags: '--no-wait', description: 'return at once' },
    { flags: '--color', description: 'colour the output' },
    { flags: '--no-color', description: 'plain output' },
    { flags: '-e, --env <pair...>', description: 'KEY=VALUE pairs', variadic: true },
    {
      flags: '--spec <json>',
      description: 'a structured value',
      schema: (zod) => zod.object({ size: zod.number().int().positive(), tags: zod.array(zod.string()).optional() }),
    },
  ],
  output: (zod) => zod.object({ done: zod.boolean() }),
  run: async () => ({ done: true }),
});
const other = defineCommand({ name: 'other', description: 'Another.', effect: 'read', run: async () => ({}) });
const group: CommandGroup = { name: 'demo', description: 'Demo commands.', commands: [demo, other] };

const [described, otherDescribed] = walkProgram(buildProgram({ groups: [group] }).program);
const schema = deriveInputSchema(described!, z);
const props = schema.properties as Record<string, JsonSchema>;
const ajv = new AjvJsonSchemaValidator();

describe('deriveInputSchema', () => {
  // Closedness and numeric bounds are the server's to check (usage.invalid): said in every schema, a model paid for
  // them.
  test('is an object with the required fields', () => {
    expect(schema.type).toBe('object');
    expect(schema).not.toHaveProperty('additionalProperties');
    expect(schema.required).toEqual(['target', 'name']);
    expect(Object.keys(props)).toEqual([
      'target',
      'extraFiles',
      'name',
      'count',
      'ratio',
      'kind',
      'force',
      'wait',
      'color',
      'env',
      'spec',
    ]);
  });

  test('scalar types, enums and defaults', () => {
    expect(props.target).toEqual({ type: 'string', description: 'where' });
    expect(props.count).toEqual({ type: 'integer', default: 3, description: 'how many' });
    expect(props.ratio).toMatchObject({ type: 'number' });
    expect(props.kind).toEqual({ type: 'string', enum: ['a', 'b'], default: 'a', description: 'which kind' });
    expect(props.force).toEqual({ type: 'boolean', description: 'do it anyway' });
  });

  test('variadic arguments and options are arrays', () => {
    expect(props.extraFiles).toEqual({ type: 'array', items: { type: 'string' }, description: 'more files' });
    expect(props.env).toMatchObject({ type: 'array', items: { type: 'string' } });
  });

  test('a --no-x option is one boolean x, true by default (said by its "false: ..." text, not again as a default); a --x/--no-x pair is one boolean', () => {
    expect(props.wait).toEqual({ type: 'boolean', description: 'false: return at once' });
    expect(props.color).toMatchObject({ type: 'boolean', description: 'colour the output' });
    expect(Object.keys(props).filter((k) => k === 'color')).toHaveLength(1);
  });

  test("an option with a zod schema uses zod's JSON Schema, without its own $schema", () => {
    expect(props.spec).toEqual({
      type: 'object',
      properties: {
        size: { type: 'integer', exclusiveMinimum: 0 },
        tags: { type: 'array', items: { type: 'string' } },
      },
      required: ['size'],
      description: 'a structured value',
    });
  });

  test('accepts what validateInput accepts, rejects what it rejects, and leaves bounds and extra fields to it', async () => {
    const check = ajv.getValidator(schema);
    const good = { target: 't', name: 'n', count: 4, kind: 'b', wait: false, env: ['A=1'], spec: { size: 2 } };
    expect(check(good).valid).toBe(true);
    await expect(validateInput(demo, good)).resolves.toMatchObject({ count: 4, wait: false });
    for (const bad of [
      { target: 't' },
      { ...good, kind: 'c' },
      { ...good, spec: { size: 0 } },
      { ...good, count: 'x' },
    ]) {
      expect(check(bad).valid).toBe(false);
      await expect(validateInput(demo, bad)).rejects.toMatchObject({ code: 'usage.invalid' });
    }
    for (const serverSide of [
      { ...good, count: 10 },
      { ...good, surprise: 1 },
    ]) {
      expect(check(serverSide).valid).toBe(true);
      await expect(validateInput(demo, serverSide)).rejects.toMatchObject({ code: 'usage.invalid' });
    }
  });

  test('an MCP description replaces the CLI one; an empty one leaves the field undescribed', () => {
    const spec = defineCommand({
      name: 'send',
      description: 'Send.',
      effect: 'change',
      args: [
        { name: 'message', description: 'the text; "-" reads stdin', mcpDescription: 'the text, as is' },
        { name: 'to', description: 'whom', mcpDescription: '' },
      ],
      run: async () => ({}),
    });
    const [command] = walkProgram(
      buildProgram({ groups: [{ name: 'x', description: 'X.', commands: [spec] }] }).program,
    );
    const fields = deriveInputSchema(command!, z).properties as Record<string, JsonSchema>;
    expect(fields.message).toEqual({ type: 'string', description: 'the text, as is' });
    expect(fields.to).toEqual({ type: 'string' });
  });
});

describe('deriveGroupedInputSchema', () => {
  const grouped = deriveGroupedInputSchema([described!, otherDescribed!], z);
  test("has an action enum and every action's fields at the root, once", () => {
    const root = grouped.properties as Record<string, JsonSchema>;
    expect(root.action).toEqual({ type: 'string', enum: ['demo', 'other'] });
    expect(Object.keys(root)).toEqual(['action', ...Object.keys(props)]);
    expect(grouped.required).toEqual(['action']);
    expect(root.count).toEqual(props.count);
  });

  // Anthropic's API refuses a tool whose input schema has oneOf, anyOf or allOf at the top level; the per-action
  // rules are the server's (usage.invalid), so no conditional chain repeats every action's fields either.
  test('has no combinator or conditional at the top level', () => {
    for (const key of ['oneOf', 'anyOf', 'allOf', 'if', 'then', 'else']) expect(grouped).not.toHaveProperty(key);
  });

  test("needs an action among the group's", () => {
    const check = ajv.getValidator(grouped);
    expect(check({ action: 'other' }).valid).toBe(true);
    expect(check({ action: 'demo', target: 't', name: 'n' }).valid).toBe(true);
    expect(check({ action: 'nope' }).valid).toBe(false);
    expect(check({}).valid).toBe(false);
  });

  test('a field several actions share is described once when they agree, else per action', () => {
    const third = {
      ...otherDescribed!,
      name: 'third',
      path: 'demo third',
      options: [{ ...described!.options[0]!, description: 'another name' }],
    };
    const same = { ...otherDescribed!, name: 'same', path: 'demo same', options: [described!.options[0]!] };
    const root = deriveGroupedInputSchema([described!, same, third], z).properties as Record<string, JsonSchema>;
    expect(root.name).toEqual({ type: 'string', description: 'demo, same: a name; third: another name' });
    const agreeing = deriveGroupedInputSchema([described!, same], z).properties as Record<string, JsonSchema>;
    expect(agreeing.name).toEqual({ type: 'string', description: 'a name' });
  });
});

describe('deriveOutputSchema', () => {
  const output = deriveOutputSchema([described!], z);
  const meta = { durationMs: 1, version: '0.0.0' };
  test('is the envelope with data from the declared output, open to new fields', () => {
    expect(output.type).toBe('object');
    expect(output.required).toEqual(['ok', 'command', 'meta']);
    expect((output.properties as Record<string, JsonSchema>).data).toEqual({
      type: 'object',
      properties: { done: { type: 'boolean' } },
      required: ['done'],
    });
    const check = ajv.getValidator(output);
    expect(check({ ok: true, command: 'demo demo', data: { done: true, more: 1 }, meta }).valid).toBe(true);
    expect(
      check({ ok: false, command: 'demo demo', error: { code: 'tmux.sessionNotFound', message: 'gone' }, meta }).valid,
    ).toBe(true);
    expect(check({ ok: false, command: 'demo demo', error: { message: 'no code' }, meta }).valid).toBe(false);
    expect(check({ ok: true, command: 'other', data: { done: true }, meta }).valid).toBe(false);
  });

  test('outlines data: its own fields typed, nested objects only as objects; no enum of error codes', () => {
    const nested = {
      ...described!,
      output: (zod: typeof z) =>
        zod.object({
          agents: zod.array(zod.object({ name: zod.string() })),
          server: zod.object({ pid: zod.number() }),
          state: zod.enum(['idle', 'busy']),
        }),
    };
    const data = (deriveOutputSchema([nested], z).properties as Record<string, JsonSchema>).data!;
    expect(data).toEqual({
      type: 'object',
      properties: {
        agents: { type: 'array', items: { type: 'object' } },
        server: { type: 'object' },
        state: { type: 'string', enum: ['idle', 'busy'] },
      },
      required: ['agents', 'server', 'state'],
    });
    expect(JSON.stringify(deriveOutputSchema([nested], z))).not.toContain('sessionNotFound');
  });

  test("a group's tool returns an object, whichever action ran", () => {
    const group = deriveOutputSchema(
      [described!, { ...otherDescribed!, output: (zod: typeof z) => zod.object({}) }],
      z,
    );
    expect((group.properties as Record<string, JsonSchema>).data).toEqual({ type: 'object' });
    expect((group.properties as Record<string, JsonSchema>).command).toEqual({ type: 'string' });
  });
});
