import type { RemoteHost } from '../tmux/transport.js';
import type { AgentWorktree } from './agent-worktree.js';
import { runGit } from './run-git.js';

/** One file an agent changed against its base. */
export interface ChangedFile {
  path: string;
  /** Lines added and removed; undefined for a binary file. */
  added?: number;
  removed?: number;
}

/** What an agent changed against its base: committed and not. */
export interface WorktreeDiff {
  branch: string;
  base: string;
  /** Commits on the branch that the base does not have, and the other way round. */
  ahead: number;
  behind: number;
  /** Every file that differs between the base and the worktree as it is now (committed and uncommitted). */
  files: ChangedFile[];
  /** Files with uncommitted changes (staged, unstaged or untracked). */
  uncommitted: string[];
  patch?: string;
}

/** Parses `git diff --numstat -z` (binary files show `-` counts). */
function parseNumstat(out: string): ChangedFile[] {
  const parts = out.split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i < parts.length; i++) {
    const m = /^(\d+|-)\t(\d+|-)\t(.*)$/s.exec(parts[i]!);
    if (!m) continue;
    let path = m[3]!;
    // A rename is "added\tremoved\t" then the old and the new path as two more fields.
    if (path === '') {
      path = parts[i + 2] ?? '';
      i += 2;
    }
    files.push({ path, ...(m[1] === '-' ? {} : { added: Number(m[1]), removed: Number(m[2]) }) });
  }
  return files;
}

/** `git status --porcelain=v1 -z` entries (`XY path`): a rename or copy is followed by its old path, left out. */
function statusEntries(out: string): string[] {
  const parts = out.split('\0');
  const entries: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const entry = parts[i]!;
    if (entry.length < 4) continue;
    entries.push(entry);
    if (/^[RC]|^.[RC]/.test(entry)) i++;
  }
  return entries;
}

/**
 * The agent's change against the commit its branch was made from: files with +/- counts (committed and not, against
 * that commit: `git diff <baseCommit>` in the worktree, untracked files included through an intent-to-add-free
 * listing), commits ahead and behind the base ref as it is now, and the uncommitted files; `patch` adds the diff.
 */
export async function worktreeDiff(
  worktree: AgentWorktree,
  options: { patch?: boolean; remote?: RemoteHost } = {},
): Promise<WorktreeDiff> {
  const cwd = worktree.path;
  const on = options.remote ? { remote: options.remote } : {};
  const [numstat, counts, status] = await Promise.all([
    runGit(cwd, ['diff', '--numstat', '-z', '-M', worktree.baseCommit, '--'], on),
    runGit(
      cwd,
      [
        'rev-list',
        '--left-right',
        '--count',
        `${worktree.base === 'HEAD' ? worktree.baseCommit : worktree.base}...HEAD`,
        '--',
      ],
      on,
    ),
    runGit(cwd, ['status', '--porcelain=v1', '-z', '--untracked-files=all'], on),
  ]);
  const [behind = '0', ahead = '0'] = counts.stdout.trim().split(/\s+/);
  const entries = statusEntries(status.stdout);
  const uncommitted = entries.map((e) => e.slice(3));
  // Untracked files are not in `git diff`: count their lines as added.
  const files = parseNumstat(numstat.stdout);
  for (const entry of entries.filter((e) => e.startsWith('?? '))) {
    const path = entry.slice(3);
    if (files.some((f) => f.path === path)) continue;
    const added = await runGit(cwd, ['diff', '--no-index', '--numstat', '-z', '--', '/dev/null', path], {
      allowFail: true,
      ...on,
    });
    const [file] = parseNumstat(added.stdout);
    files.push({ path, ...(file?.added !== undefined ? { added: file.added, removed: 0 } : {}) });
  }
  const result: WorktreeDiff = {
    branch: worktree.branch,
    base: worktree.base,
    ahead: Number(ahead),
    behind: Number(behind),
    files,
    uncommitted,
  };
  if (options.patch) result.patch = (await runGit(cwd, ['diff', '-M', worktree.baseCommit, '--'], on)).stdout;
  return result;
}
