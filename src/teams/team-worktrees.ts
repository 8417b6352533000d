import type { RemoteHost } from '../tmux/transport.js';
import { addAgentWorktree, type AgentWorktree } from '../worktrees/agent-worktree.js';
import { removeAgentWorktree } from '../worktrees/remove-worktree.js';

/**
 * The roles that stay in the main checkout under `team deploy --worktrees`: they coordinate, merge and read the
 * others' branches rather than write code of their own. Every other role (developer, qa, devops, reviewer, and any
 * free-text role) gets a worktree and a branch of its own.
 */
export const MAIN_CHECKOUT_ROLES: ReadonlySet<string> = new Set(['pm', 'orchestrator']);

/** Whether a team member gets a worktree of its own under `--worktrees`. */
export function getsWorktree(role: string): boolean {
  return !MAIN_CHECKOUT_ROLES.has(role);
}

/**
 * Makes the worktrees of a team's members, one after the other (git takes a lock on the repository for each), on the
 * default branches `tmux-orc/<session>/<name>`. All or nothing: when one cannot be made, those made before it are
 * removed again and the error is thrown.
 */
export async function makeTeamWorktrees(
  session: string,
  members: ReadonlyArray<{ name: string; dir: string }>,
  remote?: RemoteHost,
): Promise<Map<string, AgentWorktree>> {
  const made = new Map<string, AgentWorktree>();
  try {
    for (const member of members)
      made.set(member.name, await addAgentWorktree(member.dir, session, member.name, remote ? { remote } : {}));
  } catch (error) {
    await removeTeamWorktrees(made.values(), remote);
    throw error;
  }
  return made;
}

/** Removes worktrees made for a deploy that failed (forced: nothing was done in them yet), best effort. */
export async function removeTeamWorktrees(worktrees: Iterable<AgentWorktree>, remote?: RemoteHost): Promise<void> {
  for (const worktree of worktrees)
    await removeAgentWorktree(worktree, { force: true, ...(remote ? { remote } : {}) }).catch(() => undefined);
}
