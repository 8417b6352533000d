import { createHash } from 'node:crypto';

/**
 * The events the hooks of every CLI are normalised to: `prompt` (a submitted prompt; detail: its digest), `tool`
 * (a tool is about to run; detail: its name), `permission` (the CLI waits for approval; detail: the tool), `stop`
 * (a turn ended), `error` (a turn ended on an API error; detail: the error), `session` (detail: the CLI's session
 * id), `end` (the session ended) and `compact` (the context is about to be compacted).
 */
export const HOOK_EVENTS = ['prompt', 'tool', 'permission', 'stop', 'error', 'session', 'end', 'compact'] as const;

/** One of {@link HOOK_EVENTS}. */
export type HookEvent = (typeof HOOK_EVENTS)[number];

/** The pane option the hooks count events in: each event takes the next number. */
export const HOOK_SEQ_OPTION = '@tmux-orc-hook-seq';

/** The pane option naming the latest event: `<seq> <event>`. */
export const HOOK_LAST_OPTION = '@tmux-orc-hook-last';

/** The `wait-for` channel every hook signals after writing its event (tmux/channel-waiter.ts waits on it). */
export { HOOK_CHANNEL } from '../../tmux/channel-waiter.js';

/** The pane option that keeps the latest event of one kind: `<seq> <unix ms> <detail>`. */
export function hookOption(event: HookEvent): string {
  return `@tmux-orc-hook-${event}`;
}

/** An event as a hook wrote it into its pane option. */
export interface HookRecord {
  seq: number;
  /** When the hook ran, in Unix milliseconds. */
  at: number;
  /** What the event carries (a prompt digest, a tool name, an error, a session id); empty when nothing. */
  detail: string;
}

/**
 * Parses the value of a {@link hookOption}; undefined when it is not one (unset, or written by something else).
 * @example parseHookValue('7 1796120816195 Bash') // { seq: 7, at: 1796120816195, detail: 'Bash' }
 */
export function parseHookValue(value: string | undefined): HookRecord | undefined {
  const match = /^(\d{1,15}) (\d{1,16})(?: (.*))?$/s.exec(value ?? '');
  if (!match) return undefined;
  return { seq: Number(match[1]), at: Number(match[2]), detail: match[3] ?? '' };
}

/**
 * The digest a `prompt` event carries: the first 16 hex digits of the SHA-256 of the prompt's UTF-8 text, as the
 * hook script computes it from what the CLI reports.
 */
export function promptDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}
