import { readFileSync } from 'node:fs';
import { ERROR_CODES } from '../../../src/errors.js';

describe('docs/json.md', () => {
  const doc = readFileSync(new URL('../../../docs/json.md', import.meta.url), 'utf8');

  it.each(Object.entries(ERROR_CODES))('documents %s with its exit code', (code, { exit }) => {
    expect(doc).toMatch(new RegExp(`\\| \`${code.replace('.', '\\.')}\` \\| ${exit} \\|`));
  });
});
