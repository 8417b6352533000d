import { OrcError } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import { paneQuery } from './agent-status.js';
import { findAgent, type FoundAgent } from './find-agent.js';
import { withPaneLock } from './pane-lock.js';
import { kindProfile } from './kind-profiles.js';
import { readPaneStates } from './read-pane-state.js';

/** Answers the prompt an agent is waiting on: approve (once or always) or deny, with the keys its kind expects. */
export async function answerPrompt(manager: TMUXManager, target: string, answer: 'approve' | 'always' | 'deny'): Promise<{ target: string; answer: string; keys: string[] }> {
  const agent = await findAgent(manager, target);
  // Under the pane's lock: a delivery in flight must not see its keys mixed with these, nor these its Enter.
  return withPaneLock(manager, agent.paneId, () => answerLocked(manager, agent, answer));
}

async function answerLocked(manager: TMUXManager, agent: FoundAgent, answer: 'approve' | 'always' | 'deny'): Promise<{ target: string; answer: string; keys: string[] }> {
  const [state] = await readPaneStates(manager, [paneQuery(agent)]);
  if (state!.state !== 'waiting') {
    throw new OrcError('agent.notWaiting', `${agent.target} is ${state!.state}, not waiting on a prompt`, { hint: `see it with: tmux-orc agent read ${agent.target}` });
  }
  const profile = kindProfile(agent.kind);
  const keys = [...(answer === 'approve' ? profile.approveKeys : answer === 'always' ? profile.approveAlwaysKeys : profile.denyKeys)];
  for (const key of keys) await manager.sendKeys(agent.paneId, key);
  return { target: agent.target, answer, keys };
}
