import { CommanderError, type Command } from 'commander';
import { EXIT_USAGE, type ErrorCode } from '../src/errors.js';
import { packageVersion } from '../src/version.js';
import type { Envelope } from './envelope.js';
import { commandWords, loadGroupsFor } from './group-index.js';
import { buildProgramFrom, type ProgramDeps, type RunState } from './program-builder.js';

const COMMANDER_CODES: Record<string, ErrorCode> = {
  'commander.unknownCommand': 'usage.unknownCommand',
  'commander.unknownOption': 'usage.unknownOption',
  // A group without a command (`tmux-orc agent`), or no command at all: commander printed the help already.
  'commander.help': 'usage.missingCommand',
};

/**
 * Parses argv and runs the command, turning commander's own errors (unknown option, missing argument, a group with
 * no command) into the envelope with a `usage.*` code and exit code 2, printed as every other error.
 */
export async function runProgram(argv: readonly string[], deps: ProgramDeps = {}): Promise<RunState> {
  argv = helpAsFlag(argv);
  const { program, state } = buildProgramFrom(deps.groups ?? (await loadGroupsFor(argv)), deps);
  state.jsonRequested = argv.includes('--json');
  const out = deps.stdout ?? ((t: string) => void process.stdout.write(t));
  const err = deps.stderr ?? ((t: string) => void process.stderr.write(t));
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (['commander.helpDisplayed', 'commander.version'].includes(error.code)) {
      state.exitCode = 0;
    } else {
      const code = COMMANDER_CODES[error.code] ?? 'usage.invalid';
      const path = knownPath(program, argv);
      const message =
        code === 'usage.missingCommand'
          ? `${['tmux-orc', ...path].join(' ')} needs a command`
          : error.message.replace(/^error: /, '');
      const hint = `see ${['tmux-orc', ...path, '--help'].join(' ')}`;
      const envelope: Envelope = {
        ok: false,
        command: commandWords(argv),
        error: { code, message, hint },
        meta: { durationMs: 0, version: packageVersion() },
      };
      state.exitCode = EXIT_USAGE;
      state.envelope = envelope;
      if (state.jsonRequested) out(`${JSON.stringify(envelope)}\n`);
      else err(`error [${code}]: ${message}\nhint: ${hint}\n`);
    }
  }
  return state;
}

/**
 * `tmux-orc help agent spawn` as `tmux-orc agent spawn --help`: commander's help command takes one word, and would
 * show the help of `agent` instead.
 */
function helpAsFlag(argv: readonly string[]): readonly string[] {
  const at = wordIndexes(argv)[0];
  if (at === undefined || argv[at] !== 'help') return argv;
  return [...argv.slice(0, at), ...argv.slice(at + 1), '--help'];
}

/** The command words of argv that name commands of the program, in order: `['agent', 'spawn']`, `['agent']`, `[]`. */
function knownPath(program: Command, argv: readonly string[]): string[] {
  const path: string[] = [];
  let command = program;
  for (const i of wordIndexes(argv).slice(0, 2)) {
    const next = command.commands.find((c) => c.name() === argv[i] || c.aliases().includes(argv[i]!));
    if (!next) break;
    path.push(next.name());
    command = next;
  }
  return path;
}

/** Where the words that are not options (nor a -L/-S/-H value) are in argv, up to `--`. */
function wordIndexes(argv: readonly string[]): number[] {
  const at: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (['-L', '-S', '-H', '--socket-name', '--socket-path', '--host'].includes(a)) i++;
    else if (!a.startsWith('-')) at.push(i);
  }
  return at;
}
