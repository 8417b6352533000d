import { randomBytes } from 'node:crypto';
import { OrcError } from '../errors.js';
import {
  newSession,
  newWindow,
  renameWindow,
  setOption,
  setWindowHook,
  unsetEnvironment,
  type ProgramStart,
} from '../tmux/tmux-commands.js';
import { validateCwd, validateSessionName, validateWindowName } from './validate-names.js';

/** Options for starting a program in a new session or window. */
export interface StartOptions {
  /** Window name. */
  name?: string;
  /** The program and its arguments; the default shell when absent. Never run through a shell. */
  command?: readonly string[];
  cwd?: string;
  env?: Readonly<Record<string, string>>;
  width?: number;
  height?: number;
  /**
   * Window options set in the same tmux command list that creates the window (needs `name`): no other client can see
   * the window without them, and tmux cannot notice the program's exit before they are set (`remain-on-exit`).
   */
  windowOptions?: Readonly<Record<string, string>>;
  /** Window hooks set in the same command list (`set-hook -w`): tmux commands of ours, never user text. */
  windowHooks?: Readonly<Record<string, string>>;
}

/** Where a new window landed. */
export interface CreatedWindow {
  session: string;
  sessionId: string;
  windowId: string;
  windowIndex: number;
  paneId: string;
}

/** What `new-session`/`new-window -P` print: the fields of a {@link CreatedWindow}. */
const CREATED_FORMAT = '#{session_name}\x1f#{session_id}\x1f#{window_id}\x1f#{window_index}\x1f#{pane_id}';

/**
 * The command list that creates a detached session whose first window runs the program, finished by its options.
 * new-session -e sets the session's environment, which tmux gives every later window of the session: the first
 * program keeps it, the session forgets it in the same list (another agent's keys are not this one's).
 */
export function newSessionCommands(name: string, options: StartOptions): string[][] {
  validateSessionName(name);
  const setup = windowSetup(`=${name}`, options);
  const start = programStart(options, setup?.temp);
  const forget = Object.keys(options.env ?? {}).map((k) => unsetEnvironment(`=${name}`, k));
  return [newSession(name, start, CREATED_FORMAT, options), ...(setup?.commands ?? []), ...forget];
}

/** The command list that creates a detached window in the session with this id (`$3`), finished by its options. */
export function newWindowCommands(sessionId: string, options: StartOptions): string[][] {
  const setup = windowSetup(sessionId, options);
  return [newWindow(sessionId, programStart(options, setup?.temp), CREATED_FORMAT), ...(setup?.commands ?? [])];
}

/** Where the window landed, from the line its creation printed. */
export function parseCreated(lines: readonly string[]): CreatedWindow {
  const [session = '', sessionId = '', windowId = '', windowIndex = '', paneId = ''] = (lines[0] ?? '').split('\x1f');
  return { session, sessionId, windowId, windowIndex: Number(windowIndex), paneId };
}

/**
 * The commands that finish a new window in the same command list: its options, set on the window found by a
 * temporary name (the list cannot learn its id), then its real name. undefined when there are no options to set.
 */
function windowSetup(session: string, options: StartOptions): { temp: string; commands: string[][] } | undefined {
  const entries = Object.entries(options.windowOptions ?? {});
  const hooks = Object.entries(options.windowHooks ?? {});
  if (entries.length === 0 && hooks.length === 0) return undefined;
  if (!options.name) throw new OrcError('internal.error', 'windowOptions need a window name');
  const temp = `tmux-orc-new-${randomBytes(6).toString('hex')}`;
  const window = `${session}:=${temp}`;
  return {
    temp,
    commands: [
      ...entries.map(([key, value]) => setOption('window', window, key, value)),
      ...hooks.map(([hook, command]) => setWindowHook(window, hook, command)),
      renameWindow(window, options.name),
    ],
  };
}

/** The checked name, directory, environment and program of a start (the window named `tempName` first, if given). */
function programStart(options: StartOptions, tempName?: string): ProgramStart {
  if (options.name !== undefined) validateWindowName(options.name);
  if (options.cwd !== undefined) validateCwd(options.cwd);
  return {
    ...(tempName ? { tempName } : options.name ? { name: options.name } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.command ? { command: options.command } : {}),
  };
}
