import type { HookEvent } from './hook-event.js';
import { hookCommand } from './hook-script.js';
import type { KindHooks } from './kind-hooks.js';

/** Codex's hook events (Claude Code's schema), and what each becomes. Codex has no event for a failed turn. */
const EVENTS: Readonly<Record<string, HookEvent>> = {
  UserPromptSubmit: 'prompt',
  PreToolUse: 'tool',
  PermissionRequest: 'permission',
  Stop: 'stop',
  SessionStart: 'session',
  SessionEnd: 'end',
  PreCompact: 'compact',
};

/** A TOML basic string: JSON's escapes are TOML's. */
const toml = (text: string) => JSON.stringify(text);

/**
 * Codex 0.171.0 runs a hook only once the user has trusted it: hooks given with `-c hooks.<Event>=[...]` open a
 * "Hooks need review" dialog at start, and trusting them writes their hashes into `~/.codex/config.toml`; trust
 * given with `-c hooks.state...` is ignored (measured). What runs without that step is `notify` (turn complete,
 * the payload as the last argument), so that is the default: `stop` only. With `codexBypassHookTrust` every hook
 * runs under `--dangerously-bypass-hook-trust`, which skips the review for this run, for the user's own pending
 * hooks too (docs/real-agents.md, "Hooks"). `CODEX_HOME` stays the user's (its auth), and nothing is written there.
 */
export const codexHooks: KindHooks = {
  programs: ['codex'],
  plan({ script, codexBypassHookTrust }) {
    if (!codexBypassHookTrust) {
      // Codex appends the JSON to this argument array; the script reads it from there, not from stdin.
      const notify = ['sh', script, 'stop', '--payload-arg'].map(toml).join(',');
      return { events: ['stop'], args: ['-c', `notify=[${notify}]`] };
    }
    const args = ['--dangerously-bypass-hook-trust'];
    for (const [name, event] of Object.entries(EVENTS)) {
      // Codex clamps a SessionEnd hook to 3 s (and says so on its screen).
      const timeout = name === 'SessionEnd' ? 3 : 5;
      const handler = `{type="command",command=${toml(hookCommand(script, event))},timeout=${timeout}}`;
      args.push('-c', `hooks.${name}=[{hooks=[${handler}]}]`);
    }
    return { events: Object.values(EVENTS), args };
  },
};
