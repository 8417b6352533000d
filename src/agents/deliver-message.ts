import { OrcError } from '../errors.js';
import type { HookRecord } from './hook-events.js';
import { promptDigest } from './hooks/hook-event.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import type { AgentRecord } from './agent-record.js';
import { paneQuery } from './agent-status.js';
import { kindProfile } from './kind-profiles.js';
import { dialogCondition } from './dialog-guard.js';
import { neutralizeText } from './neutralize-text.js';
import { boxContent, forgetTyped, rememberTyped } from './typed-text.js';
import { withPaneLock } from './pane-lock.js';
import { boxHolds, pendingInput } from './pending-input.js';
import { readPaneStates, type PaneState } from './read-pane-state.js';
import { sleep } from './wait-for-state.js';

/** Options for {@link deliverMessage}. */
export interface DeliveryOptions {
  /** Type the text but do not press Enter. */
  noEnter?: boolean;
  /** How many extra Enters may be pressed when the box still holds the text (default 3). */
  maxRetries?: number;
  /** Longest single line typed as keys; longer or multi-line text is pasted (default 500 characters). */
  pasteThreshold?: number;
}

/** What happened to a message. */
export interface DeliveryReport {
  target: string;
  method: 'keys' | 'paste';
  submitted: boolean;
  /** Enters pressed in all (1 when the first one took). */
  enters: number;
  /** How the submission was confirmed. */
  confirmedBy?: 'hook' | 'box-cleared' | 'state-changed' | 'pane-exited' | 'prompt-after-enter';
  /** Who confirmed the submission: the agent's own prompt hook (`hook`), or tmux-orc reading its screen. */
  receipt?: 'hook' | 'screen';
  chars: number;
  /** Control characters in the message that were turned into visible text (see neutralize-text.ts). */
  neutralized?: number;
  /** The message was in the input box already, left there by an earlier delivery of it: only Enter was pressed. */
  resumed?: boolean;
}

/** How long to wait for the input box to show the text before pressing Enter anyway. */
const ECHO_TIMEOUT_MS = 1500;

/**
 * Delivers a message so that it is submitted exactly once, as sent, and does nothing else (docs/agents.md has the
 * steps). The text is neutralised first: no control character can act as a key (neutralize-text.ts). Kinds with
 * dialogs get it as a bracketed paste, the others as literal keys (multi-line, long or tabbed text pasted too); tmux
 * skips the typing and every Enter when the kind's dialog is on the screen (dialog-guard.ts), and the state is read
 * again before every Enter: no key is ever pressed into a prompt, and the delivery stops with `agent.promptPending`.
 * Enter follows the kind's pause after the input box shows the text; the submission is confirmed, and a swallowed
 * Enter retried a bounded number of times. Other text in the box is `agent.inputPending`; this message left there by
 * an earlier delivery only gets its Enter (typed-text.ts). C-c is never sent. Deliveries to one pane are serialised,
 * across processes too (pane-lock.ts), so each one's confirmation is about its own text.
 */
export async function deliverMessage(
  manager: TMUXManager,
  agent: AgentRecord,
  message: string,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  if (message.length === 0) throw new OrcError('usage.invalid', 'the message is empty');
  return withPaneLock(manager, agent.paneId, () => deliverLocked(manager, agent, message, options));
}

