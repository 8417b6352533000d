import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { killAgent } from '../../../src/agents/agent-lifecycle.js';
import { spawnAgent } from '../../../src/agents/spawn-agent.js';
import { worktreePath } from '../../../src/worktrees/agent-worktree.js';
import { runCli } from '../../helpers/built-cli.js';
import { codeOf } from '../../helpers/fake-agent-support.js';
import { git, makeRepo, worktreeAgentArgv, worktreesOf } from '../../helpers/git-repo.js';
import { testServers } from '../../helpers/test-servers.js';

const servers = testServers('orc-w16-wterr');

const agentIn = (name: string, cwd: string, worktree: { branch?: string; base?: string } = {}) => ({
  session: 'team',
  name,
  role: 'developer',
  kind: 'custom' as const,
  command: ['sleep', '600'],
  cwd,
  worktree,
  wait: false,
});

/** Nothing of a failed spawn is left: no agent window, no worktree but the main one. */
function nothingLeft(tmux: ReturnType<typeof servers.server>, repo: string): void {
  expect(tmux.tmux('list-sessions', '-F', '#{session_name}').trim()).toBe('keeper');
  expect(worktreesOf(repo)).toEqual([repo]);
}

describe('worktree errors, each with its code and nothing left behind', () => {
  test('worktree.pathTaken: a directory at the path, or a file where its folder goes', async () => {
    const tmux = servers.server();
    const manager = tmux.manager();
    const repo = makeRepo(servers.dir(), 'taken');
    mkdirSync(worktreePath(repo, 'team', 'dev'), { recursive: true });
    writeFileSync(join(worktreePath(repo, 'team', 'dev'), 'theirs.txt'), 'not ours\n');
    expect(await codeOf(spawnAgent(manager, agentIn('dev', repo)))).toBe('worktree.pathTaken');
    expect(readdirSync(worktreePath(repo, 'team', 'dev'))).toEqual(['theirs.txt']);
    // `<repo>.worktrees/other` is a file: the agent's folder cannot be made there.
    writeFileSync(join(`${repo}.worktrees`, 'other'), 'a file\n');
    expect(await codeOf(spawnAgent(manager, { ...agentIn('dev2', repo), session: 'other' }))).toBe(
      'worktree.pathTaken',
    );
    nothingLeft(tmux, repo);
  });

  test('worktree.gitFailed: git itself refuses (its words in the message)', async () => {
    const tmux = servers.server();
    const repo = makeRepo(servers.dir(), 'broken');
    // git keeps its worktrees' records under .git/worktrees: a file there makes every `worktree add` fail.
    writeFileSync(join(repo, '.git', 'worktrees'), 'in the way\n');
    const error = await spawnAgent(tmux.manager(), agentIn('dev', repo)).catch(
      (e: unknown) => e as { code: string; message: string },
    );
    expect(error).toMatchObject({ code: 'worktree.gitFailed', message: expect.stringContaining('git worktree add') });
    expect(tmux.tmux('list-sessions', '-F', '#{session_name}').trim()).toBe('keeper');
  });

  test('worktree.noGit: git is not on the PATH (the built CLI, exit 1)', async () => {
    const tmux = servers.server();
    const repo = makeRepo(servers.dir(), 'nogit');
    // A PATH with tmux alone.
    const bin = join(servers.dir(), 'tmux-only');
    mkdirSync(bin, { recursive: true });
    symlinkSync(execFileSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).trim(), join(bin, 'tmux'));
    const run = await runCli(tmux.socketName, worktreeAgentArgv('team', 'dev', repo), { ...process.env, PATH: bin });
    expect(run).toMatchObject({ status: 1, envelope: { ok: false, error: { code: 'worktree.noGit' } } });
    nothingLeft(tmux, repo);
  });

  test('worktree.none: diff and --remove-worktree of an agent without a worktree', async () => {
    const tmux = servers.server();
    await spawnAgent(tmux.manager(), { ...agentIn('plain', servers.dir()), worktree: undefined });
    const diff = await runCli(tmux.socketName, ['agent', 'diff', 'team:plain']);
    expect(diff).toMatchObject({ status: 1, envelope: { error: { code: 'worktree.none' } } });
    expect(await codeOf(killAgent(tmux.manager(), 'team:plain', { removeWorktree: true }))).toBe('worktree.none');
    expect(tmux.tmux('list-windows', '-t', 'team', '-F', '#{window_name}').trim()).toBe('plain');
  });
});

describe('hostile branch names and bases never become git options or tmux commands', () => {
  const marker = () => join(servers.dir(), 'ran');
  // A leading dash is an option to git; #(...) a command to tmux; `..`, spaces and `@{` are refused by git itself.
  const refused: readonly [string, { branch?: string; base?: string }][] = [
    ['a branch -x', { branch: '-x' }],
    ['a branch --upload-pack=...', { branch: '--upload-pack=touch ran' }],
    ['a branch with spaces and #(...)', { branch: '#(touch ran)' }],
    ['a branch with ..', { branch: 'a..b' }],
    ['a base -x', { base: '-x' }],
    ['a base --upload-pack=...', { base: '--upload-pack=touch ran' }],
    ['a base --output=...', { base: '--output=ran' }],
    ['a base with #(...)', { base: '#(touch ran)' }],
  ];

  test.each(refused)('%s is usage.invalid, before anything is made', async (_, worktree) => {
    const tmux = servers.server();
    const repo = makeRepo(servers.dir(), `refused-${Math.random().toString(16).slice(2, 8)}`);
    expect(await codeOf(spawnAgent(tmux.manager(), agentIn('dev', repo, worktree)))).toBe('usage.invalid');
    nothingLeft(tmux, repo);
    expect(readdirSync(repo)).toEqual(['.git', 'app.txt']);
    expect(readdirSync(servers.dir())).not.toContain('ran');
  });

  test('a branch git takes, with tmux format characters in it, is data: spawn, diff, remove', async () => {
    const tmux = servers.server();
    const manager = tmux.manager();
    const repo = makeRepo(servers.dir(), 'formats');
    const branch = `#(touch${'${IFS}'}${marker()})#{session_name};x`;
    const { agent } = await spawnAgent(manager, agentIn('dev', repo, { branch }));
    expect(agent.worktree!.branch).toBe(branch);
    expect(git(repo, 'branch', '--list', '--format=%(refname:short)').split('\n')).toContain(branch);
    const diff = await runCli(tmux.socketName, ['agent', 'diff', 'team:dev']);
    expect(diff.envelope).toMatchObject({ ok: true, data: { branch, ahead: 0 } });
    expect(await killAgent(manager, 'team:dev', { removeWorktree: true })).toMatchObject({ worktree: { branch } });
    expect(worktreesOf(repo)).toEqual([repo]);
    expect(readdirSync(servers.dir())).not.toContain('ran');
  });
});
