import { OrcError } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import { setOption, showOption } from '../tmux/tmux-commands.js';
import { paneQuery } from './agent-status.js';
import { findAgent, type FoundAgent } from './find-agent.js';
import { withPaneLock } from './pane-lock.js';
import { kindProfile } from './kind-profiles.js';
import { dialogDrawn, promptId, type PromptAnswer } from './pending-prompt.js';
import { readPaneStates } from './read-pane-state.js';
import { sleep } from './wait-for-state.js';

/** How long an answer waits for a dialog a hook announced to be drawn (merge-state.ts gives it 1.5 s as waiting). */
const DIALOG_DRAW_MS = 2000;
/** The pane option naming the prompt last answered, and when: `<prompt id> <unix ms>`. */
const ANSWERED_OPTION = '@tmux-orc-answered';
/**
 * How long a prompt that was answered counts as answered while it stays on the screen: a CLI clears its dialog a
 * moment after the keys, and an answer in that moment (another tmux-orc process's, a second click) would be typed
 * into whatever comes next. A dialog still there after this did not take the answer, and may be answered again.
 */
export const ANSWERED_HOLD_MS = 5000;

/** Options for {@link answerPrompt}. */
export interface AnswerOptions {
  /** The prompt being answered (PendingPrompt's id): when the screen shows another one, nothing is typed. */
  prompt?: string;
}

/** What an answer typed. */
export interface PromptAnswered {
  target: string;
  answer: string;
  keys: string[];
}

/**
 * Answers the prompt an agent is waiting on: approve (once or always) or deny, with the keys its kind expects. Exactly
 * once: under the pane's lock (so across processes), a prompt answered moments ago that is still on the screen is
 * not answered again (`agent.promptAnswered`), and with `prompt` one that is no longer on it neither
 * (`agent.promptChanged`).
 */
export async function answerPrompt(
  manager: TMUXManager,
  target: string,
  answer: PromptAnswer,
  options: AnswerOptions = {},
): Promise<PromptAnswered> {
  const agent = await findAgent(manager, target);
  // Under the pane's lock: a delivery in flight must not see its keys mixed with these, nor these its Enter.
  return withPaneLock(manager, agent.paneId, () => answerLocked(manager, agent, answer, options));
}

async function answerLocked(
  manager: TMUXManager,
  agent: FoundAgent,
  answer: PromptAnswer,
  options: AnswerOptions,
): Promise<PromptAnswered> {
  const hint = { hint: `see it with: tmux-orc agent read ${agent.target}` };
  // A permission hook fires a moment before the CLI draws its dialog, and keys sent before it is drawn go nowhere
  // (or into the input box): the answer waits, briefly, for the screen to show the dialog too.
  let state;
  for (const end = Date.now() + DIALOG_DRAW_MS; ; await sleep(25)) {
    [state] = await readPaneStates(manager, [paneQuery(agent)]);
    if (state!.state !== 'waiting')
      throw new OrcError('agent.notWaiting', `${agent.target} is ${state!.state}, not waiting on a prompt`, hint);
    if (dialogDrawn(agent, state!)) break;
    if (Date.now() > end) {
      throw new OrcError(
        'agent.notWaiting',
        `${agent.target} reported a permission prompt that its screen does not show after ${DIALOG_DRAW_MS} ms`,
        hint,
      );
    }
  }
  const id = promptId(state!);
  if (options.prompt !== undefined && options.prompt !== id) {
    throw new OrcError(
      'agent.promptChanged',
      `${agent.target} shows another prompt than the one answered; nothing was typed`,
      hint,
    );
  }
  const [last, at] = (await manager.run(showOption('pane', agent.paneId, ANSWERED_OPTION))).join('').split(' ');
  if (last === id && Date.now() - Number(at) < ANSWERED_HOLD_MS) {
    throw new OrcError(
      'agent.promptAnswered',
      `${agent.target}'s prompt was answered ${Date.now() - Number(at)} ms ago and is still on its screen; nothing was typed`,
      hint,
    );
  }
  const profile = kindProfile(agent.kind);
  const keys = [
    ...(answer === 'approve'
      ? profile.approveKeys
      : answer === 'always'
        ? profile.approveAlwaysKeys
        : profile.denyKeys),
  ];
  for (const key of keys) await manager.sendKeys(agent.paneId, key);
  // Still under the lock: whoever takes it next sees the answer.
  await manager.run(setOption('pane', agent.paneId, ANSWERED_OPTION, `${id} ${Date.now()}`));
  return { target: agent.target, answer, keys };
}
