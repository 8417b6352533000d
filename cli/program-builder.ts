// The commander program built from command groups; build-program.ts (all groups) and run-program.ts (the groups one
// command line needs) both use it. It imports no command group itself, so the CLI loads only the group it runs.
import { Argument, Command, Option } from 'commander';
import { OrcError } from '../src/errors.js';
import type { TMUXManager } from '../src/manager/tmux-manager.js';
import { packageVersion } from '../src/version.js';
import type { CommandContext, CommandGroup, CommandSpec, GlobalOptions } from './command-spec.js';
import { setCommandMeta } from './command-meta.js';
import { executeCommand } from './execute-command.js';
import type { Envelope } from './envelope.js';
import { argKey, optionKey } from './option-key.js';
import { socketOptions } from './socket-options.js';
import type { SocketOptions } from '../src/tmux/transport.js';

/** What a manager factory is given: the global options, with the server they name (host and socket) resolved. */
export type ManagerGlobals = GlobalOptions & SocketOptions;

/** What the program needs from outside: where output goes and how to get a TMUXManager. */
export interface ProgramDeps {
  /**
   * A ready manager (MCP server, tests), or a factory called with the global socket options on first use, once per
   * tmux server the run reaches (the CLI's entry passes the real one: cli/main.ts).
   */
  manager?: TMUXManager | ((globals: ManagerGlobals) => TMUXManager);
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  /**
   * The command groups; all of tmux-orc's by default (buildProgram), or only those a command line needs (runProgram).
   */
  groups?: readonly CommandGroup[];
}

/** The result of one CLI run. */
export interface RunState {
  exitCode: number;
  /** Set before parsing when argv asks for --json, so commander's own errors print as the envelope only. */
  jsonRequested?: boolean;
  envelope?: Envelope;
  /** The manager the run created first, if any (see createdManagers). */
  createdManager?: TMUXManager;
  /** Every manager the run created, one per host it reached, so the caller can close them. */
  createdManagers?: TMUXManager[];
}

/**
 * Builds the commander program from these command groups. Every command's action validates its input, runs its
 * handler and prints the envelope (`--json`) or the human view, and records the exit code in `state`.
 */
