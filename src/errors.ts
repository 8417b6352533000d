/** Exit code for success. */
export const EXIT_OK = 0;
/** Exit code when the operation itself failed (tmux error, unknown session, timeout...). */
export const EXIT_FAILURE = 1;
/** Exit code for a usage error: unknown option, bad argument, bad target syntax. */
export const EXIT_USAGE = 2;

/** Every stable error code tmux-orc emits, with its exit code and a default hint. */
export const ERROR_CODES = {
  'usage.invalid': { exit: EXIT_USAGE, summary: 'A command-line argument or option is missing or malformed.' },
  'usage.unknownCommand': { exit: EXIT_USAGE, summary: 'No such command.' },
  'usage.missingCommand': { exit: EXIT_USAGE, summary: 'A command group (or tmux-orc itself) was given no command.' },
  'usage.unknownOption': { exit: EXIT_USAGE, summary: 'No such option for this command.' },
  'command.failed': {
    exit: EXIT_FAILURE,
    summary: 'A command of a plain commander program served through tmux-orc/reflect threw, or called its error().',
  },
  'target.invalid': {
    exit: EXIT_USAGE,
    summary: 'A target is not of the form session, session:window or session:window.pane.',
  },
  'tmux.notInstalled': { exit: EXIT_FAILURE, summary: 'The tmux binary was not found on PATH.' },
  'tmux.noServer': { exit: EXIT_FAILURE, summary: 'No tmux server is running on the chosen socket.' },
  'tmux.sessionNotFound': { exit: EXIT_FAILURE, summary: 'The named session does not exist.' },
  'tmux.sessionExists': { exit: EXIT_FAILURE, summary: 'A session with that name exists already.' },
  'tmux.windowNotFound': { exit: EXIT_FAILURE, summary: 'The named window does not exist.' },
  'tmux.paneNotFound': { exit: EXIT_FAILURE, summary: 'The named pane does not exist.' },
  'tmux.commandFailed': { exit: EXIT_FAILURE, summary: 'tmux rejected a command.' },
  'tmux.connectionLost': {
    exit: EXIT_FAILURE,
    summary: 'The control-mode connection closed while a command was in flight.',
  },
  'tmux.timeout': { exit: EXIT_FAILURE, summary: 'tmux did not answer in time.' },
  'host.unreachable': {
    exit: EXIT_FAILURE,
    summary:
      'The host could not be reached over ssh (down, unknown, refusing connections, or silent past the connect timeout).',
  },
  'host.authFailed': {
    exit: EXIT_FAILURE,
    summary: 'ssh could not log in to the host: keys refused, or its host key unknown or changed.',
  },
  'host.noTmux': {
    exit: EXIT_FAILURE,
    summary: 'The host has no tmux (not on its PATH, or not where the hosts file says).',
  },
  'host.connectionLost': {
    exit: EXIT_FAILURE,
    summary: 'The ssh connection to the host was lost while a command was under way.',
  },
  'host.fileInvalid': { exit: EXIT_USAGE, summary: 'The hosts file is not valid JSON or does not match its schema.' },
  'window.exited': {
    exit: EXIT_FAILURE,
    summary: 'The program given to a new window or session exited at once; its window (or session) was removed.',
  },
  'agent.notFound': { exit: EXIT_FAILURE, summary: 'No agent at that target.' },
  'agent.exists': { exit: EXIT_FAILURE, summary: 'An agent with that name exists already in the session.' },
  'agent.paneDead': { exit: EXIT_FAILURE, summary: "The agent's pane is dead: its program exited." },
  'agent.notReady': { exit: EXIT_FAILURE, summary: 'The agent did not become ready in time.' },
  'agent.spawnFailed': { exit: EXIT_FAILURE, summary: "The agent's program is missing or exited before it was ready." },
  'agent.inputPending': {
    exit: EXIT_FAILURE,
    summary: "The agent's input box holds other text; typing would merge it with the message.",
  },
  'agent.sendLocked': { exit: EXIT_FAILURE, summary: 'Another delivery to the same agent held its pane for too long.' },
  'agent.waitTimeout': { exit: EXIT_FAILURE, summary: 'The awaited state did not hold before the timeout.' },
  'agent.deliveryFailed': { exit: EXIT_FAILURE, summary: 'The message could not be confirmed as submitted.' },
  'agent.promptPending': {
    exit: EXIT_FAILURE,
    summary: 'The agent shows a permission prompt; answer it before sending a message.',
  },
  'agent.notWaiting': { exit: EXIT_FAILURE, summary: 'The agent is not showing a prompt to answer.' },
  'agent.promptAnswered': {
    exit: EXIT_FAILURE,
    summary: 'The prompt was answered moments ago and is still on the screen; nothing was typed.',
  },
  'agent.promptChanged': {
    exit: EXIT_FAILURE,
    summary: 'The agent shows another prompt than the one being answered; nothing was typed.',
  },
  'team.templateNotFound': { exit: EXIT_FAILURE, summary: 'No built-in template or file by that name.' },
  'team.invalidSpec': { exit: EXIT_USAGE, summary: 'A team file does not match the team schema.' },
  'team.notFound': { exit: EXIT_FAILURE, summary: 'The session has no agents: it is not a team.' },
  'team.noPm': { exit: EXIT_FAILURE, summary: 'The team has no PM agent.' },
  'monitor.alreadyRunning': { exit: EXIT_FAILURE, summary: 'A monitor is already running for this tmux server.' },
  'monitor.notRunning': { exit: EXIT_FAILURE, summary: 'No monitor is running for this tmux server.' },
  'monitor.notBuilt': {
    exit: EXIT_FAILURE,
    summary: 'The monitor daemon needs the built CLI (dist/cli/tmux-orc.cjs); run npm run build.',
  },
  'monitor.startFailed': {
    exit: EXIT_FAILURE,
    summary: 'The monitor daemon exited or did not report in while starting.',
  },
  'resource.invalid': { exit: EXIT_USAGE, summary: 'An MCP resource URI is malformed or names no tmux-orc resource.' },
  'mcp.listenFailed': {
    exit: EXIT_FAILURE,
    summary: "tmux-orc mcp --http could not listen on the address (in use, or not this machine's).",
  },
  'web.listenFailed': {
    exit: EXIT_FAILURE,
    summary: "tmux-orc web could not listen on the address (in use, or not this machine's).",
  },
  'state.unsafe': {
    exit: EXIT_FAILURE,
    summary: 'The state directory or a state file is not safe to use (a symlink, not yours, or writable by others).',
  },
  'worktree.notARepo': { exit: EXIT_FAILURE, summary: 'The directory is not inside a git repository.' },
  'worktree.branchExists': { exit: EXIT_FAILURE, summary: "The branch for the agent's worktree exists already." },
  'worktree.pathTaken': { exit: EXIT_FAILURE, summary: "The path for the agent's worktree is taken." },
  'worktree.noGit': { exit: EXIT_FAILURE, summary: 'git was not found on PATH.' },
  'worktree.gitFailed': { exit: EXIT_FAILURE, summary: 'A git command failed.' },
  'worktree.dirty': { exit: EXIT_FAILURE, summary: 'The worktree has uncommitted changes or unmerged commits.' },
  'worktree.gone': { exit: EXIT_FAILURE, summary: "The agent's worktree is no longer on disk." },
  'worktree.none': { exit: EXIT_FAILURE, summary: 'The agent has no worktree of its own.' },
  'file.unreadable': {
    exit: EXIT_FAILURE,
    summary: 'A file named on the command line could not be read, or is not a regular file.',
  },
  'file.tooLarge': { exit: EXIT_FAILURE, summary: 'A file (or stdin) given as input is larger than its limit.' },
  'internal.error': { exit: EXIT_FAILURE, summary: 'An unexpected error; please report it.' },
} as const;

/** A stable, namespaced error code such as `tmux.sessionNotFound`. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The JSON form of an error, as it appears in the envelope. */
export interface ErrorJson {
  code: ErrorCode;
  message: string;
  hint?: string;
}

/**
 * The one error class of tmux-orc: a stable code, a message for people, an optional hint, and an exit code.
 * @example throw new OrcError('tmux.sessionNotFound', `no session "${name}"`, { hint: 'tmux-orc list' })
 */
export class OrcError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OrcError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = ERROR_CODES[code].exit;
  }

  /** The envelope's `error` object. */
  toJSON(): ErrorJson {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }
}

/** Turns anything thrown into an OrcError, keeping OrcErrors as they are. */
export function toOrcError(error: unknown): OrcError {
  if (error instanceof OrcError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new OrcError('internal.error', message, { cause: error });
}
