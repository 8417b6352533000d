import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const IDENTITY = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };

/** Runs git (argument array) in a directory, as a test's own user with a fixed identity; returns stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...IDENTITY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A git repository of its own at `<parent>/<name>`, on branch main, with one commit of app.txt. */
export function makeRepo(parent: string, name: string): string {
  const dir = join(parent, name);
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'app.txt'), 'line one\nline two\n');
  git(dir, 'add', 'app.txt');
  git(dir, 'commit', '-q', '-m', 'first');
  return dir;
}

/** The worktrees git knows of in a repository (the main one first). */
export function worktreesOf(repo: string): string[] {
  return git(repo, 'worktree', 'list', '--porcelain')
    .split('\n')
    .filter((l) => l.startsWith('worktree '))
    .map((l) => l.slice(9));
}

/** The argv of `agent spawn` for an agent (a `sleep`, kind custom) in a worktree of its own, without waiting. */
export function worktreeAgentArgv(session: string, name: string, cwd?: string, ...more: string[]): string[] {
  const at = cwd === undefined ? [] : ['--cwd', cwd];
  return [
    'agent',
    'spawn',
    session,
    '--name',
    name,
    '--kind',
    'custom',
    ...at,
    '--worktree',
    '--no-wait',
    ...more,
    '--',
    'sleep',
    '600',
  ];
}
