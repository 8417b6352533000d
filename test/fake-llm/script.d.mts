/** The keywords the fake LLM reacts to, with what each does. */
export const KEYWORDS: Record<string, string>;
/** The command the fake tool call asks to run. */
export const TOOL_COMMAND: string;
/** The answer after a tool ran (or was refused). */
export const AFTER_TOOL: string;
/** What the fake LLM does with a turn. */
export type Plan =
  | { kind: 'reply'; text: string }
  | { kind: 'slow'; text: string; ms: number }
  | { kind: 'tool'; command: string }
  | { kind: 'call'; name: string; input: Record<string, unknown>; text: string }
  | { kind: 'rate-limit'; times: number }
  | { kind: 'stream-rate-limit'; times: number }
  | { kind: 'unavailable'; times: number }
  | { kind: 'usage-limit' }
  | { kind: 'hang' };
/** Picks the plan for a turn from the last user message. */
export function planFor(text: string, attempt?: number): Plan;
/** The answer to an ordinary message. */
export function replyTo(text: string): string;
/** Splits a reply into chunks spread over `ms`. */
export function pace(text: string, ms: number, every?: number): { delay: number; text: string }[];
/** When a usage limit resets (epoch seconds): the next 15:00 UTC. */
export function resetAt(now?: number): number;
