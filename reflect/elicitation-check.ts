import type {
  JsonSchemaType,
  JsonSchemaValidatorResult,
  jsonSchemaValidator,
} from '@modelcontextprotocol/sdk/validation/types.js';

type Schema = Record<string, unknown>;

/**
 * The SDK's server validates JSON Schema only for the answers to an elicitation (the permission relay's). Elicitation
 * schemas are MCP's restricted kind: one flat object of primitive fields (strings with an enum, a `oneOf` of consts or
 * length bounds; numbers and integers with bounds; booleans) and `required`. This checks exactly that, in place of the
 * SDK's default validator (Ajv, whose loading and set-up were a tenth of `tmux-orc mcp`'s start, so
 * scripts/bundle.mjs leaves it out); a schema outside that subset refuses every answer, saying why.
 */
export const ELICITATION_CHECK: jsonSchemaValidator = {
  getValidator<T>(schema: JsonSchemaType) {
    return (input: unknown): JsonSchemaValidatorResult<T> => {
      const problem = check(schema as Schema, input);
      return problem === undefined
        ? { valid: true, data: input as T, errorMessage: undefined }
        : { valid: false, data: undefined, errorMessage: problem };
    };
  },
};

function check(schema: Schema, input: unknown): string | undefined {
  if (schema.type !== 'object' || typeof schema.properties !== 'object' || schema.properties === null) {
    return 'tmux-orc checks only elicitation schemas: a flat object of primitive fields';
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'the answer is not an object';
  const properties = schema.properties as Record<string, Schema>;
  const answer = input as Record<string, unknown>;
  for (const key of Object.keys(answer)) if (!Object.hasOwn(properties, key)) return `${key} was not asked for`;
  const required = Array.isArray(schema.required) ? (schema.required as unknown[]) : [];
  for (const key of required) if (typeof key === 'string' && !Object.hasOwn(answer, key)) return `${key} is required`;
  for (const [key, value] of Object.entries(answer)) {
    const problem = checkField(properties[key]!, value);
    if (problem) return `${key}: ${problem}`;
  }
  return undefined;
}

function checkField(field: Schema, value: unknown): string | undefined {
  if (field.type === 'boolean') return typeof value === 'boolean' ? undefined : 'not a boolean';
  if (field.type === 'number' || field.type === 'integer') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return 'not a number';
    if (field.type === 'integer' && !Number.isInteger(value)) return 'not an integer';
    if (typeof field.minimum === 'number' && value < field.minimum) return `below ${field.minimum}`;
    if (typeof field.maximum === 'number' && value > field.maximum) return `above ${field.maximum}`;
    return undefined;
  }
  if (field.type !== 'string') return 'tmux-orc checks only string, number, integer and boolean fields';
  if (typeof value !== 'string') return 'not a string';
  const choices = Array.isArray(field.enum)
    ? field.enum
    : Array.isArray(field.oneOf)
      ? (field.oneOf as Schema[]).map((o) => o.const)
      : undefined;
  if (choices && !choices.includes(value)) return `not one of ${choices.join(', ')}`;
  if (typeof field.minLength === 'number' && value.length < field.minLength) return `shorter than ${field.minLength}`;
  if (typeof field.maxLength === 'number' && value.length > field.maxLength) return `longer than ${field.maxLength}`;
  return undefined;
}
