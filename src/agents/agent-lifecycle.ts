import { OrcError } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import { requireAllOk } from '../tmux/batch-outcomes.js';
import { killWindow, respawnPane, setOption, setPaneTitle, unsetOption } from '../tmux/tmux-commands.js';
import { forgetInFleet, touchInFleet } from '../restore/record-agent.js';
import { assertRemovable, removeAgentWorktree } from '../worktrees/remove-worktree.js';
import type { AgentRecord } from './agent-record.js';
import { findAgent } from './find-agent.js';
import { HOOK_PANE_OPTIONS, HOOK_REPORTS_OPTION } from './hook-events.js';
import { kindProfile } from './kind-profiles.js';
import { readBriefing } from './read-briefing.js';
import { finishStart, type SpawnResult } from './spawn-agent.js';
import { dropHooks, withHooks } from './hooks/agent-hooks.js';
import { currentConversation, freshConversationId } from './conversation.js';

/** What `agent kill` did. */
export interface KillResult {
  killed: string;
  /** With `removeWorktree`: the worktree and branch removed. */
  worktree?: { removed: string; branch: string; forced: boolean };
}

/**
 * Kills an agent's window, and forgets it in the fleet file (a restore must not bring back an agent killed on
 * purpose). With `removeWorktree` its worktree and branch go too, checked first: uncommitted changes or unmerged
 * commits are `worktree.dirty` unless `force`, and then nothing is killed.
 */
export async function killAgent(
  manager: TMUXManager,
  target: string,
  options: { removeWorktree?: boolean; force?: boolean } = {},
): Promise<KillResult> {
  const agent = await findAgent(manager, target);
  if (options.removeWorktree && !agent.worktree) {
    throw new OrcError('worktree.none', `${agent.target} has no worktree of its own`, {
      hint: 'kill it without --remove-worktree',
    });
  }
  const { remote } = manager.socket;
  if (options.removeWorktree && !options.force) await assertRemovable(agent.worktree!, remote);
  await manager.run(killWindow(agent.windowId), target);
  forgetKilled(manager, [agent], { worktreeRemoved: options.removeWorktree === true });
  if (!options.removeWorktree) return { killed: agent.target };
  const removed = await removeAgentWorktree(agent.worktree!, {
    force: options.force === true,
    ...(remote ? { remote } : {}),
  });
  return { killed: agent.target, worktree: removed };
}

/**
 * What follows killing agents on purpose (`agent kill`, `team kill`, `session kill`, `window kill`): the fleet file
 * forgets them, so a restore never brings them back, but keeps those with a worktree, marked killed, for worktree
 * list and prune (unless the worktree was removed too); their hook folders go.
 */
export function forgetKilled(
  manager: TMUXManager,
  agents: readonly AgentRecord[],
  options: { worktreeRemoved?: boolean } = {},
): void {
  for (const agent of agents) {
    if (agent.worktree && !options.worktreeRemoved) touchInFleet(manager, agent, { killed: true });
    else forgetInFleet(manager, agent);
    dropHooks({ ...agent, socket: manager.socket });
  }
}

/**
 * Restarts an agent in place (`respawn-pane -k`) with its saved command, working directory and environment;
 * the window, its metadata and its target stay the same. With `resume` the CLI continues its conversation where its
 * id is known; the briefing is re-sent when asked (`rebrief: 'fresh'`: only when the conversation was not resumed).
 */
export async function restartAgent(
  manager: TMUXManager,
  target: string,
  options: {
    rebrief?: boolean | 'fresh';
    wait?: boolean;
    readyTimeoutMs?: number;
    resume?: boolean;
    signal?: AbortSignal;
  } = {},
): Promise<SpawnResult & { resumed?: string | false }> {
  const agent = await findAgent(manager, target);
  if (!agent.managed || agent.command.length === 0) {
    throw new OrcError('agent.notFound', `${target} was not spawned by tmux-orc, so its command is unknown`, {
      hint: 'spawn agents with: tmux-orc agent spawn',
    });
  }
  // --resume: the conversation goes on where the CLI kept it (its id as its hooks last reported it, else the one
  // tmux-orc started it on); without an id, or for a kind that cannot resume, a fresh start, said in the result.
  const resume = kindProfile(agent.kind).resumeCommand;
  const id = options.resume && resume ? await currentConversation(manager, agent) : undefined;
  // A fresh start is a new conversation: on an id of our choosing where the CLI takes one, as at spawn.
  const conversation = id ?? freshConversationId(agent.kind, agent.command);
  // Its hooks are planned again, as at spawn (agent-hooks.ts): the saved command and environment do not carry them.
  // A remote agent gets no hooks (spawn-agent.ts says why).
  const hooked =
    agent.hooks === false || manager.socket.remote
      ? { command: agent.command, env: {}, events: [] }
      : withHooks({ ...agent, socket: manager.socket }, agent.command, conversation ? { conversation } : {});
  const command = id
    ? resume!(hooked.command, id)
    : conversation
      ? [...hooked.command, kindProfile(agent.kind).sessionIdFlag!, conversation]
      : hooked.command;
  const argv = respawnPane(agent.paneId, { cwd: agent.cwd, env: { ...agent.env, ...hooked.env }, command });
  // respawn-pane clears the screen but keeps the title, and an old "ready" title would pass for the new program
  // being ready before it has drawn anything; so the title is cleared first, in the same round trip.
  // The hook options are the pane's too: what the old program reported (its last stop) must not speak for the new
  // one. The counter stays, so numbers keep rising across restarts (delivery receipts compare them).
  const forget = HOOK_PANE_OPTIONS.map((o) => unsetOption('pane', agent.paneId, o));
  const reports =
    agent.hooks === false
      ? []
      : [
          hooked.events.length
            ? setOption('window', agent.windowId, HOOK_REPORTS_OPTION, hooked.events.join(','))
            : unsetOption('window', agent.windowId, HOOK_REPORTS_OPTION),
        ];
  // The record names the conversation this start is on (none known: the hooks will tell).
  const session = conversation
    ? setOption('window', agent.windowId, SESSION_ID_OPTION, conversation)
    : unsetOption('window', agent.windowId, SESSION_ID_OPTION);
  requireAllOk(await manager.batch([setPaneTitle(agent.paneId, ''), ...forget, ...reports, session, argv]));
  const rebrief = options.rebrief === true || (options.rebrief === 'fresh' && !id);
  const briefing = rebrief ? await readBriefing(manager, agent.windowId) : undefined;
  touchInFleet(manager, agent, { cliSessionId: conversation });
  const current = { ...agent, ...(conversation ? { cliSessionId: conversation } : {}) };
  if (!conversation) delete current.cliSessionId;
  const timeout = options.readyTimeoutMs ?? kindProfile(agent.kind).readyTimeoutMs;
  const result = await finishStart(manager, current, options.wait !== false, timeout, briefing, options.signal, {
    resumed: id !== undefined,
  });
  return options.resume ? { ...result, resumed: id ?? false } : result;
}

/** The window option holding the conversation id an agent's CLI was started on. */
const SESSION_ID_OPTION = '@tmux-orc-session-id';
