import type { Command } from 'commander';
import { OrcError } from '../src/errors.js';
import { CaptureFailure, captureOutput, type CapturedOutput } from './capture-output.js';
import { withRunSettings } from './commander-internals.js';

/** What a command's action gave: what it printed, and what it returned (when that is a value). */
export interface ActionOutcome {
  stdout: string;
  stderr?: string;
  result?: unknown;
}

/** The longest error message kept from a throw: a model reads it, and a thrown value may be huge. */
const MESSAGE_MAX_CHARS = 2000;

const queues = new WeakMap<Command, Promise<unknown>>();

/**
 * Runs a commander command's action in-process on `argv` (user arguments, as commander parses them), with what it
 * writes to stdout and stderr kept apart from the process's streams. Runs of one command wait for each other, since
 * commander keeps parsed values on the command; runs of different commands overlap. A parse error is `usage.invalid`;
 * a throw from the action, or its `command.error()`, is `command.failed` with its message.
 */
export function runCommanderAction(command: Command, argv: readonly string[]): Promise<ActionOutcome> {
  const before = queues.get(command) ?? Promise.resolve();
  const run = before.then(() => runOnce(command, [...argv]));
  queues.set(
    command,
    run.catch(() => undefined),
  );
  return run;
}

async function runOnce(command: Command, argv: string[]): Promise<ActionOutcome> {
  let result: unknown;
  try {
    const { output } = await captureOutput(() =>
      withRunSettings(
        command,
        (value) => (result = value),
        () => command.parseAsync(argv, { from: 'user' }),
      ),
    );
    return { ...printed(output), ...(result === undefined ? {} : { result: asJson(result) }) };
  } catch (error) {
    throw failed(
      error instanceof CaptureFailure ? error.thrown : error,
      error instanceof CaptureFailure ? error.output : undefined,
    );
  }
}

function printed(output: CapturedOutput): ActionOutcome {
  return { stdout: output.stdout, ...(output.stderr ? { stderr: output.stderr } : {}) };
}

function failed(error: unknown, output: CapturedOutput | undefined): OrcError {
  if (error instanceof OrcError) return error;
  const code = (error as { code?: unknown })?.code;
  const message = short(error instanceof Error ? error.message : String(error));
  // commander's own errors (from whichever copy of commander the program uses) have codes `commander.*`.
  if (typeof code === 'string' && code.startsWith('commander.') && code !== 'commander.error') {
    return new OrcError('usage.invalid', message.replace(/^error: /, ''), { hint: "see the tool's input schema" });
  }
  const said = output?.stderr.trim();
  const hint = said && !said.includes(message) ? `it wrote to stderr: ${short(said)}` : undefined;
  return new OrcError('command.failed', message.replace(/^error: /, '') || 'the command failed', {
    cause: error,
    ...(hint ? { hint } : {}),
  });
}

function short(text: string): string {
  return text.length > MESSAGE_MAX_CHARS ? `${text.slice(0, MESSAGE_MAX_CHARS)}... (${text.length} characters)` : text;
}

// The result goes into a JSON envelope: a value JSON cannot hold (a function, a cycle, a BigInt) is given as text.
function asJson(value: unknown): unknown {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : JSON.parse(text);
  } catch {
    return String(value);
  }
}
