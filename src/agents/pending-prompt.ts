import { createHash } from 'node:crypto';
import type { AgentRecord } from './agent-record.js';
import { detectState } from './detect/index.js';
import { kindProfile } from './kind-profiles.js';
import { neutralizeText } from './neutralize-text.js';
import type { PaneState } from './read-pane-state.js';

/** How a permission prompt can be answered: yes once, yes and don't ask again, or no. */
export type PromptAnswer = 'approve' | 'always' | 'deny';

/** A permission prompt an agent shows, as a person is to be asked about it. */
export interface PendingPrompt {
  target: string;
  kind: string;
  role: string;
  /**
   * Names this prompt while it is on the screen, from the permission hook's number (when the CLI reports one) and the
   * dialog's text: another prompt gets another id, the same one keeps it however its state is read.
   */
  id: string;
  /** The dialog as the screen shows it: its last lines, control characters made visible, at most 2000 characters. */
  text: string;
  /** approve and deny always; always where the kind's CLI offers "don't ask again" (its keys differ from approve's). */
  choices: PromptAnswer[];
}

/**
 * The dialog is at the bottom of the screen; these many of the last lines with text show it, and name it: enough to
 * take in the request above the dialog, so that a second prompt with the same text, right after one was answered, is
 * told from it (a screen-only agent's prompts have no hook number). With 12, the real CLIs' prompts for the same
 * command from two requests were one prompt to Claude Code, Gemini CLI and OpenCode (their requests are the 13th line
 * up, OpenCode's the 14th), and a deny right after an approve was refused as agent.promptAnswered.
 */
const DIALOG_LINES = 16;
const TEXT_MAX_CHARS = 2000;

/**
 * The prompt an agent waits on, once its screen shows the dialog; undefined otherwise (a permission hook fires a moment
 * before its dialog is drawn: until then there is nothing to show a person, nor to answer).
 */
export function pendingPrompt(agent: AgentRecord, read: PaneState): PendingPrompt | undefined {
  if (read.state !== 'waiting' || !dialogDrawn(agent, read)) return undefined;
  const profile = kindProfile(agent.kind);
  const always = profile.approveAlwaysKeys.join(' ') !== profile.approveKeys.join(' ');
  return {
    target: agent.target,
    kind: agent.kind,
    role: agent.role,
    id: promptId(read),
    text: neutralizeText(dialogText(read.screen)).text.slice(0, TEXT_MAX_CHARS),
    choices: always ? ['approve', 'always', 'deny'] : ['approve', 'deny'],
  };
}

/** True when the screen shows the dialog the state says is there (a state the screen gave, or one it confirms). */
export function dialogDrawn(agent: AgentRecord, read: PaneState): boolean {
  return read.source !== 'hook' || detectState(agent.kind, read.screen, read.facts).state === 'waiting';
}

/** The id of the prompt a read shows (see {@link PendingPrompt.id}). */
export function promptId(read: PaneState): string {
  const seq = read.hooks.events.permission?.seq ?? 0;
  return `p${seq}-${createHash('sha256').update(dialogText(read.screen)).digest('hex').slice(0, 16)}`;
}

function dialogText(screen: string): string {
  return screen
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(-DIALOG_LINES)
    .join('\n');
}
