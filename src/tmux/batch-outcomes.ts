import type { OrcError } from '../errors.js';
import type { CommandOutcome } from './transport.js';

/**
 * The output lines of every command of a batch, in order; throws the error of the first one that failed. For callers
 * to whom a batch is all or nothing (a batch itself sinks no command for another's failure).
 */
export function requireAllOk(outcomes: readonly CommandOutcome[]): string[][] {
  const failed = firstFailure(outcomes);
  if (failed) throw failed;
  return outcomes.map((outcome) => (outcome.ok ? outcome.lines : []));
}

/** The error of the first command of a batch that failed; undefined when all of them ran. */
export function firstFailure(outcomes: readonly CommandOutcome[]): OrcError | undefined {
  for (const outcome of outcomes) if (!outcome.ok) return outcome.error;
  return undefined;
}
