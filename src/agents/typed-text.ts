import { createHash } from 'node:crypto';
import type { TMUXManager } from '../manager/tmux-manager.js';
import { setOption, showOption, unsetOption } from '../tmux/tmux-commands.js';
import type { AgentRecord } from './agent-record.js';
import { kindProfile } from './kind-profiles.js';
import { boxHolds, pendingInput } from './pending-input.js';

/**
 * The pane option naming the text a delivery left typed but not submitted: `kept:<hash>` (`--no-enter`, on purpose)
 * or `stopped:<hash>` (a prompt came up before its Enter, or every Enter was swallowed: its sender was told to send
 * it again).
 */
const OPTION = '@tmux-orc-typed';

/** Why a message was left in the box. */
export type LeftBecause = 'kept' | 'stopped';

/**
 * What the input box holds before a delivery types: nothing, this very message (left by an earlier one), or other text.
 */
export type BoxContent = 'empty' | 'ours' | 'foreign';

function hash(text: string): string {
  return createHash('sha1').update(text).digest('base64url').slice(0, 16);
}

const squash = (s: string) => s.replace(/[\s⏎]+/g, '');

/**
 * Reads what the input box of an AI CLI holds, on the screen read before typing. Text tmux-orc left there for this
 * same message (a delivery stopped by a prompt, or `--no-enter`) is `ours`: it gets only an Enter, so a message sent
 * again is not typed twice. Anything else is `foreign`: typed after it, the two would be submitted as one.
 * Kinds whose box is not read reliably (aider's prompt line, plain programs) are always `empty`.
 */
export async function boxContent(
  manager: TMUXManager,
  agent: AgentRecord,
  screen: string,
  text: string,
): Promise<BoxContent> {
  if (!kindProfile(agent.kind).inputBox) return 'empty';
  const pending = pendingInput(agent.kind, screen);
  if (!pending) return 'empty';
  const [left = ''] = await manager.run(showOption('pane', agent.paneId, OPTION), agent.paneId);
  if (left.slice(left.indexOf(':') + 1) === hash(text) && (squash(pending) === squash(text) || boxHolds(pending, text)))
    return 'ours';
  return 'foreign';
}

/** Records that this message sits typed in the pane's box, not submitted, and why. */
export async function rememberTyped(
  manager: TMUXManager,
  paneId: string,
  text: string,
  because: LeftBecause,
): Promise<void> {
  await manager.run(setOption('pane', paneId, OPTION, `${because}:${hash(text)}`), paneId);
}

/** Whether a delivery was stopped with its message in this pane's box, and its sender told to send it again. */
export async function hasStoppedLeftover(manager: TMUXManager, paneId: string): Promise<boolean> {
  const [left = ''] = await manager.run(showOption('pane', paneId, OPTION), paneId);
  return left.startsWith('stopped:');
}

/** Forgets the record once the text was submitted. */
export async function forgetTyped(manager: TMUXManager, paneId: string): Promise<void> {
  await manager.run(unsetOption('pane', paneId, OPTION), paneId);
}
