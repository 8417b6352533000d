import { ELICITATION_CHECK } from '../../reflect/elicitation-check.js';

// The MCP server is built without Ajv (the SDK's default validator, used only for elicitation answers): its own
// check of MCP's flat elicitation schemas stands in, for the permission relay's answers.
const relaySchema = {
  type: 'object',
  properties: { answer: { type: 'string', enum: ['approve', 'always', 'deny'], enumNames: ['a', 'b', 'c'] } },
  required: ['answer'],
} as const;

const valid = (schema: object, input: unknown) => ELICITATION_CHECK.getValidator(schema as never)(input).valid;

test("an answer of the relay's choices passes; anything else is refused", () => {
  expect(valid(relaySchema, { answer: 'approve' })).toBe(true);
  expect(valid(relaySchema, { answer: 'deny' })).toBe(true);
  for (const bad of [
    {},
    { answer: 'yes' },
    { answer: 1 },
    { answer: 'approve', extra: 1 },
    null,
    [],
    'approve',
    { answer: ['approve'] },
  ]) {
    expect(valid(relaySchema, bad)).toBe(false);
  }
});

test.each([
  [{ type: 'object', properties: { n: { type: 'integer', minimum: 1, maximum: 3 } } }, { n: 2 }, { n: 2.5 }],
  [{ type: 'object', properties: { n: { type: 'number', maximum: 3 } } }, { n: 1.5 }, { n: Number.NaN }],
  [{ type: 'object', properties: { b: { type: 'boolean' } } }, { b: false }, { b: 'false' }],
  [{ type: 'object', properties: { s: { type: 'string', maxLength: 3 } } }, { s: 'abc' }, { s: 'abcd' }],
  [
    { type: 'object', properties: { s: { type: 'string', oneOf: [{ const: 'x', title: 'X' }] } } },
    { s: 'x' },
    { s: 'y' },
  ],
])("MCP's primitive fields are checked (%j)", (schema, good, bad) => {
  expect(valid(schema, good)).toBe(true);
  expect(valid(schema, bad)).toBe(false);
});

test("a schema outside MCP's elicitation subset refuses every answer, saying why", () => {
  const check = ELICITATION_CHECK.getValidator({ type: 'array' } as never);
  expect(check([])).toEqual({ valid: false, data: undefined, errorMessage: expect.stringContaining('flat object') });
});
