import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built CLI that end-to-end tests spawn; `npm test` builds it first (pretest). */
export const BUILT_CLI = join(ROOT, 'dist', 'cli', 'tmux-orc.cjs');

/** Throws a clear message when the build is missing, instead of a spawn error. */
export function requireBuiltCli(): string {
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` (npm test does it for you)`);
  return BUILT_CLI;
}
