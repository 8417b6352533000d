import { OrcError } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import { paneQuery } from './agent-status.js';
import { findAgent, type FoundAgent } from './find-agent.js';
import { withPaneLock } from './pane-lock.js';
import { kindProfile } from './kind-profiles.js';
import { readPaneStates } from './read-pane-state.js';
import { detectState } from './detect/index.js';
import { sleep } from './wait-for-state.js';

/** How long an answer waits for a dialog a hook announced to be drawn (merge-state.ts gives it 1.5 s as waiting). */
const DIALOG_DRAW_MS = 2000;

/** Answers the prompt an agent is waiting on: approve (once or always) or deny, with the keys its kind expects. */
export async function answerPrompt(manager: TMUXManager, target: string, answer: 'approve' | 'always' | 'deny'): Promise<{ target: string; answer: string; keys: string[] }> {
  const agent = await findAgent(manager, target);
  // Under the pane's lock: a delivery in flight must not see its keys mixed with these, nor these its Enter.
  return withPaneLock(manager, agent.paneId, () => answerLocked(manager, agent, answer));
}

async function answerLocked(manager: TMUXManager, agent: FoundAgent, answer: 'approve' | 'always' | 'deny'): Promise<{ target: string; answer: string; keys: string[] }> {
  // A permission hook fires a moment before the CLI draws its dialog, and keys sent before it is drawn go nowhere
  // (or into the input box): the answer waits, briefly, for the screen to show the dialog too.
  for (const end = Date.now() + DIALOG_DRAW_MS; ; await sleep(25)) {
    const [state] = await readPaneStates(manager, [paneQuery(agent)]);
    if (state!.state !== 'waiting') {
      throw new OrcError('agent.notWaiting', `${agent.target} is ${state!.state}, not waiting on a prompt`, { hint: `see it with: tmux-orc agent read ${agent.target}` });
    }
    if (state!.source !== 'hook' || detectState(agent.kind, state!.screen, state!.facts).state === 'waiting') break;
    if (Date.now() > end) {
      throw new OrcError('agent.notWaiting', `${agent.target} reported a permission prompt that its screen does not show after ${DIALOG_DRAW_MS} ms`, { hint: `see it with: tmux-orc agent read ${agent.target}` });
    }
  }
  const profile = kindProfile(agent.kind);
  const keys = [...(answer === 'approve' ? profile.approveKeys : answer === 'always' ? profile.approveAlwaysKeys : profile.denyKeys)];
  for (const key of keys) await manager.sendKeys(agent.paneId, key);
  return { target: agent.target, answer, keys };
}
