import { OrcError } from '../errors.js';
import { commandArgs, type TMUXManager } from '../manager/tmux-manager.js';
import { findAgent } from './find-agent.js';
import { kindProfile } from './kind-profiles.js';
import { readBriefing } from './read-briefing.js';
import { finishStart, type SpawnResult } from './spawn-agent.js';

/** Kills an agent's window. */
export async function killAgent(manager: TMUXManager, target: string): Promise<{ killed: string }> {
  const agent = await findAgent(manager, target);
  await manager.run(['kill-window', '-t', agent.windowId], target);
  return { killed: agent.target };
}

/**
 * Restarts an agent in place (`respawn-pane -k`) with its saved command, working directory and environment;
 * the window, its metadata and its target stay the same. The briefing is re-sent when asked.
 */
export async function restartAgent(manager: TMUXManager, target: string, options: { rebrief?: boolean; wait?: boolean; readyTimeoutMs?: number } = {}): Promise<SpawnResult> {
  const agent = await findAgent(manager, target);
  if (!agent.managed || agent.command.length === 0) {
    throw new OrcError('agent.notFound', `${target} was not spawned by tmux-orc, so its command is unknown`, { hint: 'spawn agents with: tmux-orc agent spawn' });
  }
  const argv = ['respawn-pane', '-k', '-t', agent.paneId];
  if (agent.cwd) argv.push('-c', agent.cwd);
  for (const [k, v] of Object.entries(agent.env ?? {})) argv.push('-e', `${k}=${v}`);
  argv.push(...commandArgs(agent.command));
  // respawn-pane clears the screen but keeps the title, and an old "ready" title would pass for the new program
  // being ready before it has drawn anything; so the title is cleared first, in the same round trip.
  const outcomes = await manager.batch([['select-pane', '-t', agent.paneId, '-T', ''], argv]);
  const failed = outcomes.find((o) => !o.ok);
  if (failed && !failed.ok) throw failed.error;
  const briefing = options.rebrief ? await readBriefing(manager, agent.windowId) : undefined;
  return finishStart(manager, agent, options.wait !== false, options.readyTimeoutMs ?? kindProfile(agent.kind).readyTimeoutMs, briefing);
}
