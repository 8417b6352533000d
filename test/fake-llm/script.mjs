// What the fake LLM does with a turn, chosen by keywords in the last user message. Each keyword is an
// uppercase word chosen so that no CLI's own prompt text contains it.

/**
 * @typedef {{ kind: 'reply', text: string }
 *   | { kind: 'slow', text: string, ms: number }
 *   | { kind: 'tool', command: string }
 *   | { kind: 'call', name: string, input: Record<string, unknown>, text: string }
 *   | { kind: 'rate-limit', times: number }
 *   | { kind: 'stream-rate-limit', times: number }
 *   | { kind: 'unavailable', times: number }
 *   | { kind: 'usage-limit' }
 *   | { kind: 'hang' }} Plan
 */

/** The keywords, for docs and tests: each maps to one behaviour of the fake server. */
export const KEYWORDS = {
  SLOW: 'stream the reply slowly: SLOW for 3 s, SLOW<n> for n seconds (the agent is busy)',
  TOOLCALL: 'call the shell tool with a command that needs approval (the agent is waiting)',
  'CALLTOOL=<name> {json}':
    'call the tool <name> (an MCP tool: mcp__<server>__<tool>) with the JSON object after it ' +
    'as its input ({} when none); Anthropic only (the others reply)',
  RATE429: 'answer HTTP 429 (rate limit); RATE429x<n> fails only the first n attempts of that message',
  STREAM429:
    'open the stream, then fail it with a rate-limit error (OpenAI: response.failed, rate_limit_exceeded, ' +
    '"try again in 2s"; Anthropic: an error event); STREAM429x<n> as RATE429x<n>; Gemini gets RATE429\'s 429',
  UNAVAILABLE503: 'answer HTTP 503 (overloaded, unavailable); UNAVAILABLE503x<n> fails only the first n attempts',
  USAGELIMIT: "answer the provider's usage-limit / quota error",
  HANG: 'accept the request and never answer',
};

/**
 * The command the fake tool call asks to run: it writes a file (so every CLI asks first), and the file shows it ran.
 */
export const TOOL_COMMAND = 'touch fake-llm-tool-ran';

// The failing keywords; each may say how many attempts fail (`x<n>`), and the attempt after those gets an answer.
const FAILURES = /** @type {const} */ ([
  [/\bRATE429(?:x(\d+))?\b/, 'rate-limit'],
  [/\bSTREAM429(?:x(\d+))?\b/, 'stream-rate-limit'],
  [/\bUNAVAILABLE503(?:x(\d+))?\b/, 'unavailable'],
]);

/**
 * Picks the plan for a turn. `attempt` counts earlier requests with the same text (for RATE429x<n> and the like).
 * @param {string} text the last user message
 * @param {number} attempt
 * @returns {Plan}
 */
export function planFor(text, attempt = 0) {
  for (const [pattern, kind] of FAILURES) {
    const match = pattern.exec(text);
    const times = match?.[1] ? Number(match[1]) : Infinity;
    if (match && attempt < times) return { kind, times };
  }
  if (/\bUSAGELIMIT\b/.test(text)) return { kind: 'usage-limit' };
  if (/\bHANG\b/.test(text)) return { kind: 'hang' };
  if (/\bTOOLCALL\b/.test(text)) return { kind: 'tool', command: TOOL_COMMAND };
  const call = /\bCALLTOOL=([A-Za-z0-9_-]+)(?:[ \t]+(\{.*\}))?/.exec(text);
  if (call) return { kind: 'call', name: call[1], input: call[2] ? JSON.parse(call[2]) : {}, text: replyTo(text) };
  const slow = /\bSLOW(\d+)?\b/.exec(text);
  if (slow) return { kind: 'slow', ms: (slow[1] ? Number(slow[1]) : 3) * 1000, text: replyTo(text) };
  return { kind: 'reply', text: replyTo(text) };
}

/** The answer to an ordinary message: short, and naming how much arrived so a person can check. */
export function replyTo(text) {
  const words = text.trim().split(/\s+/).filter(Boolean);
  return `Fake reply: got ${words.length} words in ${text.split('\n').length} lines.`;
}

/**
 * When a usage limit resets, in epoch seconds: the next 15:00 UTC, so captured screens read the same time on
 * every run (with TZ=UTC, "3:00 PM" / "3pm").
 */
export function resetAt(now = Date.now()) {
  const reset = new Date(now);
  reset.setUTCHours(15, 0, 0, 0);
  if (reset.getTime() <= now) reset.setUTCDate(reset.getUTCDate() + 1);
  return Math.floor(reset.getTime() / 1000);
}

/** The answer after a tool ran (or was refused). */
export const AFTER_TOOL = 'Fake reply: the tool call finished.';

/**
 * Splits a reply into chunks spread over `ms`, one every `every` ms.
 * @returns {{ delay: number, text: string }[]}
 */
export function pace(text, ms, every = 200) {
  const steps = Math.max(1, Math.round(ms / every));
  const words = text.split(' ');
  const chunks = [];
  for (let i = 0; i < steps; i++) {
    const word = i < words.length ? words[i] : '.';
    chunks.push({ delay: every, text: i === 0 ? word : ` ${word}` });
  }
  return chunks;
}
