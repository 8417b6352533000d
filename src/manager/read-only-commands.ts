const READ_ONLY = new Set([
  'list-sessions',
  'ls',
  'list-windows',
  'lsw',
  'list-panes',
  'lsp',
  'list-clients',
  'lsc',
  'list-buffers',
  'lsb',
  'display-message',
  'display',
  'show-options',
  'show',
  'show-window-options',
  'showw',
  'show-buffer',
  'showb',
  'capture-pane',
  'capturep',
  'has-session',
  'has',
  'show-environment',
  'showenv',
  'list-keys',
  'lsk',
  'set-buffer',
  'setb',
  'delete-buffer',
  'deleteb',
  'send-keys',
  'send',
  'paste-buffer',
  'pasteb',
]);

/**
 * True for commands that do not change sessions, windows, panes or their options, so the snapshot stays valid.
 * Buffers and keys count as read-only here: they change no snapshot field.
 */
export function isReadOnlyTmuxCommand(name: string): boolean {
  return READ_ONLY.has(name);
}
