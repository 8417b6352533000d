import { existsSync } from 'node:fs';
import { OrcError } from '../errors.js';

/** The most output one git command may print (a large `--patch`). */
const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;

/**
 * Runs git with an argument array (never a shell) in a directory and returns its stdout; a failure is an OrcError:
 * `worktree.noGit` when git is missing, `worktree.gone` when the directory is, else `worktree.gitFailed` with git's own words. `GIT_TERMINAL_PROMPT=0` and
 * no pager, so git never waits for input.
 */
export async function runGit(cwd: string, args: readonly string[], options: { allowFail?: boolean } = {}): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    execFile('git', [...args], {
      cwd, encoding: 'utf8', maxBuffer: MAX_OUTPUT_BYTES, timeout: 60_000,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', PAGER: 'cat', LC_ALL: 'C' },
    }, (error, stdout, stderr) => {
      if (!error) return resolve({ ok: true, stdout, stderr });
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !stderr) {
        // A directory that went away fails the spawn the same way a missing git does.
        if (!existsSync(cwd)) return reject(new OrcError('worktree.gone', `${cwd} is no longer on disk`, { hint: 'tmux-orc worktree prune (or agent kill --remove-worktree) cleans up what git still lists' }));
        return reject(new OrcError('worktree.noGit', 'git was not found on PATH', { hint: 'install git, e.g. apt-get install git' }));
      }
      if (options.allowFail) return resolve({ ok: false, stdout, stderr });
      reject(new OrcError('worktree.gitFailed', `git ${args[0]}: ${(stderr || error.message).trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
}

/** The top of the working tree holding a directory, or `worktree.notARepo`. */
export async function repositoryRoot(dir: string): Promise<string> {
  const found = await runGit(dir, ['rev-parse', '--show-toplevel'], { allowFail: true }).catch((error: unknown) => {
    if (error instanceof OrcError && error.code === 'worktree.noGit') throw error;
    return { ok: false, stdout: '', stderr: String(error) };
  });
  if (!found.ok) throw new OrcError('worktree.notARepo', `${dir} is not inside a git repository`, { hint: 'give --cwd a directory of a git repository, or run git init there' });
  return found.stdout.trim();
}
