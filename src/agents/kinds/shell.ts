import { detectShell } from '../detect/detect-shell.js';
import { defineKind } from './kind-module.js';

/** A shell ($SHELL, else bash): it runs what it is typed, so it is never briefed. */
export const shell = defineKind({
  name: 'shell',
  summary: 'a shell ($SHELL)',
  programName: '$SHELL',
  detect: detectShell,
  profile: {
    defaultCommand: [process.env.SHELL || 'bash'],
    typeEnterDelayMs: 50,
    pasteEnterDelayMs: 150,
    readyTimeoutMs: 10000,
    approveKeys: ['y', 'Enter'],
    approveAlwaysKeys: ['y', 'Enter'],
    denyKeys: ['n', 'Enter'],
    appendsOutput: true,
    runsInput: true,
    plain: true,
  },
});
