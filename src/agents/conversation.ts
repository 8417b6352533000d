import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { TMUXManager } from '../manager/tmux-manager.js';
import type { AgentRecord } from './agent-record.js';
import type { AgentKind } from './agent-state.js';
import { paneQuery } from './agent-status.js';
import { hookedConversation } from './hooks/agent-hooks.js';
import { kindProfile } from './kind-profiles.js';
import { readPaneStates } from './read-pane-state.js';

/**
 * A conversation id of tmux-orc's choosing for a fresh start (a UUID for the kind's `sessionIdFlag`), so the record
 * knows it from the start; undefined when the kind takes none, the program is a stand-in or wrapper that may not take
 * the flag, or its arguments pick a conversation already.
 */
export function freshConversationId(kind: AgentKind, command: readonly string[]): string | undefined {
  const profile = kindProfile(kind);
  const isTheCli = basename(command[0] ?? '') === profile.defaultCommand[0];
  return profile.sessionIdFlag && isTheCli && !picksConversation(command) ? randomUUID() : undefined;
}

/**
 * The agent CLI's current conversation id: as its hooks last reported it (the pane's session event, else the file in
 * its hook folder, which also holds the thread id Codex's notify gives), else the one tmux-orc started it on.
 */
export async function currentConversation(manager: TMUXManager, agent: AgentRecord): Promise<string | undefined> {
  const [state] = await readPaneStates(manager, [paneQuery(agent)]).catch(() => [undefined]);
  return (
    state?.hooks.events.session?.detail ||
    (agent.hooks === false ? undefined : hookedConversation({ socket: manager.socket, ...agent })) ||
    agent.cliSessionId
  );
}

/** Whether a CLI's arguments already choose a conversation (a session id, a resume, a continue). */
function picksConversation(command: readonly string[]): boolean {
  return command.slice(1).some((arg) => /^(?:--session-id|--resume|-r|--continue|-c|--session-file)(?:=|$)/.test(arg));
}
