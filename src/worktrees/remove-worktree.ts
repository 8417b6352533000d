import { OrcError } from '../errors.js';
import type { RemoteHost } from '../tmux/transport.js';
import type { AgentWorktree } from './agent-worktree.js';
import { directoryExists, runGit } from './run-git.js';

/**
 * Removes an agent's worktree and its branch. Refused with `worktree.dirty` when the worktree has uncommitted changes
 * (untracked files included) or its branch has commits its base does not (unmerged work), unless `force`
 * ({@link assertRemovable}). A worktree already gone from disk is pruned from git's list.
 */
export async function removeAgentWorktree(
  worktree: AgentWorktree,
  options: { force?: boolean; remote?: RemoteHost } = {},
): Promise<{ removed: string; branch: string; forced: boolean }> {
  const { repository, path, branch } = worktree;
  const on = options.remote ? { remote: options.remote } : {};
  if (!options.force) await assertRemovable(worktree, options.remote);
  const removed = await runGit(
    repository,
    ['worktree', 'remove', ...(options.force ? ['--force', '--force'] : []), '--', path],
    { allowFail: true, ...on },
  );
  if (!removed.ok) {
    if (!/is not a working tree|does not exist|No such file/.test(removed.stderr))
      throw new OrcError('worktree.gitFailed', `git worktree remove: ${removed.stderr.trim()}`);
    await runGit(repository, ['worktree', 'prune'], on);
  }
  // -D: merged into its base was checked above (git's own -d asks about the repository's HEAD instead).
  await runGit(repository, ['branch', '-D', '--', branch], { allowFail: true, ...on });
  return { removed: path, branch, forced: options.force === true };
}

/** Throws `worktree.dirty` when a worktree has uncommitted changes or commits its base does not have. */
export async function assertRemovable(worktree: AgentWorktree, remote?: RemoteHost): Promise<void> {
  const { repository, path, branch } = worktree;
  const on = remote ? { remote } : {};
  // A worktree gone from disk holds no uncommitted work; its branch may still hold unmerged commits.
  const status = (await directoryExists(path, remote))
    ? await runGit(path, ['status', '--porcelain=v1', '--untracked-files=all'], { allowFail: true, ...on })
    : undefined;
  // The base as given (a branch may have moved on since) or, for HEAD, the commit it was then.
  const baseRef = worktree.base === 'HEAD' ? worktree.baseCommit : worktree.base;
  const unmerged = await runGit(repository, ['rev-list', '--count', `${baseRef}..refs/heads/${branch}`, '--'], {
    allowFail: true,
    ...on,
  });
  const dirty = status?.ok === true && status.stdout.trim() !== '';
  const ahead = unmerged.ok ? Number(unmerged.stdout.trim()) : 0;
  if (dirty || ahead > 0) {
    const why = [
      dirty ? 'uncommitted changes' : '',
      ahead > 0 ? `${ahead} commit${ahead === 1 ? '' : 's'} not merged into ${worktree.base}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    throw new OrcError('worktree.dirty', `${path} has ${why}; nothing was removed`, {
      hint: 'see them with: tmux-orc agent diff <target>; remove anyway with --force',
    });
  }
}
