import type { Detection, PaneFacts } from '../agent-state.js';

const SHELLS = new Set(['bash', 'zsh', 'sh', 'fish', 'dash']);

/** Whether a process name is an interactive shell (login shells show as `-bash`). */
export function isShell(command: string): boolean {
  const base = command.trim().split('/').pop() ?? '';
  return SHELLS.has(base.replace(/^-/, ''));
}

/**
 * The crash verdict every kind shares, or undefined when the program still runs.
 * A shell in the foreground only means a crash when the agent was not itself started as a shell.
 */
export function detectCrash(facts: PaneFacts): Detection | undefined {
  if (facts.dead) {
    const status = facts.deadStatus === undefined ? '' : ` (exit ${facts.deadStatus})`;
    return { state: 'crashed', reason: `pane dead${status}` };
  }
  const start = facts.startCommand;
  if (start && !isShell(start) && isShell(facts.currentCommand)) {
    return { state: 'crashed', reason: 'exited to shell' };
  }
  return undefined;
}
