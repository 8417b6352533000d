import {
  HOOK_EVENTS,
  HOOK_LAST_OPTION,
  hookOption,
  parseHookValue,
  type HookEvent,
  type HookRecord,
} from './hooks/hook-event.js';

export type { HookEvent, HookRecord } from './hooks/hook-event.js';

/**
 * The window option naming the events an agent's CLI was set up to report (`stop` for Codex's notify alone, all of
 * them for Claude Code), or `off` for an agent spawned with `--no-hooks`; absent when tmux-orc planned no hooks.
 */
export const HOOK_REPORTS_OPTION = '@tmux-orc-hook-reports';

/** What a pane's hook options say (hooks/hook-event.ts has the options, tmux-orc-hook.sh writes them). */
export interface HookFacts {
  /** The latest event of all, when any came. */
  last?: { event: HookEvent; seq: number };
  events: Partial<Record<HookEvent, HookRecord>>;
  /** The events the CLI reports, when tmux-orc set its hooks up; unknown (and taken as all) otherwise. */
  reports?: readonly HookEvent[];
}

/** The pane options a program's hooks write: cleared when the program is restarted (the counter is kept). */
export const HOOK_PANE_OPTIONS = [HOOK_LAST_OPTION, ...HOOK_EVENTS.map(hookOption)];

/** The formats that read the hook facts, in {@link parseHookFacts}'s order. */
export const HOOK_FORMATS = [...HOOK_PANE_OPTIONS, HOOK_REPORTS_OPTION].map((o) => `#{${o}}`);

/** Parses the values of {@link HOOK_FORMATS}; malformed values (a hand-set option) are ignored. */
export function parseHookFacts(values: readonly string[]): HookFacts {
  const events: HookFacts['events'] = {};
  HOOK_EVENTS.forEach((event, i) => {
    const record = parseHookValue(values[i + 1]);
    if (record) events[event] = record;
  });
  const reported = values[HOOK_EVENTS.length + 1] ?? '';
  const reports = reported && reported !== 'off' ? { reports: reported.split(',').filter(isEvent) } : {};
  const last = /^(\d+) ([a-z]+)$/.exec(values[0] ?? '');
  return last && isEvent(last[2]!)
    ? { last: { event: last[2], seq: Number(last[1]) }, events, ...reports }
    : { events, ...reports };
}

function isEvent(e: string): e is HookEvent {
  return (HOOK_EVENTS as readonly string[]).includes(e);
}
