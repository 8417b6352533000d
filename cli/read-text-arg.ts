import { readFile } from 'node:fs/promises';
import { OrcError } from '../src/errors.js';

/**
 * A text argument that may name a file as `@path`; `@@x` stands for the literal text `@x`. Over MCP the text is
 * always literal: a model should not make the server read files for it.
 */
export async function readTextArg(value: string, ctx: { viaMcp: boolean }): Promise<string> {
  if (ctx.viaMcp) return value;
  if (value.startsWith('@@')) return value.slice(1);
  if (!value.startsWith('@')) return value;
  const path = value.slice(1);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new OrcError('file.unreadable', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Reads all of stdin (for `agent send <target> -`). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\n$/, '');
}

/** Parses repeated `KEY=VALUE` options into an object. */
export function parseEnvPairs(pairs: readonly string[] | undefined): Record<string, string> | undefined {
  if (!pairs?.length) return undefined;
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(pair.slice(0, eq))) {
      throw new OrcError('usage.invalid', `--env expects KEY=VALUE with a valid variable name, got ${JSON.stringify(pair)}`);
    }
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}
