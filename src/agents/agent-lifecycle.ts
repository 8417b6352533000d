import { OrcError } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import { requireAllOk } from '../tmux/batch-outcomes.js';
import { killWindow, respawnPane, setOption, setPaneTitle, unsetOption } from '../tmux/tmux-commands.js';
import { forgetInFleet, touchInFleet } from '../restore/record-agent.js';
import { assertRemovable, removeAgentWorktree } from '../worktrees/remove-worktree.js';
import { paneQuery } from './agent-status.js';
import { findAgent, type FoundAgent } from './find-agent.js';
import { HOOK_PANE_OPTIONS, HOOK_REPORTS_OPTION } from './hook-events.js';
import { readPaneStates } from './read-pane-state.js';
import { kindProfile } from './kind-profiles.js';
import { readBriefing } from './read-briefing.js';
import { finishStart, type SpawnResult } from './spawn-agent.js';
import { dropHooks, withHooks } from './hooks/agent-hooks.js';

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
export async function killAgent(manager: TMUXManager, target: string, options: { removeWorktree?: boolean; force?: boolean } = {}): Promise<KillResult> {
  const agent = await findAgent(manager, target);
  if (options.removeWorktree && !agent.worktree) {
    throw new OrcError('worktree.none', `${agent.target} has no worktree of its own`, { hint: 'kill it without --remove-worktree' });
  }
  if (options.removeWorktree && !options.force) await assertRemovable(agent.worktree!);
  await manager.run(killWindow(agent.windowId), target);
  // Its worktree stays: the fleet file keeps it, marked killed, for worktree list and prune.
  if (agent.worktree && !options.removeWorktree) touchInFleet(manager, agent, { killed: true });
  else forgetInFleet(manager, agent);
  dropHooks(agent);
  if (!options.removeWorktree) return { killed: agent.target };
  return { killed: agent.target, worktree: await removeAgentWorktree(agent.worktree!, { force: options.force === true }) };
}

/**
 * Restarts an agent in place (`respawn-pane -k`) with its saved command, working directory and environment;
 * the window, its metadata and its target stay the same. The briefing is re-sent when asked.
 */
export async function restartAgent(manager: TMUXManager, target: string, options: { rebrief?: boolean; wait?: boolean; readyTimeoutMs?: number; resume?: boolean; signal?: AbortSignal } = {}): Promise<SpawnResult & { resumed?: string | false }> {
  const agent = await findAgent(manager, target);
  if (!agent.managed || agent.command.length === 0) {
    throw new OrcError('agent.notFound', `${target} was not spawned by tmux-orc, so its command is unknown`, { hint: 'spawn agents with: tmux-orc agent spawn' });
  }
  // --resume: the conversation goes on where the CLI kept it (its id from its SessionStart hook, else the one
  // tmux-orc started it on); without an id, or for a kind that cannot resume, a fresh start, said in the result.
  const id = options.resume ? await conversationId(manager, agent) : undefined;
  const resume = kindProfile(agent.kind).resumeCommand;
  // Its hooks are planned again, as at spawn (agent-hooks.ts): the saved command and environment do not carry them.
  // A remote agent gets no hooks (spawn-agent.ts says why).
  const hooked = agent.hooks === false || manager.socket.remote ? { command: agent.command, env: {}, events: [] } : withHooks(agent, agent.command);
  const command = id && resume ? resume(hooked.command, id) : hooked.command;
  const argv = respawnPane(agent.paneId, { cwd: agent.cwd, env: { ...agent.env, ...hooked.env }, command });
  // respawn-pane clears the screen but keeps the title, and an old "ready" title would pass for the new program
  // being ready before it has drawn anything; so the title is cleared first, in the same round trip.
  // The hook options are the pane's too: what the old program reported (its last stop) must not speak for the new
  // one. The counter stays, so numbers keep rising across restarts (delivery receipts compare them).
  const forget = HOOK_PANE_OPTIONS.map((o) => unsetOption('pane', agent.paneId, o));
  const reports = agent.hooks === false ? [] : [hooked.events.length
    ? setOption('window', agent.windowId, HOOK_REPORTS_OPTION, hooked.events.join(','))
    : unsetOption('window', agent.windowId, HOOK_REPORTS_OPTION)];
  requireAllOk(await manager.batch([setPaneTitle(agent.paneId, ''), ...forget, ...reports, argv]));
  const briefing = options.rebrief ? await readBriefing(manager, agent.windowId) : undefined;
  // A resumed conversation keeps its id; a fresh start gets a new one, which its hook will report.
  touchInFleet(manager, agent, id ? { cliSessionId: id } : {});
  const result = await finishStart(manager, agent, options.wait !== false, options.readyTimeoutMs ?? kindProfile(agent.kind).readyTimeoutMs, briefing);
  return options.resume ? { ...result, resumed: id && resume ? id : false } : result;
}

/** The agent CLI's conversation id: as its SessionStart hook last reported it, else the one it was started on. */
async function conversationId(manager: TMUXManager, agent: FoundAgent): Promise<string | undefined> {
  const [state] = await readPaneStates(manager, [paneQuery(agent)]).catch(() => [undefined]);
  return state?.hooks.events.session?.detail || agent.cliSessionId;
}
