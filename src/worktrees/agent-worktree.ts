import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { OrcError } from '../errors.js';
import type { RemoteHost } from '../tmux/transport.js';
import { repositoryRoot, runGit } from './run-git.js';

/** An agent's own git worktree, as its record keeps it (`@tmux-orc-worktree`). */
export interface AgentWorktree {
  /** The repository's main working tree. */
  repository: string;
  /** The agent's worktree: where it runs. */
  path: string;
  branch: string;
  /** The ref the branch was made from, as given, and the commit it was then. */
  base: string;
  baseCommit: string;
}

/**
 * Where agents' worktrees go: `$TMUX_ORC_WORKTREE_DIR/<repo>/<session>/<name>`, by default beside the repository
 * (`<repo>.worktrees/<session>/<name>`): outside its working tree, so the repository's own tools (status, globs,
 * watchers) never see them, and on the same file system. On a remote host always beside the repository (this
 * machine's setting names a folder of this machine).
 */
export function worktreePath(
  repository: string,
  session: string,
  name: string,
  env: NodeJS.ProcessEnv = process.env,
  remote?: RemoteHost,
): string {
  const root =
    env.TMUX_ORC_WORKTREE_DIR && !remote
      ? join(resolve(env.TMUX_ORC_WORKTREE_DIR), basename(repository))
      : `${repository}.worktrees`;
  return join(root, session, name);
}

/** The branch an agent's worktree gets when none is named: `tmux-orc/<session>/<name>`. */
export function defaultBranch(session: string, name: string): string {
  return `tmux-orc/${session}/${name}`;
}

/**
 * Makes an agent's worktree: `git worktree add -b <branch> <path> <base>` in the repository holding `dir`. A branch
 * that exists already is `worktree.branchExists`, a path taken `worktree.pathTaken`; branch names git refuses are
 * `usage.invalid` (checked with `git check-ref-format`).
 */
export async function addAgentWorktree(
  dir: string,
  session: string,
  name: string,
  options: { branch?: string; base?: string; remote?: RemoteHost } = {},
): Promise<AgentWorktree> {
  const { remote } = options;
  const on = remote ? { remote } : {};
  const repository = await repositoryRoot(dir, remote);
  const branch = options.branch || defaultBranch(session, name);
  const base = options.base || 'HEAD';
  if (
    branch.startsWith('-') ||
    !(await runGit(repository, ['check-ref-format', '--branch', branch], { allowFail: true, ...on })).ok
  ) {
    throw new OrcError('usage.invalid', `invalid branch name ${JSON.stringify(branch.slice(0, 80))}`, {
      hint: 'see git check-ref-format',
    });
  }
  const commit = await runGit(
    repository,
    ['rev-parse', '--verify', '--quiet', '--end-of-options', `${base}^{commit}`],
    { allowFail: true, ...on },
  );
  if (!commit.ok)
    throw new OrcError('usage.invalid', `--base ${JSON.stringify(base.slice(0, 80))} is not a commit in ${repository}`);
  if (
    (await runGit(repository, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], { allowFail: true, ...on }))
      .ok
  ) {
    throw new OrcError('worktree.branchExists', `branch ${branch} exists already in ${repository}`, {
      hint: 'name another with --worktree <branch>, or remove the old one',
    });
  }
  const path = worktreePath(repository, session, name, process.env, remote);
  const listed = await runGit(repository, ['worktree', 'list', '--porcelain'], on);
  if (listed.stdout.split('\n').some((line) => line === `worktree ${path}`)) {
    throw new OrcError('worktree.pathTaken', `a worktree is registered at ${path} already`, {
      hint: 'remove it with: tmux-orc worktree prune, or git worktree remove',
    });
  }
  try {
    // On a remote host git makes the folders (`worktree add` creates leading directories).
    if (!remote) mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    // A file (or something else not a folder) where the worktree's folder goes.
    throw new OrcError(
      'worktree.pathTaken',
      `cannot make ${dirname(path)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      { hint: 'remove what is in the way, or set TMUX_ORC_WORKTREE_DIR' },
    );
  }
  const added = await runGit(repository, ['worktree', 'add', '-b', branch, '--', path, commit.stdout.trim()], {
    allowFail: true,
    ...on,
  });
  if (!added.ok) {
    // git may have made the branch before failing on the folder; it did not exist before (checked above).
    await runGit(repository, ['branch', '-D', '--', branch], { allowFail: true, ...on });
    // (On a remote host git made the folders: a file in the way of the worktree's is git's failure to.)
    const inTheWay =
      remote && added.stderr.includes(dirname(path)) && /could not create|Not a directory/.test(added.stderr);
    if (/already exists/.test(added.stderr) || inTheWay)
      throw new OrcError('worktree.pathTaken', `${path} exists already`, {
        hint: 'pick another agent name, or remove the directory',
      });
    throw new OrcError(
      'worktree.gitFailed',
      `git worktree add: ${added.stderr.trim().split('\n').slice(-2).join(' | ')}`,
    );
  }
  return { repository, path, branch, base, baseCommit: commit.stdout.trim() };
}
