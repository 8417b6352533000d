import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseEnvPairs, readStdin, readTextArg } from '../../../cli/read-text-arg.js';
import { OrcError } from '../../../src/errors.js';
import { MESSAGE_MAX_BYTES } from '../../../src/input-limits.js';

let dir = '';
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'orc-files-text-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CLI = { viaMcp: false };
const MCP = { viaMcp: true };

async function codeOf(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
  } catch (error) {
    return error instanceof OrcError ? error.code : `not an OrcError: ${String(error)}`;
  }
  return undefined;
}

/** Text of exactly `bytes` UTF-8 bytes, multi-byte characters included (the limit counts bytes, not characters). */
function textOf(bytes: number): string {
  const text = 'é'.repeat(Math.floor(bytes / 2));
  return bytes % 2 ? `${text}x` : text;
}

describe('readTextArg', () => {
  it('reads @file, keeps @@ literal, and is literal over MCP', async () => {
    const file = join(dir, 'brief.md');
    writeFileSync(file, 'do the thing\n');
    expect(await readTextArg(`@${file}`, CLI)).toBe('do the thing\n');
    expect(await readTextArg('@@x', CLI)).toBe('@x');
    expect(await readTextArg(`@${file}`, MCP)).toBe(`@${file}`);
  });

  it('accepts a file or an inline text of exactly the limit', async () => {
    const file = join(dir, 'max.md');
    writeFileSync(file, textOf(MESSAGE_MAX_BYTES));
    expect(Buffer.byteLength(await readTextArg(`@${file}`, CLI))).toBe(MESSAGE_MAX_BYTES);
    expect(Buffer.byteLength(await readTextArg(textOf(MESSAGE_MAX_BYTES), MCP))).toBe(MESSAGE_MAX_BYTES);
  });

  it('refuses a file over the limit with file.tooLarge', async () => {
    const file = join(dir, 'big.md');
    writeFileSync(file, textOf(MESSAGE_MAX_BYTES + 1));
    expect(await codeOf(() => readTextArg(`@${file}`, CLI))).toBe('file.tooLarge');
  });

  it('refuses an inline text over the limit with usage.invalid, on the CLI and over MCP', async () => {
    const long = textOf(MESSAGE_MAX_BYTES + 1);
    expect(await codeOf(() => readTextArg(long, CLI))).toBe('usage.invalid');
    expect(await codeOf(() => readTextArg(long, MCP))).toBe('usage.invalid');
    expect(await codeOf(() => readTextArg(`@@${long}`, CLI))).toBe('usage.invalid');
  });

  it('refuses what is not a regular file: a device, a directory, a FIFO', async () => {
    expect(await codeOf(() => readTextArg('@/dev/zero', CLI))).toBe('file.unreadable');
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    expect(await codeOf(() => readTextArg(`@${sub}`, CLI))).toBe('file.unreadable');
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(await codeOf(() => readTextArg(`@${fifo}`, CLI))).toBe('file.unreadable');
  }, 10_000);

  it('says a missing file is unreadable', async () => {
    expect(await codeOf(() => readTextArg(`@${join(dir, 'none')}`, CLI))).toBe('file.unreadable');
  });
});

describe('readStdin', () => {
  it('reads a stream, without its last newline', async () => {
    expect(await readStdin(Readable.from([Buffer.from('a\nb'), Buffer.from('\n')]))).toBe('a\nb');
  });

  it('stops reading a stream past the limit with file.tooLarge', async () => {
    let pulled = 0;
    const endless = new Readable({
      read() {
        pulled += 64 * 1024;
        this.push(Buffer.alloc(64 * 1024, 0x61));
      },
    });
    expect(await codeOf(() => readStdin(endless))).toBe('file.tooLarge');
    expect(pulled).toBeLessThan(MESSAGE_MAX_BYTES * 2);
    endless.destroy();
  });
});

describe('parseEnvPairs', () => {
  it('keeps a variable named like an Object.prototype member as an own variable', () => {
    const env = parseEnvPairs(['__proto__=x', 'constructor=y', 'A=1'])!;
    expect(Object.entries(env)).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
      ['A', '1'],
    ]);
    expect(Object.getPrototypeOf(env)).toBe(Object.prototype);
  });
});
