import { detectShell } from '../detect/detect-shell.js';
import { defineKind } from './kind-module.js';

/** Any other program, given after `--`: read like a shell (exit and recent output), typed into plainly. */
export const custom = defineKind({
  name: 'custom',
  summary: 'any other program',
  detect: detectShell,
  profile: {
    defaultCommand: [],
    typeEnterDelayMs: 120,
    pasteEnterDelayMs: 300,
    readyTimeoutMs: 30000,
    approveKeys: ['y', 'Enter'],
    approveAlwaysKeys: ['y', 'Enter'],
    denyKeys: ['n', 'Enter'],
    plain: true,
  },
});
