import { stateDir } from '../../monitor/monitor-paths.js';
import type { AgentKind } from '../agent-state.js';
import type { HookEvent } from './hook-event.js';
import { hookLaunch, installHookFiles, removeHookFiles } from './hook-launch.js';

/** What an agent's program is started with on top of its saved command and environment, so its CLI reports events. */
export interface HookedLaunch {
  /** The saved command with the hook arguments appended. */
  command: string[];
  /** The hook environment alone (added to the agent's own at start, never saved with it). */
  env: Record<string, string>;
  /** The events the CLI will report; empty when it gets no hooks. */
  events: readonly HookEvent[];
}

/** The agent a launch is for: its kind, its id (`session:name`), where it runs and its own environment. */
export interface HookedAgent {
  kind: AgentKind;
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
export function withHooks(agent: HookedAgent, command: readonly string[]): HookedLaunch {
  const state = stateDir();
  const launch = hookLaunch(agent.kind, {
    stateDir: state, agentId: agentId(agent), command, ...(agent.env ? { env: agent.env } : {}),
    ...(agent.cwd ? { cwd: agent.cwd } : {}),
    codexBypassHookTrust: process.env.TMUX_ORC_CODEX_HOOK_TRUST === 'bypass',
  });
  if (launch.events.length === 0) return { command: [...command], env: {}, events: [] };
  installHookFiles(launch, state);
  return { command: [...command, ...launch.args], env: launch.env, events: launch.events };
}

/** Removes an agent's hook files (after a kill); nothing when it had none. */
export function dropHooks(agent: Pick<HookedAgent, 'session' | 'name'>): void {
  try {
    removeHookFiles(stateDir(), agentId(agent));
  } catch {
    // best effort: the kill is done, and a folder left behind is private and is replaced at the next spawn
  }
}

function agentId(agent: Pick<HookedAgent, 'session' | 'name'>): string {
  return `${agent.session}:${agent.name}`;
}
