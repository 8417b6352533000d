import { NO_ELICITATION } from '../../reflect/mcp-server.js';

// The MCP server is built without Ajv (the SDK's default validator, used only for elicitation answers). tmux-orc
// never elicits; an answer that reached the validator anyway is refused with a message saying why.
test('the stand-in validator refuses any elicitation answer, with the reason', () => {
  const validate = NO_ELICITATION.getValidator({ type: 'object' });
  expect(validate({ name: 'x' })).toEqual({ valid: false, data: undefined, errorMessage: expect.stringContaining('no elicitation') });
});
