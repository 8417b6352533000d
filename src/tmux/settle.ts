import { toOrcError } from '../errors.js';
import type { CommandOutcome } from './transport.js';

/** Turns a command's promise into an outcome that never rejects. */
export function settle(promise: Promise<string[]>): Promise<CommandOutcome> {
  return promise.then(
    (lines) => ({ ok: true as const, lines }),
    (error: unknown) => ({ ok: false as const, error: toOrcError(error) }),
  );
}
