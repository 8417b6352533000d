import { OrcError } from '../src/errors.js';
import { TEXT_MAX_CHARS } from '../src/input-limits.js';
import type { CommandSpec, ParamSpec } from './command-spec.js';
import { argKey, isNegated, optionKey, takesValue } from './option-key.js';

interface Field {
  key: string;
  label: string;
  spec: ParamSpec;
  flag: boolean;
}

/** The input fields of a command: its arguments and options, by input key. */
export function commandFields(spec: CommandSpec): Field[] {
  return [
    ...(spec.args ?? []).map((a) => ({
      key: argKey(a.name),
      label: `<${a.name}>`,
      spec: { required: true, ...a },
      flag: false,
    })),
    ...(spec.options ?? []).map((o) => {
      const flag = !takesValue(o.flags);
      const base: ParamSpec = flag ? { type: 'boolean', default: isNegated(o.flags) ? true : undefined, ...o } : o;
      return { key: optionKey(o.flags), label: /--[a-zA-Z0-9-]+/.exec(o.flags)?.[0] ?? o.flags, spec: base, flag };
    }),
  ];
}

/**
 * Checks and coerces a command's input, the same for the CLI (strings from argv) and MCP (JSON values).
 * Throws `usage.invalid` naming the field.
 */
export async function validateInput(spec: CommandSpec, raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  const fields = commandFields(spec);
  const known = new Set(fields.map((f) => f.key));
  const unknown = Object.keys(raw).filter((k) => !known.has(k) && raw[k] !== undefined);
  if (unknown.length > 0) throw usage(`unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
  const input: Record<string, unknown> = {};
  for (const field of fields) {
    let value = raw[field.key];
    if (
      value === undefined ||
      (field.spec.variadic && Array.isArray(value) && value.length === 0 && field.spec.default !== undefined)
    )
      value = field.spec.default;
    if (value === undefined) {
      if (field.spec.required) throw usage(`${field.label} (${field.key}) is required`);
      continue;
    }
    input[field.key] = field.spec.variadic
      ? await Promise.all(asArray(value, field).map((v) => checkValue(v, field)))
      : await checkValue(value, field);
  }
  return input;
}

function asArray(value: unknown, field: Field): unknown[] {
  if (Array.isArray(value)) return value;
  throw usage(`${field.label} (${field.key}) must be a list`);
}

async function checkValue(value: unknown, field: Field): Promise<unknown> {
  const { spec } = field;
  if (spec.schema) {
    const { z } = await import('zod');
    const result = spec.schema(z).safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      throw usage(`${field.label} (${field.key})${where}: ${issue?.message ?? 'invalid value'}`);
    }
    return result.data;
  }
  const type = spec.type ?? 'string';
  const bad = (what: string) => usage(`${field.label} (${field.key}) ${what}, got ${shown(value)}`);
  let out: unknown = value;
  if (type === 'boolean') {
    if (value === 'true' || value === 'false') out = value === 'true';
    else if (typeof value !== 'boolean') throw bad('must be true or false');
  } else if (type === 'number' || type === 'integer') {
    const n =
      typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
    if (!Number.isFinite(n)) throw bad(`must be ${type === 'integer' ? 'an integer' : 'a number'}`);
    if (type === 'integer' && !Number.isInteger(n)) throw bad('must be an integer');
    if (spec.min !== undefined && n < spec.min) throw bad(`must be at least ${spec.min}`);
    if (spec.max !== undefined && n > spec.max) throw bad(`must be at most ${spec.max}`);
    out = n;
  } else if (typeof value !== 'string') {
    throw bad('must be a string');
  } else if (value.length > (spec.maxLength ?? TEXT_MAX_CHARS)) {
    // The value itself is not echoed back: it may be a megabyte.
    throw usage(
      `${field.label} (${field.key}) is ${value.length} characters long; the limit is ${spec.maxLength ?? TEXT_MAX_CHARS}`,
    );
  }
  if (spec.choices && !spec.choices.includes(String(out))) throw bad(`must be one of ${spec.choices.join(', ')}`);
  return out;
}

/** A value as an error message quotes it: at most 60 characters of it. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}... (${text.length} characters)` : text;
}

function usage(message: string): OrcError {
  return new OrcError('usage.invalid', message, { hint: 'see --help for the command' });
}
