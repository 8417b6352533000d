import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { HookEvent } from './hook-event.js';
import { hookCommand } from './hook-script.js';
import type { KindHooks } from './kind-hooks.js';

/**
 * Gemini CLI's hook events, and what each becomes. PreCompress is left out: 0.61.0 fires it (trigger "auto")
 * before every turn, whether it compresses or not. Gemini has no event for a failed turn: a usage limit shows its
 * dialog with no event, and it retries a 429 silently.
 */
const EVENTS: Readonly<Record<string, HookEvent>> = {
  BeforeAgent: 'prompt',
  BeforeTool: 'tool',
  // Its only notification, ToolPermission, comes when a tool waits for approval (the script skips any other).
  Notification: 'permission',
  AfterAgent: 'stop',
  SessionStart: 'session',
  SessionEnd: 'end',
};

/** The largest system defaults file merged into ours; Gemini's own is a few hundred bytes. */
const BASE_MAX_BYTES = 1024 * 1024;

/**
 * Gemini CLI 0.61.0 takes per-run settings only from its system files, whose paths `GEMINI_CLI_SYSTEM_SETTINGS_PATH`
 * and `GEMINI_CLI_SYSTEM_DEFAULTS_PATH` override; the lowest layer, system defaults, is used here, so the user's,
 * the project's and the admin's settings all still win, and hooks of every layer run (they are concatenated). But
 * Gemini skips such a file unless it and every folder above it belong to root and no group or other may write
 * them (and says so on its screen): so the hooks are installed only when tmux-orc runs as root with such a state
 * directory; for anyone else the agent runs without hooks (docs/real-agents.md, "Hooks"). `~/.gemini` is never
 * written, and a system defaults file that exists is kept: its settings are merged into ours.
 */
export const geminiHooks: KindHooks = {
  // Only environment, which a wrapper would pass on; but a stand-in program must not make tmux-orc write files.
  programs: ['gemini'],
  plan({ dir, script, env }) {
    const insecure = insecureChain(dir);
    if (insecure) return { reason: `Gemini CLI reads settings overrides only from root-owned files: ${insecure}` };
    // Gemini expands $VAR in every string of a settings file, and in a hook command.
    if (script.includes('$')) return { reason: `the hook script's path has a "$", which Gemini expands: ${script}` };
    const base = readBase(env);
    if (typeof base === 'string') return { reason: base };
    const hooks: Record<string, unknown> = { ...(isObject(base.hooks) ? base.hooks : {}) };
    for (const [name, event] of Object.entries(EVENTS)) {
      const command = hookCommand(script, event);
      const handler = { name: `tmux-orc-${event}`, type: 'command', command, timeout: 5000 };
      const theirs = hooks[name];
      hooks[name] = [...(Array.isArray(theirs) ? theirs : []), { matcher: '', hooks: [handler] }];
    }
    const settings = join(dir, 'gemini-system-defaults.json');
    return {
      events: Object.values(EVENTS),
      env: { GEMINI_CLI_SYSTEM_DEFAULTS_PATH: settings },
      files: [{ path: settings, content: `${JSON.stringify({ ...base, hooks }, null, 2)}\n` }],
    };
  },
};

/** Why Gemini would skip a settings file in `dir` (which tmux-orc creates, mode 0700), or undefined. */
export function insecureChain(dir: string): string | undefined {
  if (process.getuid?.() !== 0) return `tmux-orc runs as uid ${process.getuid?.() ?? '?'}, not root`;
  const paths: string[] = [];
  for (let at = resolve(dir); ; at = dirname(at)) {
    paths.push(at);
    if (dirname(at) === at) break;
  }
  const existing = paths.filter((p) => exists(p));
  // Gemini checks the folders as written and, when a link leads elsewhere, those of the real path too.
  if (existing[0])
    for (let at = realpathSync(existing[0]); ; at = dirname(at)) {
      if (!paths.includes(at)) paths.push(at);
      if (dirname(at) === at) break;
    }
  for (const path of paths.filter((p) => exists(p))) {
    const link = lstatSync(path);
    const info = statSync(path);
    if ((link.isSymbolicLink() && link.uid !== 0) || info.uid !== 0) return `${path} is not owned by root`;
    if (info.mode & 0o022) return `${path} is writable by group or others (mode ${(info.mode & 0o777).toString(8)})`;
  }
  return undefined;
}

/** The system defaults Gemini would read without us, to keep; a string says why they cannot be merged. */
function readBase(env: Readonly<Record<string, string | undefined>>): Record<string, unknown> | string {
  const systemSettings =
    env.GEMINI_CLI_SYSTEM_SETTINGS_PATH ||
    (platform() === 'darwin'
      ? '/Library/Application Support/GeminiCli/settings.json'
      : '/etc/gemini-cli/settings.json');
  const path = env.GEMINI_CLI_SYSTEM_DEFAULTS_PATH || join(dirname(systemSettings), 'system-defaults.json');
  if (!exists(path)) return {};
  try {
    const info = statSync(path);
    if (!info.isFile() || info.size > BASE_MAX_BYTES) {
      return `the system defaults file ${path} is not a regular file of at most 1 MiB`;
    }
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return isObject(parsed) ? parsed : `the system defaults file ${path} does not hold a JSON object`;
  } catch (error) {
    return `the system defaults file ${path} cannot be merged: ${(error as Error).message}`;
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
