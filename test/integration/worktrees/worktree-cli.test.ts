import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFleet } from '../../../src/restore/fleet-store.js';
import { runCli } from '../../helpers/built-cli.js';
import { git, makeRepo, worktreeAgentArgv, worktreesOf } from '../../helpers/git-repo.js';
import { testServers } from '../../helpers/test-servers.js';

// The worktree commands as a user runs them (the built CLI, --json): spawn --worktree, agent diff, kill
// --remove-worktree, worktree list and prune, on real git repositories made by the test.
const servers = testServers('orc-w16-wtcli');

interface Diff {
  target: string;
  branch: string;
  ahead: number;
  behind: number;
  files: Array<{ path: string; added?: number; removed?: number }>;
  uncommitted: string[];
  patch?: string;
}

test('two agents change the same file in their worktrees; diff, a refused removal, list and prune', async () => {
  const tmux = servers.server();
  const cli = (...args: string[]) => runCli<any>(tmux.socketName, args);
  const repo = makeRepo(servers.dir(), 'shop');
  const spawn = (name: string) => cli(...worktreeAgentArgv('team', name, repo));
  const a = await spawn('dev-a');
  const b = await spawn('dev-b');
  expect(a.envelope).toMatchObject({
    ok: true,
    data: { agent: { worktree: { branch: 'tmux-orc/team/dev-a', repository: repo } } },
  });
  const pathA = a.envelope.data.agent.worktree.path as string;
  const pathB = b.envelope.data.agent.worktree.path as string;
  expect(worktreesOf(repo)).toEqual([repo, pathA, pathB]);

  // The same line of the same file, each in its own tree: no conflict, the main checkout untouched.
  writeFileSync(join(pathA, 'app.txt'), 'line one, by a\nline two\n');
  git(pathA, 'commit', '-q', '-am', 'a: line one');
  writeFileSync(join(pathB, 'app.txt'), 'line one, by b\nline two\n');
  expect(readFileSync(join(repo, 'app.txt'), 'utf8')).toBe('line one\nline two\n');

  const diffA = (await cli('agent', 'diff', 'team:dev-a')).envelope;
  expect(diffA).toMatchObject({
    ok: true,
    data: {
      target: 'team:dev-a',
      branch: 'tmux-orc/team/dev-a',
      ahead: 1,
      behind: 0,
      uncommitted: [],
      files: [{ path: 'app.txt', added: 1, removed: 1 }],
    },
  });
  expect((diffA.data as Diff).patch).toBeUndefined();
  const diffB = (await cli('agent', 'diff', 'team:dev-b', '--patch')).envelope.data as Diff;
  expect(diffB).toMatchObject({
    ahead: 0,
    uncommitted: ['app.txt'],
    files: [{ path: 'app.txt', added: 1, removed: 1 }],
  });
  expect(diffB.patch).toContain('+line one, by b');
  expect(diffB.patch).not.toContain('by a');

  // Committed but unmerged work, and uncommitted work: both refused, nothing killed or removed.
  for (const target of ['team:dev-a', 'team:dev-b']) {
    const refused = await cli('agent', 'kill', target, '--remove-worktree');
    expect(refused).toMatchObject({ status: 1, envelope: { ok: false, error: { code: 'worktree.dirty' } } });
  }
  expect(existsSync(pathA) && existsSync(pathB)).toBe(true);
  expect(tmux.tmux('list-windows', '-t', 'team', '-F', '#{window_name}').trim().split('\n')).toEqual([
    'dev-a',
    'dev-b',
  ]);

  // A plain kill keeps the worktree, which worktree list still knows, its agent gone.
  expect((await cli('agent', 'kill', 'team:dev-a')).envelope).toMatchObject({
    ok: true,
    data: { killed: 'team:dev-a' },
  });
  const listed = (await cli('worktree', 'list')).envelope.data.worktrees as Array<{
    agent: string;
    agentRunning: boolean;
    exists: boolean;
    path: string;
  }>;
  expect(listed.map((w) => [w.agent, w.agentRunning, w.exists, w.path])).toEqual([
    ['team:dev-a', false, true, pathA],
    ['team:dev-b', true, true, pathB],
  ]);

  // prune touches only the agent that is gone, and keeps its unmerged commit until --force.
  expect((await cli('worktree', 'prune', '--dry-run')).envelope.data.worktrees).toEqual([
    { agent: 'team:dev-a', path: pathA, outcome: 'would-remove' },
  ]);
  const kept = (await cli('worktree', 'prune')).envelope.data.worktrees;
  expect(kept).toEqual([
    expect.objectContaining({
      agent: 'team:dev-a',
      outcome: 'kept',
      error: expect.objectContaining({ code: 'worktree.dirty' }),
    }),
  ]);
  expect(existsSync(pathA)).toBe(true);
  const forced = (await cli('worktree', 'prune', '--force')).envelope.data.worktrees;
  expect(forced).toEqual([{ agent: 'team:dev-a', path: pathA, outcome: 'removed' }]);
  expect(existsSync(pathA)).toBe(false);
  expect(git(repo, 'branch', '--list', 'tmux-orc/team/dev-a').trim()).toBe('');
  expect(readFleet({ socketName: tmux.socketName }).map((e) => e.name)).toEqual(['dev-b']);

  // --force removes uncommitted work with its agent.
  expect((await cli('agent', 'kill', 'team:dev-b', '--remove-worktree', '--force')).envelope).toMatchObject({
    ok: true,
    data: { killed: 'team:dev-b', worktree: { removed: pathB, branch: 'tmux-orc/team/dev-b', forced: true } },
  });
  expect(worktreesOf(repo)).toEqual([repo]);
});

