import { locateJsonError } from '../../../src/teams/locate-json-error.js';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function randomValue(next: () => number, depth = 0): unknown {
  const r = next();
  if (depth > 3 || r < 0.3) return [null, true, false, 0, -1.5e3, 'a"b\\c\n\u0001é'][Math.floor(next() * 6)];
  if (r < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  const keys = Array.from({ length: Math.floor(next() * 4) }, (_, i) => `k${i}`);
  return Object.fromEntries(keys.map((k) => [k, randomValue(next, depth + 1)]));
}

describe('locateJsonError', () => {
  it.each([
    ['SHELL=/bin/bash', 1, 1],
    ['{"a": 1,}', 1, 9],
    ['{\n  "agents": tr\n}', 2, 13],
    ['{"a" 1}', 1, 6],
    ['{', 1, 2],
    ['[1 2]', 1, 4],
    ['{"a":"b\n"}', 1, 8],
    ['{"a":1} x', 1, 9],
    ['', 1, 1],
    ['"\\x"', 1, 3],
    ['01', 1, 2],
  ])('places the error in %j at line %i, column %i', (text, line, column) => {
    expect(parses(text)).toBe(false);
    expect(locateJsonError(text)).toMatchObject({ line, column });
  });

  it('agrees with JSON.parse on valid texts and on broken ones', () => {
    const next = random(42);
    for (let n = 0; n < 2000; n++) {
      const valid = JSON.stringify(randomValue(next), null, n % 2 ? 2 : undefined);
      expect(locateJsonError(valid)).toBeUndefined();
      const at = Math.floor(next() * (valid.length + 1));
      const insert = '{}[],:"\\ x1'[n % 11];
      const broken = valid.slice(0, at) + (n % 3 === 0 ? '' : insert) + valid.slice(n % 3 === 0 ? at + 1 : at);
      expect([broken, locateJsonError(broken) === undefined]).toEqual([broken, parses(broken)]);
    }
  });

  it('copes with deep nesting without recursion', () => {
    expect(locateJsonError('['.repeat(200_000))).toMatchObject({ offset: 200_000 });
    expect(locateJsonError(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)).toBeUndefined();
  });
});
