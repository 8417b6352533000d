import type { CommandSpec } from '../../../cli/command-spec.js';
import { validateInput } from '../../../cli/validate-input.js';
import { OrcError } from '../../../src/errors.js';

/** A small command with the given arguments and options; validation never calls run. */
function spec(parts: Pick<CommandSpec, 'args' | 'options'>): CommandSpec {
  return { name: 't', description: 'test', effect: 'read', run: async () => null, ...parts };
}

/** The error code validateInput rejects with (fails the test if it resolves). */
async function codeOf(s: CommandSpec, raw: Record<string, unknown>): Promise<string> {
  try {
    await validateInput(s, raw);
  } catch (error) {
    expect(error).toBeInstanceOf(OrcError);
    return (error as OrcError).code;
  }
  throw new Error(`expected validateInput to reject ${JSON.stringify(raw)}`);
}

describe('validateInput', () => {
  describe('types', () => {
    const s = spec({
      options: [
        { flags: '--s <v>', description: 's' },
        { flags: '--n <v>', description: 'n', type: 'number' },
        { flags: '--i <v>', description: 'i', type: 'integer' },
        { flags: '--b <v>', description: 'b', type: 'boolean' },
      ],
    });

    test('coerces strings from argv and keeps JSON values', async () => {
      expect(await validateInput(s, { s: 'x', n: '1.5', i: '42', b: 'true' })).toEqual({
        s: 'x',
        n: 1.5,
        i: 42,
        b: true,
      });
      expect(await validateInput(s, { s: 'x', n: 2.5, i: -3, b: false })).toEqual({ s: 'x', n: 2.5, i: -3, b: false });
      expect(await validateInput(s, { b: 'false' })).toEqual({ b: false });
    });

    test.each([
      [{ s: 5 }],
      [{ n: 'abc' }],
      [{ n: '' }],
      [{ n: ' ' }],
      [{ n: 'Infinity' }],
      [{ n: Number.NaN }],
      [{ i: '1.5' }],
      [{ i: 2.5 }],
      [{ i: 'abc' }],
      [{ b: 'yes' }],
      [{ b: 1 }],
    ])('rejects %j with usage.invalid', async (raw) => {
      expect(await codeOf(s, raw)).toBe('usage.invalid');
    });
  });

  describe('integer bounds', () => {
    const s = spec({ options: [{ flags: '--width <cols>', description: 'w', type: 'integer', min: 10, max: 1000 }] });

    test('accepts the bounds themselves', async () => {
      expect(await validateInput(s, { width: '10' })).toEqual({ width: 10 });
      expect(await validateInput(s, { width: 1000 })).toEqual({ width: 1000 });
    });

    test.each([['9'], [1001], ['-5']])('rejects %j', async (width) => {
      expect(await codeOf(s, { width })).toBe('usage.invalid');
    });
  });

  describe('choices', () => {
    const s = spec({ options: [{ flags: '--format <f>', description: 'f', choices: ['json', 'table'] }] });

    test('accepts a listed choice and rejects any other', async () => {
      expect(await validateInput(s, { format: 'table' })).toEqual({ format: 'table' });
      expect(await codeOf(s, { format: 'xml' })).toBe('usage.invalid');
      expect(await codeOf(s, { format: 'JSON' })).toBe('usage.invalid');
    });
  });

  describe('defaults', () => {
    const s = spec({
      options: [
        { flags: '--height <rows>', description: 'h', type: 'integer', default: 50 },
        { flags: '--name <n>', description: 'n', default: 'main' },
        { flags: '--no-enter', description: 'do not press Enter' },
        { flags: '--force', description: 'f' },
      ],
    });

    test('fill absent fields; a negated flag defaults to true; a plain flag stays absent', async () => {
      expect(await validateInput(s, {})).toEqual({ height: 50, name: 'main', enter: true });
    });

    test('given values win over defaults', async () => {
      expect(await validateInput(s, { height: '7', name: 'x', enter: false, force: true })).toEqual({
        height: 7,
        name: 'x',
        enter: false,
        force: true,
      });
    });

    test('undefined counts as absent', async () => {
      expect(await validateInput(s, { height: undefined, enter: undefined })).toEqual({
        height: 50,
        name: 'main',
        enter: true,
      });
    });
  });

  describe('arguments', () => {
    const s = spec({
      args: [
        { name: 'target-session', description: 'session' },
        { name: 'command', description: 'program', variadic: true, required: false },
      ],
    });

    test('an argument is required unless marked otherwise; keys are camel-cased', async () => {
      expect(await codeOf(s, {})).toBe('usage.invalid');
      expect(await validateInput(s, { targetSession: 'work' })).toEqual({ targetSession: 'work' });
    });

    test('a variadic argument takes a list and checks each element', async () => {
      expect(await validateInput(s, { targetSession: 'w', command: ['tail', '-f', 'x'] })).toEqual({
        targetSession: 'w',
        command: ['tail', '-f', 'x'],
      });
      expect(await validateInput(s, { targetSession: 'w', command: [] })).toEqual({ targetSession: 'w', command: [] });
      expect(await codeOf(s, { targetSession: 'w', command: 'tail' })).toBe('usage.invalid');
      expect(await codeOf(s, { targetSession: 'w', command: ['ok', 3] })).toBe('usage.invalid');
    });

    test('a variadic integer argument coerces every element, and an empty list takes the default', async () => {
      const ints = spec({ args: [{ name: 'n', description: 'n', type: 'integer', variadic: true, default: [1] }] });
      expect(await validateInput(ints, { n: ['2', 3] })).toEqual({ n: [2, 3] });
      expect(await validateInput(ints, { n: [] })).toEqual({ n: [1] });
      expect(await codeOf(ints, { n: ['2', 'x'] })).toBe('usage.invalid');
    });
  });

  test('a required option must be given', async () => {
    const s = spec({ options: [{ flags: '--to <agent>', description: 'to', required: true }] });
    expect(await codeOf(s, {})).toBe('usage.invalid');
    expect(await validateInput(s, { to: 'pm' })).toEqual({ to: 'pm' });
  });

  test('unknown fields are rejected, but an unknown field that is undefined is ignored', async () => {
    const s = spec({ options: [{ flags: '--a <v>', description: 'a' }] });
    expect(await codeOf(s, { a: 'x', bogus: 1 })).toBe('usage.invalid');
    expect(await validateInput(s, { a: 'x', bogus: undefined })).toEqual({ a: 'x' });
  });

  test('a zod schema overrides the scalar type and its output is used', async () => {
    const s = spec({
      options: [
        {
          flags: '--env <json>',
          description: 'env',
          type: 'integer',
          schema: (z) => z.record(z.string(), z.string()).transform((r) => Object.keys(r)),
        },
      ],
    });
    expect(await validateInput(s, { env: { A: '1', B: '2' } })).toEqual({ env: ['A', 'B'] });
    expect(await codeOf(s, { env: { A: 1 } })).toBe('usage.invalid');
    expect(await codeOf(s, { env: '5' })).toBe('usage.invalid');
  });
});
