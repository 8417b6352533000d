import { appendFileSync, chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../helpers/built-cli.js';
import { git, makeRepo, worktreeAgentArgv, worktreesOf } from '../../helpers/git-repo.js';
import { startSshLab, type SshLab } from '../../helpers/ssh-lab.js';

// Worktrees of an agent on a remote host (-H): git runs there, over the host's SSH master connection. The lab's host
// is this machine behind its own sshd, so the test can look at the files; to show that git really ran through ssh,
// the CLI gets a PATH without git (a local git would be worktree.noGit), and the host's login puts a git wrapper
// first on its PATH that logs each command.
let lab: SshLab;
let bin: string;
let gitLog: string;

beforeAll(async () => {
  lab = await startSshLab(['alpha'], { prefix: 'orc-w16-rwt' });
  const home = join(lab.dir, 'home-alpha');
  const wrappers = join(lab.dir, 'alpha-bin');
  mkdirSync(wrappers);
  gitLog = join(lab.dir, 'alpha-git.log');
  writeFileSync(join(wrappers, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> ${gitLog}\nexec /usr/bin/git "$@"\n`);
  chmodSync(join(wrappers, 'git'), 0o755);
  appendFileSync(join(home, '.bashrc'), `export PATH=${wrappers}:$PATH\n`);
  // The CLI's own PATH: ssh only.
  bin = join(lab.dir, 'local-bin');
  mkdirSync(bin);
  symlinkSync('/usr/bin/ssh', join(bin, 'ssh'));
  lab.hosts.alpha!.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '600');
}, 30_000);

afterAll(async () => {
  await lab?.close();
});

test('spawn --worktree, diff, a refused removal, list, restore and prune on a remote host, git run there', async () => {
  const host = lab.hosts.alpha!;
  const env = { ...lab.env(), PATH: bin };
  const cli = (...args: string[]) => runCli<any>(host.socketName, ['-H', 'alpha', ...args], env);
  const repo = makeRepo(lab.dir, 'shop');
  const spawn = (name: string) => cli(...worktreeAgentArgv('shop', name, repo));

  const a = await spawn('dev-a');
  expect(a.envelope).toMatchObject({
    ok: true,
    data: {
      agent: { worktree: { repository: repo, branch: 'tmux-orc/shop/dev-a', path: `${repo}.worktrees/shop/dev-a` } },
    },
  });
  expect((await spawn('dev-b')).envelope).toMatchObject({ ok: true });
  const path = (n: string) => `${repo}.worktrees/shop/${n}`;
  expect(worktreesOf(repo)).toEqual([repo, path('dev-a'), path('dev-b')]);
  expect(host.tmux('display-message', '-p', '-t', 'shop:dev-b', '#{pane_current_path}').trim()).toBe(path('dev-b'));
  expect(readFileSync(gitLog, 'utf8')).toContain(`-C ${repo} worktree add -b tmux-orc/shop/dev-a -- ${path('dev-a')}`);

  writeFileSync(join(path('dev-a'), 'app.txt'), 'line one, by a\nline two\n');
  git(path('dev-a'), 'commit', '-q', '-am', 'a: line one');
  writeFileSync(join(path('dev-b'), 'app.txt'), 'line one, by b\nline two\n');

  // A diff is several git commands, all on the host's one master connection: the link carries at most the CLI's own
  // control connection more.
  const before = host.link.connections();
  const gitsBefore = readFileSync(gitLog, 'utf8').split('\n').length;
  const diffB = (await cli('agent', 'diff', 'shop:dev-b', '--patch')).envelope;
  expect(diffB).toMatchObject({
    ok: true,
    data: { ahead: 0, uncommitted: ['app.txt'], files: [{ path: 'app.txt', added: 1, removed: 1 }] },
  });
  expect(diffB.data.patch).toContain('+line one, by b');
  expect(readFileSync(gitLog, 'utf8').split('\n').length - gitsBefore).toBeGreaterThanOrEqual(4);
  expect(host.link.connections() - before).toBeLessThanOrEqual(1);
  expect((await cli('agent', 'diff', 'shop:dev-a')).envelope.data).toMatchObject({
    ahead: 1,
    files: [{ path: 'app.txt', added: 1, removed: 1 }],
  });

  for (const target of ['shop:dev-a', 'shop:dev-b']) {
    expect(await cli('agent', 'kill', target, '--remove-worktree')).toMatchObject({
      status: 1,
      envelope: { error: { code: 'worktree.dirty' } },
    });
  }
  const listed = (await cli('worktree', 'list')).envelope.data.worktrees as Array<{
    agent: string;
    agentRunning: boolean;
    exists: boolean;
  }>;
  expect(listed.map((w) => [w.agent, w.agentRunning, w.exists])).toEqual([
    ['shop:dev-a', true, true],
    ['shop:dev-b', true, true],
  ]);

  // The host's tmux server goes: restore brings both back, each in its worktree there.
  host.tmux('kill-server');
  const restored = (await cli('restore')).envelope;
  expect(restored).toMatchObject({ ok: true });
  expect(
    restored.data.agents.map((r: { target: string; outcome: string; worktreeGone?: boolean }) => [
      r.target,
      r.outcome,
      r.worktreeGone ?? false,
    ]),
  ).toEqual([
    ['shop:dev-a', 'restored', false],
    ['shop:dev-b', 'restored', false],
  ]);
  expect(
    ['dev-a', 'dev-b'].map((n) => host.tmux('display-message', '-p', '-t', `shop:${n}`, '#{pane_current_path}').trim()),
  ).toEqual([path('dev-a'), path('dev-b')]);

  expect((await cli('agent', 'kill', 'shop:dev-b', '--remove-worktree', '--force')).envelope).toMatchObject({
    ok: true,
    data: { worktree: { removed: path('dev-b'), forced: true } },
  });
  expect((await cli('agent', 'kill', 'shop:dev-a')).envelope).toMatchObject({ ok: true });
  expect((await cli('worktree', 'prune')).envelope.data.worktrees).toEqual([
    expect.objectContaining({
      agent: 'shop:dev-a',
      outcome: 'kept',
      error: expect.objectContaining({ code: 'worktree.dirty' }),
    }),
  ]);
  expect((await cli('worktree', 'prune', '--force')).envelope.data.worktrees).toEqual([
    { agent: 'shop:dev-a', path: path('dev-a'), outcome: 'removed' },
  ]);
  expect(worktreesOf(repo)).toEqual([repo]);
  expect(git(repo, 'branch', '--list', 'tmux-orc/*').trim()).toBe('');
}, 60_000);

test('remote errors: --worktree without --cwd, not a repository, a folder that is not there, a path taken', async () => {
  const host = lab.hosts.alpha!;
  const env = { ...lab.env(), PATH: bin };
  const cli = (...args: string[]) => runCli<any>(host.socketName, ['-H', 'alpha', ...args], env);
  // The first test's last kill may have ended the host's server.
  try {
    host.tmux('has-session', '-t', 'keeper');
  } catch {
    host.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '600');
  }
  const spawn = (...more: string[]) => cli(...worktreeAgentArgv('err', 'x', undefined, ...more));
  expect(await spawn()).toMatchObject({ status: 2, envelope: { error: { code: 'usage.invalid' } } });
  const plain = join(lab.dir, 'plain');
  mkdirSync(plain);
  expect(await spawn('--cwd', plain)).toMatchObject({ status: 1, envelope: { error: { code: 'worktree.notARepo' } } });
  expect(await spawn('--cwd', join(lab.dir, 'no-such-folder'))).toMatchObject({
    status: 1,
    envelope: { error: { code: 'worktree.notARepo' } },
  });
  // A file where the worktree's folder goes (git makes the folders there): the path is taken, and nothing is left.
  const repo = makeRepo(lab.dir, 'blocked');
  writeFileSync(`${repo}.worktrees`, 'in the way\n');
  expect(await spawn('--cwd', repo)).toMatchObject({ status: 1, envelope: { error: { code: 'worktree.pathTaken' } } });
  expect(worktreesOf(repo)).toEqual([repo]);
  expect(git(repo, 'branch', '--list', 'tmux-orc/*').trim()).toBe('');
  expect(host.tmux('list-sessions', '-F', '#{session_name}').trim()).toBe('keeper');
}, 60_000);
