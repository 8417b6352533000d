import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OrcError } from '../../src/errors.js';

/** The fake agent program the integration tests run in tmux panes. */
export const FAKE_AGENT = fileURLToPath(new URL('../fixtures/fake-agent.mjs', import.meta.url));

/**
 * The fake agent's flags for the Enter races measured on the real CLIs (docs/real-agents.md): Claude Code and Codex
 * drop an Enter that arrives with the text (modelled as within 5 ms of it), Gemini CLI one within ~30 ms of typed
 * text and 30-60 ms of a paste.
 */
export function realEnterRaces(kind: string): string[] {
  const [typed, pasted] = kind === 'gemini' ? [30, 60] : [5, 5];
  return ['--ignore-enter-after-type-ms', String(typed), '--ignore-enter-after-paste-ms', String(pasted)];
}

/** Resolves after ms milliseconds. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The messages a fake agent submitted (its --log file), in order. */
export function loggedMessages(log: string): string[] {
  if (!existsSync(log)) return [];
  return loggedEntries(log).flatMap((e) => (typeof e.text === 'string' ? [e.text] : []));
}

/** Every prompt answer a fake agent logged ('approved' or 'denied'), in order. */
export function loggedAnswers(log: string): string[] {
  return loggedEntries(log).flatMap((e) => (typeof e.answer === 'string' ? [e.answer] : []));
}

function loggedEntries(log: string): { text?: string; answer?: string }[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { text?: string; answer?: string });
}

/** Polls until check holds, or fails the test after ms milliseconds. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (await check()) return;
  throw new Error(`timed out waiting for ${what}`);
}

/** The error code a promise rejects with; fails the test when it resolves or throws something else. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    const value = await promise;
    throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
  } catch (error) {
    if (!(error instanceof OrcError)) throw error;
    return error.code;
  }
}