test('a worktree deleted by hand: diff says worktree.gone, removal and prune clean up what is left', async () => {
  const tmux = servers.server();
  const cli = (...args: string[]) => runCli<any>(tmux.socketName, args);
  const repo = makeRepo(servers.dir(), 'gone');
  const spawn = (name: string) => cli(...worktreeAgentArgv('team', name, repo));
  const one = (await spawn('one')).envelope.data.agent.worktree.path as string;
  const two = (await spawn('two')).envelope.data.agent.worktree.path as string;
  rmSync(one, { recursive: true, force: true });
  rmSync(two, { recursive: true, force: true });

  expect(await cli('agent', 'diff', 'team:one')).toMatchObject({
    status: 1,
    envelope: { error: { code: 'worktree.gone' } },
  });
  // Nothing uncommitted can be left in a folder that is gone, and the branch has no commits of its own: removed.
  expect((await cli('agent', 'kill', 'team:one', '--remove-worktree')).envelope).toMatchObject({
    ok: true,
    data: { worktree: { removed: one, forced: false } },
  });
  expect((await cli('agent', 'kill', 'team:two')).envelope).toMatchObject({ ok: true });
  expect((await cli('worktree', 'prune')).envelope.data.worktrees).toEqual([
    { agent: 'team:two', path: two, outcome: 'removed' },
  ]);
  expect(worktreesOf(repo)).toEqual([repo]);
  expect(git(repo, 'branch', '--list', 'tmux-orc/*').trim()).toBe('');
});

test('a staged rename is one uncommitted file, under its new name', async () => {
  const tmux = servers.server();
  const cli = (...args: string[]) => runCli<any>(tmux.socketName, args);
  const repo = makeRepo(servers.dir(), 'renames');
  const spawned = await cli(...worktreeAgentArgv('team', 'mover', repo));
  const path = spawned.envelope.data.agent.worktree.path as string;
  git(path, 'mv', 'app.txt', 'moved.txt');
  const diff = (await cli('agent', 'diff', 'team:mover')).envelope.data as Diff;
  expect(diff.uncommitted).toEqual(['moved.txt']);
  expect(diff.files).toEqual([{ path: 'moved.txt', added: 0, removed: 0 }]);
});