async function deliverLocked(
  manager: TMUXManager,
  agent: AgentRecord,
  message: string,
  options: DeliveryOptions,
): Promise<DeliveryReport> {
  const { text, replaced } = neutralizeText(message);
  const [before] = await readPaneStates(manager, [paneQuery(agent)]);
  if (before!.facts.dead) {
    throw new OrcError(
      'agent.paneDead',
      `${agent.target} is dead (its program exited${before!.facts.deadStatus !== undefined ? ` with status ${before!.facts.deadStatus}` : ''})`,
      { hint: `restart it with: tmux-orc agent restart ${agent.target}` },
    );
  }
  if (takesKeys(before!)) {
    // Typed into a dialog, a message starting with "1" or "y" would answer it.
    throw new OrcError(
      'agent.promptPending',
      `${agent.target} is showing a prompt (${before!.reason}); the message was not typed`,
      { hint: `answer it first with: tmux-orc agent approve|deny ${agent.target}` },
    );
  }
  const box = await boxContent(manager, agent, before!.screen, text);
  if (box === 'foreign') {
    throw new OrcError(
      'agent.inputPending',
      `${agent.target}'s input box already holds text that is not this message; typed after it, both would go as one. Nothing was typed`,
      {
        hint: `see it with: tmux-orc agent read ${agent.target}; submit or clear it in the pane first`,
      },
    );
  }
  const wasIdle = before!.state === 'idle';
  // Typed, a tab is a key press (it toggles modes in the CLIs); pasted, it is text. Kinds with dialogs take every
  // message as a paste (kind-profiles.ts, pasteLines).
  const multiline =
    kindProfile(agent.kind).pasteLines === true || /[\n\t]/.test(text) || text.length > (options.pasteThreshold ?? 500);
  const method = multiline ? 'paste' : 'keys';
  // An earlier delivery of this same message left it typed in the box: it gets only its Enter.
  const resumed = box === 'ours';
  // tmux checks for a dialog in the same step as it types (dialog-guard.ts): one that came up since the look above
  // gets none of the message's keys.
  const unless = dialogCondition(agent.kind);
  if (!resumed) {
    const typed = multiline
      ? await manager.pasteText(agent.paneId, text, unless ? { unless } : {})
      : await manager.sendText(agent.paneId, text, unless ? { unless } : {});
    if (!typed) {
      throw new OrcError(
        'agent.promptPending',
        `${agent.target} showed a prompt as the message was about to be typed; nothing was typed`,
        { hint: `answer it first with: tmux-orc agent approve|deny ${agent.target}` },
      );
    }
  }
  const report: DeliveryReport = {
    target: agent.target,
    method,
    submitted: false,
    enters: 0,
    chars: message.length,
    ...(replaced ? { neutralized: replaced } : {}),
    ...(resumed ? { resumed } : {}),
  };
  if (options.noEnter) {
    // Seen in the box before returning, so whatever reads the pane next (a later send of it) finds it there.
    if (!resumed && kindProfile(agent.kind).plain !== true) await echoed(manager, agent, text);
    await rememberTyped(manager, agent.paneId, text, 'kept');
    return report;
  }
  try {
    const done = await submit(manager, agent, text, {
      wasIdle,
      multiline,
      maxEnters: 1 + (options.maxRetries ?? 3),
      report,
    });
    if (resumed) await forgetTyped(manager, agent.paneId);
    return done;
  } catch (error) {
    // Left in the box (a prompt came up before Enter, or every Enter was swallowed): a resend only presses Enter.
    if (
      error instanceof OrcError &&
      (error.code === 'agent.deliveryFailed' || (error.code === 'agent.promptPending' && report.enters === 0))
    ) {
      await rememberTyped(manager, agent.paneId, text, 'stopped').catch(() => undefined);
    }
    throw error;
  }
}

