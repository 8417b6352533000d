import { join } from 'node:path';
import type { HookEvent } from './hook-event.js';
import { hookCommand } from './hook-script.js';
import type { KindHooks } from './kind-hooks.js';

/** Claude Code's hook events, and what each becomes. */
const EVENTS: Readonly<Record<string, HookEvent>> = {
  UserPromptSubmit: 'prompt',
  PreToolUse: 'tool',
  PermissionRequest: 'permission',
  Stop: 'stop',
  StopFailure: 'error',
  SessionStart: 'session',
  SessionEnd: 'end',
  PreCompact: 'compact',
};

/** Events whose matcher filters tool names; "*" takes every tool. */
const TOOL_EVENTS = new Set(['PreToolUse', 'PermissionRequest']);

/**
 * Claude Code 2.1.197: `--settings <file>` adds a settings layer for this run only, and its hooks run beside the
 * user's own (measured: every event fired, with no trust step). The user's `~/.claude` is never written.
 */
export const claudeHooks: KindHooks = {
  programs: ['claude'],
  plan({ dir, script }) {
    const hooks: Record<string, unknown[]> = {};
    for (const [name, event] of Object.entries(EVENTS)) {
      const handler = { type: 'command', command: hookCommand(script, event), timeout: 5 };
      hooks[name] = [{ ...(TOOL_EVENTS.has(name) ? { matcher: '*' } : {}), hooks: [handler] }];
    }
    const settings = join(dir, 'claude-settings.json');
    return {
      events: Object.values(EVENTS),
      args: ['--settings', settings],
      files: [{ path: settings, content: `${JSON.stringify({ hooks }, null, 2)}\n` }],
    };
  },
};
