import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { killAgent } from '../../../src/agents/agent-lifecycle.js';
import { findAgent } from '../../../src/agents/find-agent.js';
import { spawnAgent } from '../../../src/agents/spawn-agent.js';
import { readFleet } from '../../../src/restore/fleet-store.js';
import { worktreeDiff } from '../../../src/worktrees/worktree-diff.js';
import { codeOf } from '../../helpers/fake-agent-support.js';
import { testServers } from '../../helpers/test-servers.js';

const servers = testServers('orc-w16-wt');
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  });

/** A git repository of its own with one commit of app.txt. */
function repo(name: string): string {
  const dir = join(servers.dir(), name);
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'app.txt'), 'line one\nline two\n');
  git(dir, 'add', 'app.txt');
  git(dir, 'commit', '-q', '-m', 'first');
  return dir;
}

const agentIn = (session: string, name: string, cwd: string, worktree: { branch?: string; base?: string } = {}) => ({
  session,
  name,
  role: 'developer',
  kind: 'custom' as const,
  command: ['sleep', '600'],
  cwd,
  worktree,
});

describe('an agent in a git worktree of its own', () => {
  test("two agents change the same file in their own worktrees; diff shows each one's change; removal refuses dirty work", async () => {
    const tmux = servers.server();
    const manager = tmux.manager();
    const dir = repo('shop');
    const { agent: a } = await spawnAgent(manager, agentIn('team', 'dev-a', dir));
    const { agent: b } = await spawnAgent(manager, agentIn('team', 'dev-b', dir));
    expect(a.worktree).toMatchObject({
      repository: dir,
      branch: 'tmux-orc/team/dev-a',
      base: 'HEAD',
      path: `${dir}.worktrees/team/dev-a`,
    });
    // The agents run there.
    expect(tmux.tmux('display-message', '-p', '-t', b.paneId, '#{pane_current_path}').trim()).toBe(b.worktree!.path);
    // Both change the same line: no conflict, each in its own tree.
    writeFileSync(join(a.worktree!.path, 'app.txt'), 'line one, by a\nline two\n');
    git(a.worktree!.path, 'commit', '-q', '-am', 'a changes line one');
    writeFileSync(join(b.worktree!.path, 'app.txt'), 'line one, by b\nline two\nline three\n');
    writeFileSync(join(b.worktree!.path, 'new.txt'), 'untracked\n');
    expect(readFileSync(join(dir, 'app.txt'), 'utf8')).toBe('line one\nline two\n');

    const found = await findAgent(tmux.manager(), 'team:dev-a');
    expect(found.worktree).toEqual(a.worktree);
    expect(await worktreeDiff(found.worktree!)).toMatchObject({
      ahead: 1,
      behind: 0,
      files: [{ path: 'app.txt', added: 1, removed: 1 }],
      uncommitted: [],
    });
    const diffB = await worktreeDiff(b.worktree!, { patch: true });
    expect(diffB).toMatchObject({ ahead: 0, uncommitted: expect.arrayContaining(['app.txt', 'new.txt']) });
    expect(diffB.files).toEqual(
      expect.arrayContaining([
        { path: 'app.txt', added: 2, removed: 1 },
        { path: 'new.txt', added: 1, removed: 0 },
      ]),
    );
    expect(diffB.patch).toContain('+line one, by b');

    // Unmerged commits or uncommitted changes: nothing is killed or removed without --force.
    expect(await codeOf(killAgent(manager, 'team:dev-a', { removeWorktree: true }))).toBe('worktree.dirty');
    expect(await codeOf(killAgent(manager, 'team:dev-b', { removeWorktree: true }))).toBe('worktree.dirty');
    expect(existsSync(a.worktree!.path)).toBe(true);
    expect((await findAgent(manager, 'team:dev-a')).name).toBe('dev-a');
    expect(await killAgent(manager, 'team:dev-b', { removeWorktree: true, force: true })).toMatchObject({
      killed: 'team:dev-b',
      worktree: { removed: b.worktree!.path, forced: true },
    });
    expect(existsSync(b.worktree!.path)).toBe(false);
    expect(git(dir, 'branch', '--list', 'tmux-orc/team/dev-b').trim()).toBe('');
    // The fleet file forgets a killed agent (a restore must not bring it back), and still knows the other.
    expect(readFleet(manager.socket).map((e) => e.name)).toEqual(['dev-a']);
  });

  test('a clean worktree is removed with its agent', async () => {
    const tmux = servers.server();
    const manager = tmux.manager();
    const dir = repo('clean');
    const { agent } = await spawnAgent(manager, agentIn('team', 'dev', dir, { branch: 'feature/x' }));
    expect(agent.worktree!.branch).toBe('feature/x');
    expect(await killAgent(manager, 'team:dev', { removeWorktree: true })).toMatchObject({
      worktree: { branch: 'feature/x', forced: false },
    });
    expect(existsSync(agent.worktree!.path)).toBe(false);
  });

  test('errors: not a repository, a branch that exists, a base that is not a commit; nothing is left behind', async () => {
    const tmux = servers.server();
    const manager = tmux.manager();
    const plain = join(servers.dir(), 'not-a-repo');
    mkdirSync(plain, { recursive: true });
    expect(await codeOf(spawnAgent(manager, agentIn('team', 'x', plain)))).toBe('worktree.notARepo');
    const dir = repo('errs');
    git(dir, 'branch', 'taken');
    expect(await codeOf(spawnAgent(manager, agentIn('team', 'y', dir, { branch: 'taken' })))).toBe(
      'worktree.branchExists',
    );
    expect(await codeOf(spawnAgent(manager, agentIn('team', 'z', dir, { base: 'no-such-ref' })))).toBe('usage.invalid');
    expect(await codeOf(spawnAgent(manager, agentIn('team', 'w', dir, { branch: '-evil' })))).toBe('usage.invalid');
    expect(tmux.tmux('list-sessions', '-F', '#{session_name}').trim()).toBe('keeper');
    expect(git(dir, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });
});
