import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { z } from 'zod';
import { buildProgram } from '../../cli/build-program.js';
import { defineCommand, type CommandGroup } from '../../cli/command-spec.js';
import { validateInput } from '../../cli/validate-input.js';
import { deriveGroupedInputSchema, deriveInputSchema, deriveOutputSchema, type JsonSchema } from '../../reflect/derive-schema.js';
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
    { flags: '--spec <json>', description: 'a structured value', schema: (zod) => zod.object({ size: zod.number().int().positive(), tags: zod.array(zod.string()).optional() }) },
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
  test('is a closed object with the required fields', () => {
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['target', 'name']);
    expect(Object.keys(props)).toEqual(['target', 'extraFiles', 'name', 'count', 'ratio', 'kind', 'force', 'wait', 'color', 'env', 'spec']);
  });

  test('scalar types, bounds, enums and defaults', () => {
    expect(props.target).toEqual({ type: 'string', description: 'where' });
    expect(props.count).toEqual({ type: 'integer', minimum: 1, maximum: 9, default: 3, description: 'how many' });
    expect(props.ratio).toMatchObject({ type: 'number' });
    expect(props.kind).toEqual({ type: 'string', enum: ['a', 'b'], default: 'a', description: 'which kind' });
    expect(props.force).toEqual({ type: 'boolean', description: 'do it anyway' });
  });

  test('variadic arguments and options are arrays', () => {
    expect(props.extraFiles).toEqual({ type: 'array', items: { type: 'string' }, description: 'more files' });
    expect(props.env).toMatchObject({ type: 'array', items: { type: 'string' } });
  });

  test('a --no-x option is one boolean x, true by default; a --x/--no-x pair is one boolean', () => {
    expect(props.wait).toMatchObject({ type: 'boolean', default: true });
    expect(props.wait!.description).toContain('--no-wait');
    expect(props.color).toMatchObject({ type: 'boolean', description: 'colour the output' });
    expect(Object.keys(props).filter((k) => k === 'color')).toHaveLength(1);
  });

  test('an option with a zod schema uses zod\'s JSON Schema, without its own $schema', () => {
    expect(props.spec).toEqual({
      type: 'object',
      properties: { size: { type: 'integer', exclusiveMinimum: 0 }, tags: { type: 'array', items: { type: 'string' } } },
      required: ['size'],
      description: 'a structured value',
    });
  });

  test('accepts what validateInput accepts and rejects what it rejects', async () => {
    const check = ajv.getValidator(schema);
    const good = { target: 't', name: 'n', count: 4, kind: 'b', wait: false, env: ['A=1'], spec: { size: 2 } };
    expect(check(good).valid).toBe(true);
    await expect(validateInput(demo, good)).resolves.toMatchObject({ count: 4, wait: false });
    for (const bad of [{ target: 't' }, { ...good, count: 10 }, { ...good, kind: 'c' }, { ...good, surprise: 1 }, { ...good, spec: { size: 0 } }]) {
      expect(check(bad).valid).toBe(false);
      await expect(validateInput(demo, bad)).rejects.toMatchObject({ code: 'usage.invalid' });
    }
  });
});

describe('deriveGroupedInputSchema', () => {
  const grouped = deriveGroupedInputSchema([described!, otherDescribed!], z);
  test('has an action enum, every action\'s fields at the root, and per-action rules keyed on action', () => {
    const root = grouped.properties as Record<string, JsonSchema>;
    expect(root.action).toMatchObject({ type: 'string', enum: ['demo', 'other'] });
    expect(Object.keys(root)).toEqual(['action', ...Object.keys(props)]);
    expect(grouped).toMatchObject({ required: ['action'], additionalProperties: false, if: { properties: { action: { const: 'demo' } } } });
    expect(grouped.then).toMatchObject({ properties: { action: { const: 'demo' } }, required: ['action', 'target', 'name'], additionalProperties: false });
    expect(grouped.else).toMatchObject({ properties: { action: { const: 'other' } }, required: ['action'], additionalProperties: false });
  });

  // Anthropic's API refuses a tool whose input schema has oneOf, anyOf or allOf at the top level.
  test('has no combinator at the top level', () => {
    for (const key of ['oneOf', 'anyOf', 'allOf']) expect(grouped).not.toHaveProperty(key);
  });

  test('validates each action\'s own fields', () => {
    const check = ajv.getValidator(grouped);
    expect(check({ action: 'other' }).valid).toBe(true);
    expect(check({ action: 'demo', target: 't', name: 'n' }).valid).toBe(true);
    expect(check({ action: 'other', target: 't' }).valid).toBe(false);
    expect(check({ action: 'demo' }).valid).toBe(false);
    expect(check({ action: 'nope' }).valid).toBe(false);
    expect(check({}).valid).toBe(false);
  });

  test('three actions chain their rules', () => {
    const three = deriveGroupedInputSchema([otherDescribed!, described!, { ...otherDescribed!, name: 'third', path: 'demo third' }], z);
    const check = ajv.getValidator(three);
    expect(check({ action: 'third' }).valid).toBe(true);
    expect(check({ action: 'demo', target: 't', name: 'n' }).valid).toBe(true);
    expect(check({ action: 'third', target: 't' }).valid).toBe(false);
  });
});

describe('deriveOutputSchema', () => {
  const output = deriveOutputSchema([described!], z);
  test('is the envelope with data from the declared output, open to new fields', () => {
    expect(output.type).toBe('object');
    expect(output.required).toEqual(['ok', 'command', 'meta']);
    expect((output.properties as Record<string, JsonSchema>).data).toMatchObject({ type: 'object', properties: { done: { type: 'boolean' } }, required: ['done'] });
    const check = ajv.getValidator(output);
    const meta = { durationMs: 1, version: '0.0.0' };
    expect(check({ ok: true, command: 'demo demo', data: { done: true, more: 1 }, meta }).valid).toBe(true);
    expect(check({ ok: false, command: 'demo demo', error: { code: 'tmux.sessionNotFound', message: 'gone' }, meta }).valid).toBe(true);
    expect(check({ ok: true, command: 'demo demo', meta }).valid).toBe(false);
    expect(check({ ok: false, command: 'demo demo', error: { code: 'no.such', message: 'x' }, meta }).valid).toBe(false);
  });
});