/** Presses Enter after the kind's pause and confirms the submission, retrying a swallowed Enter (bounded). */
async function submit(
  manager: TMUXManager,
  agent: AgentRecord,
  text: string,
  {
    wasIdle,
    multiline,
    maxEnters,
    report,
  }: { wasIdle: boolean; multiline: boolean; maxEnters: number; report: DeliveryReport },
): Promise<DeliveryReport> {
  const profile = kindProfile(agent.kind);

  // A plain program draws no input box: there, any change of the screen after Enter shows the line was taken.
  const plain = kindProfile(agent.kind).plain === true;
  // A loaded CLI echoes the text late. An Enter that reaches it right after the text is dropped, and its empty box
  // would pass for a submitted message: so the pause before Enter counts from when the box shows the text.
  const seenInBox = plain ? false : await echoed(manager, agent, text);
  await sleep(multiline ? profile.pasteEnterDelayMs : profile.typeEnterDelayMs);
  const typed = plain ? (await readPaneStates(manager, [paneQuery(agent)]))[0]!.screen : undefined;
  let promptSeq: number | undefined;
  while (report.enters < maxEnters) {
    // Never an Enter into a prompt: it would answer it. Read the state right before each press.
    const [now] = await readPaneStates(manager, [paneQuery(agent)]);
    // An agent whose hooks report prompts gives its own receipt: the seq its next prompt event must pass.
    // Known from the spawn (`@tmux-orc-hook-reports`: Codex's notify alone reports none), else seen from any event.
    const reportsPrompts = now!.hooks.reports ? now!.hooks.reports.includes('prompt') : now!.hooks.last !== undefined;
    promptSeq ??= reportsPrompts ? (now!.hooks.events.prompt?.seq ?? 0) : undefined;
    const dialog = takesKeys(now!);
    if (dialog || !(await pressEnter(manager, agent))) {
      // The text took an Enter already: the prompt is the agent's answer to it (or to what it was busy with).
      if (report.enters > 0)
        return {
          ...report,
          submitted: true,
          confirmedBy: wasIdle ? 'state-changed' : 'prompt-after-enter',
          receipt: 'screen',
        };
      throw promptAppeared(agent, dialog ? now!.reason : 'a dialog on the screen');
    }
    report.enters++;
    const confirmed = await confirm(manager, agent, text, {
      wasIdle,
      seenInBox,
      ...(typed !== undefined ? { typedScreen: typed } : {}),
      ...(promptSeq !== undefined ? { promptSeq } : {}),
    });
    if (confirmed === 'prompt')
      return { ...report, submitted: true, confirmedBy: 'prompt-after-enter', receipt: 'screen' };
    if (confirmed) {
      report.submitted = true;
      report.confirmedBy = confirmed;
      report.receipt = confirmed === 'hook' ? 'hook' : 'screen';
      return report;
    }
  }
  throw new OrcError(
    'agent.deliveryFailed',
    `${agent.target}: the input box still held the message after ${report.enters} Enter presses`,
    { hint: 'the agent may be blocked by a dialog; read it with: tmux-orc agent read ' + agent.target },
  );
}

/** Presses Enter unless tmux sees the kind's dialog on the screen at that moment; false when it did not press. */
async function pressEnter(manager: TMUXManager, agent: AgentRecord): Promise<boolean> {
  const unless = dialogCondition(agent.kind);
  if (unless) return manager.sendKeysUnless(unless, agent.paneId, 'Enter');
  await manager.sendKeys(agent.paneId, 'Enter');
  return true;
}

/** A screen where keys would answer a dialog (a permission prompt, Gemini's usage-limit choice). */
function takesKeys(state: PaneState): boolean {
  return state.state === 'waiting' || state.dialog === true;
}

/** A prompt came up after the message was typed, before its Enter: nothing was pressed into it. */
function promptAppeared(agent: AgentRecord, reason: string): OrcError {
  return new OrcError(
    'agent.promptPending',
    `${agent.target} showed a prompt (${reason}) before the message was submitted; no key was pressed into it, and the message waits in the input box`,
    {
      hint: `answer the prompt (tmux-orc agent approve|deny ${agent.target}), then send the same message again: it is then only submitted, not typed twice`,
    },
  );
}

/** Waits (bounded) until the input box shows the text; false when it never does (no box drawn, or a placeholder). */
async function echoed(manager: TMUXManager, agent: AgentRecord, text: string): Promise<boolean> {
  const deadline = Date.now() + ECHO_TIMEOUT_MS;
  const pauses = looks(manager, 10, 40);
  for (;;) {
    const [now] = await readPaneStates(manager, [paneQuery(agent)]);
    // A dead pane or a prompt ends the wait; the Enter loop then reads the state again and acts on it.
    if (now!.facts.dead || takesKeys(now!)) return false;
    const pending = pendingInput(agent.kind, now!.screen);
    if (pending !== undefined && (boxHolds(pending, text) || boxHoldsStart(pending, text))) return true;
    if (Date.now() >= deadline) return false;
    await sleep(pauses.next().value);
  }
}

/**
 * The sleeps between looks at the pane. A look costs ~0.5 ms on the control connection but a process when spawning,
 * so look often only when it is cheap: there the first looks come 2, 4 and 7 ms apart (an agent that redraws at once
 * is seen at once), then every `controlMs`; when spawning, every `spawnedMs`. Looking sooner finds the echo or the
 * outcome sooner; the kind's pause before Enter still counts in full from when the echo shows.
 */
function* looks(manager: TMUXManager, controlMs: number, spawnedMs: number): Generator<number, never> {
  if (manager.coherent()) for (const ms of [2, 4, 7]) yield Math.min(ms, controlMs);
  const every = manager.coherent() ? controlMs : spawnedMs;
  for (;;) yield every;
}

