import { CommanderError } from 'commander';
import { EXIT_USAGE, type ErrorCode } from '../src/errors.js';
import { packageVersion } from '../src/version.js';
import type { Envelope } from './envelope.js';
import { commandWords, loadGroupsFor } from './group-index.js';
import { buildProgramFrom, type ProgramDeps, type RunState } from './program-builder.js';

const COMMANDER_CODES: Record<string, ErrorCode> = {
  'commander.unknownCommand': 'usage.unknownCommand',
  'commander.unknownOption': 'usage.unknownOption',
};

/**
 * Parses argv and runs the command, turning commander's own errors (unknown option, missing argument) into the
 * envelope with a `usage.*` code and exit code 2.
 */
export async function runProgram(argv: readonly string[], deps: ProgramDeps = {}): Promise<RunState> {
  const { program, state } = buildProgramFrom(deps.groups ?? (await loadGroupsFor(argv)), deps);
  state.jsonRequested = argv.includes('--json');
  const out = deps.stdout ?? ((t: string) => void process.stdout.write(t));
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)) {
      state.exitCode = 0;
    } else {
      const code = COMMANDER_CODES[error.code] ?? 'usage.invalid';
      const message = error.message.replace(/^error: /, '');
      const envelope: Envelope = { ok: false, command: commandWords(argv), error: { code, message, hint: 'see tmux-orc --help' }, meta: { durationMs: 0, version: packageVersion() } };
      state.exitCode = EXIT_USAGE;
      state.envelope = envelope;
      if (argv.includes('--json')) out(`${JSON.stringify(envelope)}\n`);
    }
  }
  return state;
}
