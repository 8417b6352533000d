import { escapeFormat } from './escape-format.js';
import { SKIPPED_MARK } from './transport.js';

// Pure builders of tmux argument arrays (command name first), shared by the manager, the agents and the monitor, so
// each command's flags, and which of its arguments tmux expands as a format (names, paths, titles: escaped here), are
// written once. Targets are ids (`$1`, `@2`, `%3`) or targets the caller built: tmux's own matching is not for user
// text (docs/architecture.md, "Targets"). Formats given to them are ours, never user text.

/** Which object an option belongs to: `-p` (pane) or `-w` (window). */
export type OptionScope = 'pane' | 'window';

const SCOPE_FLAG: Readonly<Record<OptionScope, string>> = { pane: '-p', window: '-w' };

/** What to capture of a pane (tmux line numbers: 0 is the top of the screen, negative is history). */
export interface CaptureFlags {
  /** The last N lines of history and screen (overrides `start`). */
  lines?: number;
  /** The first line, or `-` for the start of the history. */
  start?: number | '-';
  end?: number;
  /** Keep escape sequences (colours): `-e`. */
  escapes?: boolean;
  /** Join wrapped lines: `-J`. */
  join?: boolean;
}

/** `capture-pane -p`: the pane's text, printed; only the visible screen without a range. */
export function capturePane(pane: string, flags: CaptureFlags = {}): string[] {
  const argv = ['capture-pane', '-p'];
  if (flags.escapes) argv.push('-e');
  if (flags.join) argv.push('-J');
  argv.push('-t', pane);
  if (flags.lines !== undefined) argv.push('-S', String(-Math.max(0, flags.lines)));
  else if (flags.start !== undefined) argv.push('-S', String(flags.start));
  if (flags.end !== undefined) argv.push('-E', String(flags.end));
  return argv;
}

/** `display-message -p`: a format expanded for a target. */
export function displayFormat(target: string, format: string): string[] {
  return ['display-message', '-p', '-t', target, format];
}

/** `list-panes -a`: every pane of the server, one format line each. */
export function listAllPanes(format: string): string[] {
  return ['list-panes', '-a', '-F', format];
}

/** `list-panes -s`: every pane of the session holding the target (a window id names its session, whatever its name). */
export function listSessionPanes(target: string, format: string): string[] {
  return ['list-panes', '-s', '-t', target, '-F', format];
}

/** `list-clients`: one format line per client of the server. */
export function listClients(format: string): string[] {
  return ['list-clients', '-F', format];
}

/** `send-keys`: presses keys by name (`Enter`, `C-c`, `y`). */
export function sendKeys(pane: string, keys: readonly string[]): string[] {
  return ['send-keys', '-t', pane, '--', ...keys];
}

/** `send-keys -l`: types text literally, with no key-name lookup. */
export function sendLiteral(pane: string, text: string): string[] {
  return ['send-keys', '-t', pane, '-l', '--', text];
}

/** `set-option`: with `format`, tmux expands the value as a format first (`-F`: the value must be ours). */
export function setOption(
  scope: OptionScope,
  target: string,
  name: string,
  value: string,
  options: { format?: boolean } = {},
): string[] {
  return ['set-option', SCOPE_FLAG[scope], ...(options.format ? ['-F'] : []), '-t', target, name, value];
}

/** `set-option -u`: unsets an option. */
export function unsetOption(scope: OptionScope, target: string, name: string): string[] {
  return ['set-option', SCOPE_FLAG[scope], '-u', '-t', target, name];
}

/** `show-options -qv`: an option's value alone; nothing when unset. */
export function showOption(scope: OptionScope, target: string, name: string): string[] {
  return ['show-options', `${SCOPE_FLAG[scope]}qv`, '-t', target, name];
}

/** `set-hook -w`: a window hook; the command is a tmux command string of ours, never user text. */
export function setWindowHook(window: string, hook: string, command: string): string[] {
  return ['set-hook', '-w', '-t', window, hook, command];
}

/** `rename-window`: the name is format-escaped (tmux expands `#{}` and `#()` in it). */
export function renameWindow(window: string, name: string): string[] {
  return ['rename-window', '-t', window, escapeFormat(name)];
}

/** `select-pane -T`: sets a pane's title, format-escaped. */
export function setPaneTitle(pane: string, title: string): string[] {
  return ['select-pane', '-t', pane, '-T', escapeFormat(title)];
}

/** `select-window`: makes a window its session's current one. */
export function selectWindow(window: string): string[] {
  return ['select-window', '-t', window];
}

/** `select-pane`: makes a pane its window's active one. */
export function selectPane(pane: string): string[] {
  return ['select-pane', '-t', pane];
}

