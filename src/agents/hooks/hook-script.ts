import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HookEvent } from './hook-event.js';

/** The file name of the hook script, in the package and in each agent's hook folder. */
export const HOOK_SCRIPT_NAME = 'tmux-orc-hook.sh';

let cached: string | undefined;

/**
 * The text of the hook script. It sits next to this module in the sources and in `dist/src/agents/hooks/` after a
 * build (scripts/copy-assets.mjs); the bundled CLI runs from `dist/cli/bundle/`, so the package root is looked for
 * too.
 */
export function hookScriptText(): string {
  if (cached) return cached;
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, HOOK_SCRIPT_NAME)];
  for (let dir = here, i = 0; i < 5; i++, dir = dirname(dir)) {
    candidates.push(join(dir, 'dist', 'src', 'agents', 'hooks', HOOK_SCRIPT_NAME));
    candidates.push(join(dir, 'src', 'agents', 'hooks', HOOK_SCRIPT_NAME));
  }
  for (const path of candidates) {
    try {
      return (cached = readFileSync(path, 'utf8'));
    } catch {
      // not here; the next place
    }
  }
  const looked = candidates.slice(0, 3).join(', ');
  throw new Error(`${HOOK_SCRIPT_NAME} is missing from the tmux-orc package (looked in ${looked})`);
}

/** Quotes a word for `sh -c`, which runs the hook commands of Claude Code, Codex and Gemini CLI. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The shell command a CLI runs for one event: `sh <script> <event>`, the payload on its stdin. */
export function hookCommand(script: string, event: HookEvent): string {
  return `sh ${shellWord(script)} ${event}`;
}
