import { join } from 'node:path';
import { serverKey, serverSocketPath, stateDir } from '../../monitor/monitor-paths.js';
import { readStateFile } from '../../monitor/state-file-io.js';
import type { SocketOptions } from '../../tmux/transport.js';
import type { AgentKind } from '../agent-state.js';
import type { HookEvent } from './hook-event.js';
import { hookDir, hookLaunch, installHookFiles, removeHookFiles } from './hook-launch.js';

/** What an agent's program is started with on top of its saved command and environment, so its CLI reports events. */
export interface HookedLaunch {
  /** The saved command with the hook arguments appended. */
  command: string[];
  /** The hook environment alone (added to the agent's own at start, never saved with it). */
  env: Record<string, string>;
  /** The events the CLI will report; empty when it gets no hooks. */
  events: readonly HookEvent[];
}

/** The agent a launch is for: its kind, its id (`session:name` on a tmux server), where it runs and its environment. */
export interface HookedAgent {
  kind: AgentKind;
  /** The tmux server it runs on: two servers' agents of the same name never share a hook folder. */
  socket: SocketOptions;
  session: string;
  name: string;
  cwd?: string;
  env?: Readonly<Record<string, string>>;
}

/**
 * Plans an agent's hooks and writes their files (hook-launch.ts), for a spawn, a restart or a restore alike: the
 * saved command and environment never carry them, so each start plans them again (a state directory that went away
 * in the meantime is made again, and no start adds a second `--settings`). Codex's hooks other than notify need
 * `TMUX_ORC_CODEX_HOOK_TRUST=bypass` in tmux-orc's environment (codex-hooks.ts).
 */
export function withHooks(
  agent: HookedAgent,
  command: readonly string[],
  options: { conversation?: string } = {},
): HookedLaunch {
  const state = stateDir();
  const launch = hookLaunch(agent.kind, {
    stateDir: state,
    agentId: agentId(agent),
    command,
    ...(agent.env ? { env: agent.env } : {}),
    ...(agent.cwd ? { cwd: agent.cwd } : {}),
    codexBypassHookTrust: process.env.TMUX_ORC_CODEX_HOOK_TRUST === 'bypass',
  });
  if (launch.events.length === 0) return { command: [...command], env: {}, events: [] };
  // The conversation this start is on (empty when the CLI picks one): the hook script replaces it with the id the
  // CLI reports (a fork on resume, a /clear), so the file stays current with no tmux-orc process running.
  launch.files.push({
    path: join(launch.dir, SESSION_FILE),
    content: options.conversation ? `${options.conversation}\n` : '',
  });
  installHookFiles(launch, state);
  return { command: [...command, ...launch.args], env: launch.env, events: launch.events };
}

/** Removes an agent's hook files (after a kill); nothing when it had none. */
export function dropHooks(agent: Pick<HookedAgent, 'socket' | 'session' | 'name'>): void {
  try {
    removeHookFiles(stateDir(), agentId(agent));
  } catch {
    // best effort: the kill is done, and a folder left behind is private and is replaced at the next spawn
  }
}

/** The file in an agent's hook folder that holds its CLI's conversation id (written by tmux-orc-hook.sh too). */
const SESSION_FILE = 'session-id';

/**
 * The conversation id the agent's hooks last reported, or the one its latest start was on; undefined when it has no
 * hooks or none is known. It outlives the tmux server (a kill-server, a reboot), as the fleet file does.
 */
export function hookedConversation(agent: Pick<HookedAgent, 'socket' | 'session' | 'name'>): string | undefined {
  const text = readStateFile(join(agentHookDir(agent), SESSION_FILE), 1024)?.trim();
  return text && /^[A-Za-z0-9_-]{1,128}$/.test(text) ? text : undefined;
}

/** An agent's private hook folder (`<state dir>/hooks/<session>_<name>_<server>-<hash>`). */
export function agentHookDir(agent: Pick<HookedAgent, 'socket' | 'session' | 'name'>): string {
  return hookDir(stateDir(), agentId(agent));
}

function agentId(agent: Pick<HookedAgent, 'socket' | 'session' | 'name'>): string {
  return `${agent.session}:${agent.name}@${serverKey(serverSocketPath(agent.socket))}`;
}
