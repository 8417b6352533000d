import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { insecureChain } from '../../src/agents/hooks/gemini-hooks.js';

/**
 * A new folder (mode 0700) whose every parent is owned by root and writable by nobody else, as Gemini CLI requires
 * of a settings file it reads: in the checkout the tests run from when that holds, else in /run or /var/lib (a
 * checkout under /tmp, which everyone may write, would not do). Undefined when not root or no such place exists.
 */
export function rootOnlyDir(prefix: string): string | undefined {
  for (const parent of [process.cwd(), '/run', '/var/lib']) {
    if (insecureChain(parent) !== undefined) continue;
    return mkdtempSync(join(parent, prefix));
  }
  return undefined;
}
