import type { HookEvent } from './hook-event.js';

/** A file a kind's hooks need in the agent's private hook folder (written mode 0600). */
export interface HookFile {
  path: string;
  content: string;
}

/** What a kind's hooks are installed from at spawn. */
export interface KindHookContext {
  /** The agent's private hook folder, under tmux-orc's state directory. */
  dir: string;
  /** Where the hook script is copied to, in {@link dir}. */
  script: string;
  /** The agent's environment over tmux-orc's own: where the CLI would look for its configuration. */
  env: Readonly<Record<string, string | undefined>>;
  /** Codex only: run its hooks with `--dangerously-bypass-hook-trust` (see codex-hooks.ts). */
  codexBypassHookTrust: boolean;
}

/** How one kind gets its hooks: arguments, environment and files, and the events they report. */
export type KindHookPlan =
  | { events: readonly HookEvent[]; args?: string[]; env?: Record<string, string>; files?: HookFile[] }
  | { reason: string };

/** The hooks of one kind of CLI. */
export interface KindHooks {
  /**
   * The programs (file name without .exe/.js) the plan's arguments are meant for; another program (a wrapper, a
   * stand-in) is started without them, since they could be anything to it. Undefined: the plan has no arguments.
   */
  programs?: readonly string[];
  plan(context: KindHookContext): KindHookPlan;
}
