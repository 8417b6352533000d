/**
 * The events agents' own hooks report, as tmux-orc's hook script writes them into pane options (src/agents/hooks/):
 * `@tmux-orc-hook-<event>` holds `<seq> <unix ms> <detail>` of the latest such event, and `@tmux-orc-hook-last`
 * `<seq> <event>` of the latest of all. The seq is a per-pane counter tmux increments itself.
 */
export const HOOK_EVENTS = ['prompt', 'tool', 'permission', 'stop', 'error', 'session', 'end', 'compact'] as const;

/** One of {@link HOOK_EVENTS}. */
export type HookEvent = (typeof HOOK_EVENTS)[number];

/** One event as the latest of its kind. */
export interface HookRecord {
  seq: number;
  /** Unix time in ms, as the hook read its clock. */
  at: number;
  detail: string;
}

/** What a pane's hook options say. */
export interface HookFacts {
  /** The latest event of all, when any came. */
  last?: { event: HookEvent; seq: number };
  events: Partial<Record<HookEvent, HookRecord>>;
}

/** The pane-option formats that read the hook facts, in {@link HOOK_FIELDS} order. */
export const HOOK_FIELDS = ['last', ...HOOK_EVENTS] as const;
/** `#{@tmux-orc-hook-last}` and one field per event, for a facts format. */
export const HOOK_FORMATS = HOOK_FIELDS.map((f) => `#{@tmux-orc-hook-${f}}`);

/** Parses the values of {@link HOOK_FORMATS}; malformed values (a hand-set option) are ignored. */
export function parseHookFacts(values: readonly string[]): HookFacts {
  const events: HookFacts['events'] = {};
  HOOK_EVENTS.forEach((event, i) => {
    const m = /^(\d+) (\d+)(?: (.*))?$/.exec(values[i + 1] ?? '');
    if (m) events[event] = { seq: Number(m[1]), at: Number(m[2]), detail: m[3] ?? '' };
  });
  const last = /^(\d+) ([a-z]+)$/.exec(values[0] ?? '');
  const isEvent = (e: string): e is HookEvent => (HOOK_EVENTS as readonly string[]).includes(e);
  return last && isEvent(last[2]!) ? { last: { event: last[2], seq: Number(last[1]) }, events } : { events };
}
