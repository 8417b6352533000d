import { OrcError } from '../src/errors.js';
import { formatBytes, MESSAGE_MAX_BYTES } from '../src/input-limits.js';
import { inputTooLarge, readLimitedFile } from '../src/read-limited-file.js';

/**
 * A text argument (a message or briefing) that may name a file as `@path`; `@@x` stands for the literal text `@x`.
 * Over MCP (and from the dashboards, `literalText`) the text is always literal: a model should not make the server read
 * files for it. Text and file are at
 * most {@link MESSAGE_MAX_BYTES} (inline: `usage.invalid`; a file: `file.tooLarge`, and only a regular file).
 */
export async function readTextArg(value: string, ctx: { viaMcp: boolean; literalText?: boolean }): Promise<string> {
  if (ctx.viaMcp || ctx.literalText || !value.startsWith('@')) return inlineText(value);
  if (value.startsWith('@@')) return inlineText(value.slice(1));
  return readLimitedFile(value.slice(1), MESSAGE_MAX_BYTES);
}

function inlineText(text: string): string {
  // Bytes, not characters: what reaches tmux and the agent is UTF-8.
  const bytes = Buffer.byteLength(text);
  if (bytes > MESSAGE_MAX_BYTES) {
    const limit = `${MESSAGE_MAX_BYTES} (${formatBytes(MESSAGE_MAX_BYTES)})`;
    throw new OrcError('usage.invalid', `the text is ${bytes} bytes; at most ${limit} are accepted`, {
      hint: 'send it in parts, or point the agent at a file that holds it',
    });
  }
  return text;
}

/**
 * Reads all of stdin (for `agent send <target> -`), at most {@link MESSAGE_MAX_BYTES}: past that it stops reading
 * and fails with `file.tooLarge`. The last newline is dropped.
 */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    length += buffer.length;
    if (length > MESSAGE_MAX_BYTES) throw inputTooLarge('stdin', MESSAGE_MAX_BYTES); // leaving the loop ends the stream
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, length).toString('utf8').replace(/\n$/, '');
}

/** Parses repeated `KEY=VALUE` options into an object. */
export function parseEnvPairs(pairs: readonly string[] | undefined): Record<string, string> | undefined {
  if (!pairs?.length) return undefined;
  const entries = pairs.map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(pair.slice(0, eq))) {
      throw new OrcError(
        'usage.invalid',
        `--env expects KEY=VALUE with a valid variable name, got ${JSON.stringify(pair)}`,
      );
    }
    return [pair.slice(0, eq), pair.slice(eq + 1)] as const;
  });
  // fromEntries defines own properties: `env[key] = v` with key `__proto__` would set no variable at all.
  return Object.fromEntries(entries);
}