/**
 * How long a delivery to an agent whose hooks report prompts waits, once the screen shows the message taken, for
 * the agent's own receipt (a CLI runs its prompt hook as a process of its own, often after it redrew the box).
 */
const HOOK_RECEIPT_MS = 1000;

/**
 * Watches the pane for a short while after Enter: the box cleared or the agent left idle. For an agent whose hooks
 * report prompts, the screen's verdict waits up to {@link HOOK_RECEIPT_MS} for the hook's receipt, and is the
 * answer only when none comes (a dialog or an exit is answered at once).
 */
async function confirm(
  manager: TMUXManager,
  agent: AgentRecord,
  text: string,
  options: { wasIdle: boolean; seenInBox: boolean; typedScreen?: string; promptSeq?: number },
): Promise<DeliveryReport['confirmedBy'] | 'prompt' | undefined> {
  const { promptSeq } = options;
  const deadline = Date.now() + 600;
  const pauses = looks(manager, 15, 60);
  let seen: { verdict: DeliveryReport['confirmedBy']; at: number } | undefined;
  for (;;) {
    await sleep(pauses.next().value);
    const [now] = await readPaneStates(manager, [paneQuery(agent)]);
    // The agent's own prompt hook saw this very text: the receipt, from the agent itself.
    if (promptSeq !== undefined && isReceipt(now!.hooks.events.prompt, promptSeq, text)) return 'hook';
    if (seen) {
      if (Date.now() - seen.at >= HOOK_RECEIPT_MS || now!.facts.dead || takesKeys(now!)) return seen.verdict;
      continue;
    }
    const verdict = screenVerdict(agent, text, now!, options);
    if (verdict === 'prompt' || verdict === 'pane-exited' || (verdict && promptSeq === undefined)) return verdict;
    if (verdict) seen = { verdict, at: Date.now() };
    else if (Date.now() >= deadline) return undefined;
  }
}

/** What one look at the pane says of a submission: taken (and how), a dialog in the way, or nothing yet. */
function screenVerdict(
  agent: AgentRecord,
  text: string,
  now: PaneState,
  { wasIdle, seenInBox, typedScreen }: { wasIdle: boolean; seenInBox: boolean; typedScreen?: string },
): DeliveryReport['confirmedBy'] | 'prompt' | undefined {
  // The program took the line and exited (a quit command, or a crash it caused): the message was submitted.
  if (now.facts.dead) return 'pane-exited';
  if (typedScreen !== undefined) return now.screen !== typedScreen ? 'box-cleared' : undefined;
  // An idle agent that took the message may go straight to a prompt or a rate limit: that is its answer to it.
  // Otherwise a dialog hides the input box, and a line of the transcript above it could pass for the box: stop,
  // press nothing more.
  if (takesKeys(now)) return wasIdle ? 'state-changed' : 'prompt';
  const pending = pendingInput(agent.kind, now.screen);
  if (pending !== undefined && !boxHolds(pending, text) && !boxHoldsStart(pending, text)) return 'box-cleared';
  if (wasIdle && (now.state === 'busy' || now.state === 'rate_limited')) return 'state-changed';
  // No box drawn at all (busy screen, dialog): if the box was seen holding the text, the agent took it. If it never
  // was, a vanished box proves nothing (a restart's blank screen), so keep watching and let Enter be retried.
  if (pending === undefined && seenInBox) return 'box-cleared';
  return undefined;
}

/**
 * Whether a prompt hook event newer than `since` reports this text: its detail is the first 16 hex digits of the
 * SHA-256 of the prompt as the CLI got it (src/agents/hooks/), which a CLI may have trimmed.
 */
function isReceipt(event: HookRecord | undefined, since: number, text: string): boolean {
  if (!event || event.seq <= since) return false;
  return event.detail === promptDigest(text) || event.detail === promptDigest(text.trim());
}

// A long message wraps in the box and its end may sit on a row the box reader does not take as part of the input;
// its start is then still there, and seeing it must not count as the box having cleared.
function boxHoldsStart(pending: string, message: string): boolean {
  const squash = (s: string) => s.replace(/[\s⏎]+/g, '');
  const head = squash(message).slice(0, 24);
  return head.length > 0 && squash(pending).includes(head);
}
