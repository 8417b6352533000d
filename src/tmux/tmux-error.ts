import { OrcError, type ErrorCode } from '../errors.js';

const PATTERNS: Array<[RegExp, ErrorCode, string?]> = [
  [
    /no server running|error connecting to|server exited unexpectedly|lost server/i,
    'tmux.noServer',
    'start one with: tmux-orc session new <name>',
  ],
  [/can't find session|session not found/i, 'tmux.sessionNotFound', 'list sessions with: tmux-orc list'],
  [/duplicate session/i, 'tmux.sessionExists'],
  [/can't find window|window not found/i, 'tmux.windowNotFound', 'list windows with: tmux-orc session list'],
  [/can't find pane|pane not found/i, 'tmux.paneNotFound'],
  [/no sessions/i, 'tmux.noServer', 'start one with: tmux-orc session new <name>'],
];

/** Maps tmux's error text for a command to an OrcError with a stable code. */
export function tmuxError(argv: readonly string[], text: string): OrcError {
  const message = text.trim() || `tmux ${argv[0] ?? ''} failed`;
  for (const [pattern, code, hint] of PATTERNS) {
    if (pattern.test(message)) return new OrcError(code, message, hint ? { hint } : {});
  }
  return new OrcError('tmux.commandFailed', `tmux ${argv[0] ?? ''}: ${message}`);
}
