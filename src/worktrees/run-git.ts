import { existsSync } from 'node:fs';
import { OrcError } from '../errors.js';
import { sshCommand } from '../hosts/ssh-command.js';
import { sshFailure } from '../hosts/ssh-failure.js';
import type { RemoteHost } from '../tmux/transport.js';

/** The most output one git command may print (a large `--patch`). */
const MAX_OUTPUT_BYTES = 32 * 1024 * 1024;

/** git never waits for input (a credential prompt, a pager) and speaks C, whose words the callers look for. */
const GIT_ENV = { GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', PAGER: 'cat', LC_ALL: 'C' };

/** What one git command gave. */
export interface GitRun {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Where git runs: this machine, or a host of the hosts file (the agent's own, `manager.socket.remote`). */
export interface GitOptions {
  /** A failed git resolves `ok: false` instead of throwing `worktree.gitFailed`. */
  allowFail?: boolean;
  remote?: RemoteHost;
}

/**
 * Runs git with an argument array (never a shell string of ours) in a directory and returns its output; a failure is
 * an OrcError: `worktree.noGit` when git is missing, `worktree.gone` when the directory is, else `worktree.gitFailed`
 * with git's own words. On a remote host it is `env <GIT_ENV> git -C <dir> <args>` over the host's SSH master
 * connection (the one the spawn fallback rides: no new login per command), each word quoted by remoteCommandLine;
 * ssh's own failures are the `host.*` codes.
 */
export async function runGit(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<GitRun> {
  const { execFile } = await import('node:child_process');
  const { remote } = options;
  const [program, argv] = remote
    ? sshCommand(
        remote,
        ['env', ...Object.entries(GIT_ENV).map(([k, v]) => `${k}=${v}`), 'git', '-C', cwd, ...args],
        'master',
      )
    : ['git', [...args]];
  return new Promise((resolve, reject) => {
    execFile(
      program,
      argv,
      {
        ...(remote ? {} : { cwd }),
        encoding: 'utf8',
        maxBuffer: MAX_OUTPUT_BYTES,
        timeout: 60_000,
        env: { ...process.env, ...GIT_ENV },
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ ok: true, stdout, stderr });
        const failure = remote ? remoteFailure(remote, cwd, error, stderr) : localFailure(cwd, error, stderr);
        if (failure) return reject(failure);
        if (options.allowFail) return resolve({ ok: false, stdout, stderr });
        reject(
          new OrcError(
            'worktree.gitFailed',
            `git ${args[0]}: ${(stderr || error.message).trim().split('\n').slice(-3).join(' | ')}`,
          ),
        );
      },
    );
  });
}

function noGit(where: string): OrcError {
  return new OrcError('worktree.noGit', `git was not found on ${where}`, {
    hint: 'install git, e.g. apt-get install git',
  });
}

function gone(dir: string): OrcError {
  return new OrcError('worktree.gone', `${dir} is no longer on disk`, {
    hint: 'tmux-orc worktree prune (or agent kill --remove-worktree) cleans up what git still lists',
  });
}

/** A local git that could not run at all: no git, or no directory (both fail the spawn with ENOENT). */
function localFailure(cwd: string, error: { code?: unknown }, stderr: string): OrcError | undefined {
  if (error.code !== 'ENOENT' || stderr) return undefined;
  return existsSync(cwd) ? noGit('PATH') : gone(cwd);
}

/** A remote git that could not run: ssh failed (`host.*`), no git there (`env` exits 127), or no directory. */
function remoteFailure(
  remote: RemoteHost,
  cwd: string,
  error: { code?: unknown; message: string },
  stderr: string,
): OrcError | undefined {
  const code = typeof error.code === 'number' ? error.code : null;
  if (code === 127 || code === 126) return noGit(remote.name);
  const ssh = sshFailure(remote, code, stderr, 'running');
  if (ssh) return ssh;
  if (code === null) return new OrcError('worktree.gitFailed', `git on ${remote.name}: ${error.message}`);
  // `git -C <dir>` into a directory that is not there.
  if (code === 128 && /^fatal: cannot change to /m.test(stderr)) return gone(cwd);
  return undefined;
}

/** Whether a directory is there, on this machine or the remote host (`test -d`, over the master connection). */
export async function directoryExists(dir: string, remote?: RemoteHost): Promise<boolean> {
  if (!remote) return existsSync(dir);
  const { execFile } = await import('node:child_process');
  const [program, argv] = sshCommand(remote, ['test', '-d', dir], 'master');
  return new Promise((resolve, reject) => {
    execFile(program, argv, { encoding: 'utf8', timeout: 60_000 }, (error, _stdout, stderr) => {
      if (!error) return resolve(true);
      const ssh = sshFailure(remote, typeof error.code === 'number' ? error.code : null, stderr, 'running');
      if (ssh && ssh.code !== 'host.noTmux') return reject(ssh);
      resolve(false);
    });
  });
}

/** The top of the working tree holding a directory, or `worktree.notARepo`. */
export async function repositoryRoot(dir: string, remote?: RemoteHost): Promise<string> {
  const found = await runGit(dir, ['rev-parse', '--show-toplevel'], {
    allowFail: true,
    ...(remote ? { remote } : {}),
  }).catch((error: unknown) => {
    // No git, or no host, is said as such; a directory that is not there is not a repository.
    if (!(error instanceof OrcError) || error.code !== 'worktree.gone') throw error;
    return { ok: false, stdout: '', stderr: String(error) };
  });
  if (!found.ok)
    throw new OrcError('worktree.notARepo', `${dir} is not inside a git repository`, {
      hint: 'give --cwd a directory of a git repository, or run git init there',
    });
  return found.stdout.trim();
}