export function buildProgramFrom(
  groups: readonly CommandGroup[],
  deps: ProgramDeps = {},
): { program: Command; state: RunState } {
  const state: RunState = { exitCode: 0 };
  const managers = new Map<string, TMUXManager>();
  const out = deps.stdout ?? ((t: string) => void process.stdout.write(t));
  const err = deps.stderr ?? ((t: string) => void process.stderr.write(t));
  const program = new Command('tmux-orc')
    .description(
      'Run and orchestrate AI coding agents in tmux: sessions, agents, teams, messages and state, for people and for agents (every command is also an MCP tool).',
    )
    .version(packageVersion(), '-V, --version')
    .option('-L, --socket-name <name>', 'tmux socket name, as tmux -L (env TMUX_ORC_SOCKET_NAME)')
    .option('-S, --socket-path <path>', 'tmux socket path, as tmux -S')
    .option(
      '-H, --host <host>',
      'run on this host: a name from the hosts file ($TMUX_ORC_HOSTS, default ~/.config/tmux-orc/hosts.json), local, or an ssh destination',
    )
    .option('--json', 'print one JSON envelope on stdout')
    .option('-q, --quiet', 'print nothing on success but the --json document')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: out,
      writeErr: (t) => (state.jsonRequested || program.opts().json ? undefined : err(t)),
      // runProgram prints usage errors itself, with their code and a hint, as every other error.
      outputError: () => undefined,
    });

  for (const group of groups) {
    if (group.name === '') {
      for (const spec of group.commands) addCommand(program, spec, undefined);
      continue;
    }
    const parent = program.command(group.name).description(group.description);
    for (const spec of group.commands) addCommand(parent, spec, group.name);
  }
  return { program, state };

  function addCommand(parent: Command, spec: CommandSpec, group: string | undefined): void {
    const path = group ? `${group} ${spec.name}` : spec.name;
    const cmd = parent.command(spec.name).description(spec.description);
    for (const arg of spec.args ?? []) {
      const required = arg.required !== false;
      const name = `${arg.name}${arg.variadic ? '...' : ''}`;
      const a = new Argument(required ? `<${name}>` : `[${name}]`, arg.description);
      if (arg.choices) a.choices(arg.choices);
      cmd.addArgument(a);
    }
    for (const o of spec.options ?? []) {
      const option = new Option(o.flags, o.description);
      if (o.choices) option.choices(o.choices);
      if (o.default !== undefined && !/--no-/.test(o.flags)) option.default(o.default);
      if (o.required) option.makeOptionMandatory();
      cmd.addOption(option);
    }
    if (spec.examples?.length)
      cmd.addHelpText('after', `\nExamples:\n${spec.examples.map((e) => `  $ ${e}`).join('\n')}\n`);
    setCommandMeta(cmd, { spec, path, ...(group ? { group } : {}) });
    cmd.action(async (...received: unknown[]) => {
      const command = received[received.length - 1] as Command;
      const globals = program.opts<GlobalOptions>();
      const raw: Record<string, unknown> = { ...command.opts() };
      (spec.args ?? []).forEach((a, i) => (raw[argKey(a.name)] = received[i]));
      for (const o of spec.options ?? []) if (raw[optionKey(o.flags)] === undefined) delete raw[optionKey(o.flags)];
      const ctx = makeContext(globals);
      const { envelope, exitCode } = await executeCommand(spec, path, raw, ctx);
      state.exitCode = exitCode;
      state.envelope = envelope;
      print(envelope, spec, globals);
    });
  }

  function makeContext(globals: GlobalOptions): CommandContext {
    return {
      globals,
      viaMcp: false,
      manager: () => managerFor(globals),
      progress: (message) => {
        if (!globals.quiet) err(`${message}\n`);
      },
      onHost: async (host) => {
        const { resolveHost, onOtherHost } = await import('../src/hosts/resolve-host.js');
        return makeContext({
          ...onOtherHost(globals, host),
          host,
          at: await resolveHost(host, { allowDestination: true }),
        });
      },
      // Every group, whichever this run loaded (runProgram loads only the one its command line names).
      commandTree: async (tree) => {
        const every = deps.groups ?? (await import('./groups.js')).allGroups();
        return buildProgramFrom(every, { ...deps, ...tree, groups: every }).program;
      },
    };
  }

  /** One manager per tmux server the run reaches (a fleet view reaches every host's), made on first use. */
  function managerFor(globals: GlobalOptions): TMUXManager {
    const socket = socketOptions(globals);
    if (deps.manager && typeof deps.manager !== 'function') {
      if (socket.remote)
        throw new OrcError('usage.invalid', `this program was given one tmux server, not host "${globals.host}"`);
      return deps.manager;
    }
    const key = JSON.stringify(socket);
    const made = managers.get(key);
    if (made) return made;
    const options = { ...globals, ...socket };
    const manager = deps.manager ? deps.manager(options) : noManager();
    managers.set(key, manager);
    state.createdManager ??= manager;
    (state.createdManagers ??= []).push(manager);
    return manager;
  }

  function print(envelope: Envelope, spec: CommandSpec, globals: GlobalOptions): void {
    if (globals.json) return out(`${JSON.stringify(envelope)}\n`);
    if (!envelope.ok) {
      err(
        `error [${envelope.error.code}]: ${envelope.error.message}\n${envelope.error.hint ? `hint: ${envelope.error.hint}\n` : ''}`,
      );
      return;
    }
    if (globals.quiet) return;
    const text = spec.human ? spec.human(envelope.data) : JSON.stringify(envelope.data, null, 2);
    if (text) out(`${text}\n`);
  }
}

function noManager(): TMUXManager {
  throw new OrcError('internal.error', 'this program was built without a TMUXManager (ProgramDeps.manager)');
}
