import {
  HOOK_EVENTS,
  HOOK_LAST_OPTION,
  HOOK_SEQ_OPTION,
  hookOption,
  parseHookValue,
  type HookEvent,
  type HookRecord,
} from '../../src/agents/hooks/hook-event.js';
import type { PrivateTmux } from './private-tmux.js';

/** What the hooks wrote into a pane's options: the counter, the latest event, and the latest record of each event. */
export interface HookOptions {
  seq?: number;
  last?: string;
  events: Partial<Record<HookEvent, HookRecord>>;
}

/** Reads a pane's hook options in one `display` (a detail never holds a tab or a newline). */
export function readHookOptions(tmux: PrivateTmux, pane: string): HookOptions {
  const names = [HOOK_SEQ_OPTION, HOOK_LAST_OPTION, ...HOOK_EVENTS.map(hookOption)];
  const format = names.map((n) => `#{${n}}`).join('\t');
  const values = tmux.tmux('display', '-p', '-t', pane, format).replace(/\n$/, '').split('\t');
  const events: Partial<Record<HookEvent, HookRecord>> = {};
  HOOK_EVENTS.forEach((event, i) => {
    const record = parseHookValue(values[i + 2]);
    if (record) events[event] = record;
  });
  return { ...(values[0] ? { seq: Number(values[0]) } : {}), ...(values[1] ? { last: values[1] } : {}), events };
}

/** The events in the order the hooks wrote them (by their numbers), each with its number. */
export function hookOrder(options: HookOptions, after = 0): string[] {
  return Object.entries(options.events)
    .filter(([, r]) => r!.seq > after)
    .sort(([, a], [, b]) => a!.seq - b!.seq)
    .map(([e]) => e);
}