/** `kill-window`. */
export function killWindow(window: string): string[] {
  return ['kill-window', '-t', window];
}

/** `kill-session`. */
export function killSession(session: string): string[] {
  return ['kill-session', '-t', session];
}

/** `set-environment -u`: removes a variable from a session's environment. */
export function unsetEnvironment(session: string, name: string): string[] {
  return ['set-environment', '-t', session, '-u', name];
}

/** `set-buffer`: fills a named buffer; the text is data, not a format. */
export function setBuffer(buffer: string, text: string): string[] {
  return ['set-buffer', '-b', buffer, '--', text];
}

/** `paste-buffer -d`: pastes a named buffer into a pane and deletes it; bracketed (`-p`) unless told otherwise. */
export function pasteBuffer(buffer: string, pane: string, options: { bracketed?: boolean } = {}): string[] {
  return ['paste-buffer', '-d', ...(options.bracketed === false ? [] : ['-p']), '-b', buffer, '-t', pane];
}

/** `delete-buffer`. */
export function deleteBuffer(buffer: string): string[] {
  return ['delete-buffer', '-b', buffer];
}

/** A fixed child of the tmux server (`run-shell -b true`) whose exit makes tmux reap programs that exited. */
export function reapChildren(): string[] {
  return ['run-shell', '-b', 'true'];
}

/** `refresh-client -B`: subscribes the control client to `<what>:<format>`, or unsubscribes without a spec. */
export function subscribeFormat(name: string, spec?: string): string[] {
  return ['refresh-client', '-B', spec ? `${name}:${spec}` : name];
}

/** The `if-shell -F` command behind `runUnless`; its second and third arguments are tmux command strings. */
export function unlessArgv(condition: string, pane: string, command: string): string[] {
  return ['if-shell', '-F', '-t', pane, condition, `display-message -p ${SKIPPED_MARK}`, command];
}

/** Where and how a program starts in a respawned pane. */
export interface ProgramPlace {
  cwd?: string;
  env?: Readonly<Record<string, string>>;
  /** The program and its arguments; the default shell when absent. Never run through a shell. */
  command?: readonly string[];
}

/** How a program starts in a new window. */
export interface ProgramStart extends ProgramPlace {
  /** The window name (format-escaped here); see also `tempName`. */
  name?: string;
  /** A name of ours to give the window instead of `name` (found by it later in the same command list). */
  tempName?: string;
}

/** `new-session -d -P -F <print>`: a detached session; `print` is the format of the line it prints. */
export function newSession(
  name: string,
  start: ProgramStart,
  print: string,
  size: { width?: number; height?: number } = {},
): string[] {
  const argv = ['new-session', '-d', '-P', '-F', print, '-s', escapeFormat(name), ...nameArgs(start)];
  argv.push(...placeArgs(start));
  if (size.width) argv.push('-x', String(size.width));
  if (size.height) argv.push('-y', String(size.height));
  return [...argv, ...commandArgs(start.command)];
}

/** `new-window -d -P -F <print>` in the session with this id, after its last window. */
export function newWindow(sessionId: string, start: ProgramStart, print: string): string[] {
  const argv = ['new-window', '-d', '-P', '-F', print, '-t', `${sessionId}:`, ...nameArgs(start), ...placeArgs(start)];
  return [...argv, ...commandArgs(start.command)];
}

/** `respawn-pane -k`: kills the pane's program and starts this one in its place. */
export function respawnPane(pane: string, place: ProgramPlace): string[] {
  return ['respawn-pane', '-k', '-t', pane, ...placeArgs(place), ...commandArgs(place.command)];
}

/** The window's name: ours as it is, the caller's format-escaped (tmux expands `#{}`, `#()` in it). */
function nameArgs(start: ProgramStart): string[] {
  if (start.tempName) return ['-n', start.tempName];
  return start.name ? ['-n', escapeFormat(start.name)] : [];
}

/** The directory (format-escaped, like a name) and environment arguments. */
function placeArgs(place: ProgramPlace): string[] {
  const argv: string[] = [];
  if (place.cwd) argv.push('-c', escapeFormat(place.cwd));
  for (const [k, v] of Object.entries(place.env ?? {})) argv.push('-e', `${k}=${v}`);
  return argv;
}

/**
 * The program as tmux is to start it, always through `env`: tmux runs a lone argument through `sh -c`, and `env`
 * makes it an argument array again, so nothing is shell-parsed; and a program that is not found is then reported
 * the same way whatever its arguments (status 127 and env's message; tmux's own exec failure is a bare status 1).
 */
export function commandArgs(command: readonly string[] | undefined): string[] {
  if (!command || command.length === 0) return [];
  return ['--', 'env', '--', ...command];
}
