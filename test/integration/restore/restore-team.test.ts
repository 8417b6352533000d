import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hookedConversation } from '../../../src/agents/hooks/agent-hooks.js';
import { fleetDir, readFleet } from '../../../src/restore/fleet-store.js';
import { runCli } from '../../helpers/built-cli.js';
import { eventually } from '../../helpers/fake-agent-support.js';
import { fakeClaude, fakeLog, fakeStarts } from '../../helpers/fake-cli.js';
import { git, makeRepo, worktreesOf } from '../../helpers/git-repo.js';
import { testServers } from '../../helpers/test-servers.js';

// A team of fake Claude Codes (the fake agent under the name `claude`: tmux-orc gives it a --session-id, its hooks and
// --resume as it does the real one) in worktrees of a real git repository; the tmux server is killed and restore
// brings it back. The real CLIs' resume is tested in test/real-agents/*-restore.test.ts.
const servers = testServers('orc-w16-restore');

interface Restored {
  target: string;
  outcome: string;
  resumed?: string | false;
  briefed?: boolean;
  missingEnv?: string[];
}

/** A fleet file's entries as JSON text, to tell whether anything changed. */
const fleetText = (socketName: string) =>
  readdirSync(fleetDir({ socketName }))
    .sort()
    .map((f) => readFileSync(join(fleetDir({ socketName }), f), 'utf8'))
    .join('\n');

test('a team in worktrees comes back after kill-server: each agent in its worktree, resuming its conversation', async () => {
  const tmux = servers.server();
  const socket = { socketName: tmux.socketName };
  const repo = makeRepo(servers.dir(), 'shop');
  const claude = fakeClaude(servers.dir());
  const log = (name: string) => join(servers.dir(), `${name}.jsonl`);
  const member = (name: string, role: string, more: Record<string, unknown> = {}) => ({
    name,
    role,
    env: { FAKE_LOG: log(name) },
    ...more,
  });
  const teamFile = join(servers.dir(), 'shop-team.json');
  writeFileSync(
    teamFile,
    JSON.stringify({
      name: 'shop-team',
      defaults: { kind: 'claude', command: [claude] },
      agents: [
        member('lead', 'pm'),
        member('dev1', 'developer'),
        // A CLI that forks a new conversation id when it resumes.
        member('dev2', 'developer', { command: [claude, '--fork-on-resume'] }),
        // A secret by its name, and one the team file marks so.
        member('qa', 'qa', {
          env: { FAKE_LOG: log('qa'), API_TOKEN: 'sekrit-value', NOTE: 'marked-value' },
          envSecret: ['NOTE'],
        }),
      ],
    }),
  );
  const cli = (...args: string[]) => runCli<any>(tmux.socketName, args);

  const deployed = await cli('team', 'deploy', teamFile, '--project', 'shop', '--cwd', repo, '--worktrees');
  expect(deployed.envelope).toMatchObject({ ok: true });
  const agents = deployed.envelope.data.agents as Array<{
    name: string;
    branch?: string;
    worktree?: string;
    briefed: boolean;
  }>;
  expect(agents.map((a) => [a.name, a.branch ?? null, a.briefed])).toEqual([
    ['lead', null, true],
    ['dev1', 'tmux-orc/shop/dev1', true],
    ['dev2', 'tmux-orc/shop/dev2', true],
    ['qa', 'tmux-orc/shop/qa', true],
  ]);
  expect(worktreesOf(repo)).toEqual([repo, ...['dev1', 'dev2', 'qa'].map((n) => `${repo}.worktrees/shop/${n}`)]);
  // The briefings say whose branch is which; the PM's lists them all.
  const briefing = (name: string) => fakeLog(log(name)).find((l) => l.text)!.text!;
  expect(briefing('lead')).toContain('- dev2: tmux-orc/shop/dev2');
  expect(briefing('lead')).toContain('tmux-orc agent diff shop:<name>');
  expect(briefing('dev1')).toContain(
    `your own git worktree, ${repo}.worktrees/shop/dev1, on branch tmux-orc/shop/dev1`,
  );
  expect(briefing('dev1')).toContain('- qa (qa): shop:qa, branch tmux-orc/shop/qa');
  // The fleet file: every member, with its team, worktree and conversation; secret values left out.
  const fleet = readFleet(socket);
  expect(fleet.map((e) => [e.name, e.team, e.host, e.role, e.worktree?.branch ?? null])).toEqual([
    ['lead', 'shop-team', 'local', 'pm', null],
    ['dev1', 'shop-team', 'local', 'developer', 'tmux-orc/shop/dev1'],
    ['dev2', 'shop-team', 'local', 'developer', 'tmux-orc/shop/dev2'],
    ['qa', 'shop-team', 'local', 'qa', 'tmux-orc/shop/qa'],
  ]);
  expect(fleet.find((e) => e.name === 'qa')).toMatchObject({
    secretEnv: ['API_TOKEN', 'NOTE'],
    env: { FAKE_LOG: log('qa') },
  });
  expect(fleetText(tmux.socketName)).not.toContain('sekrit-value');
  expect(fleetText(tmux.socketName)).not.toContain('marked-value');
  const first = Object.fromEntries(['lead', 'dev1', 'dev2', 'qa'].map((n) => [n, fakeStarts(log(n))[0]!.session!]));
  for (const e of fleet) expect(e.cliSessionId).toBe(first[e.name]);

  tmux.tmux('kill-server');

  // A dry run says what it would do, and changes nothing: no server, the same fleet file.
  const before = fleetText(tmux.socketName);
  const dry = await cli('restore', '--dry-run');
  expect(dry.envelope.data.agents.map((a: Restored) => [a.target, a.outcome, a.resumed])).toEqual(
    ['lead', 'dev1', 'dev2', 'qa'].map((n) => [`shop:${n}`, 'would-restore', first[n]]),
  );
  expect(() => tmux.tmux('list-sessions')).toThrow();
  expect(fleetText(tmux.socketName)).toBe(before);

  const restored = await cli('restore');
  expect(restored.envelope).toMatchObject({ ok: true });
  const byTarget = (d: { agents: Restored[] }) => Object.fromEntries(d.agents.map((a) => [a.target, a]));
  const back = byTarget(restored.envelope.data);
  for (const n of ['lead', 'dev1', 'dev2', 'qa'])
    expect(back[`shop:${n}`]).toMatchObject({ outcome: 'restored', resumed: first[n] });
  expect(back['shop:qa']!.missingEnv).toEqual(['API_TOKEN', 'NOTE']);
  // Each in its own worktree (the PM in the main checkout), resuming; none briefed again: the conversation has it.
  const path = (n: string) => tmux.tmux('display-message', '-p', '-t', `shop:${n}`, '#{pane_current_path}').trim();
  expect(['lead', 'dev1', 'dev2', 'qa'].map(path)).toEqual([
    repo,
    ...['dev1', 'dev2', 'qa'].map((n) => `${repo}.worktrees/shop/${n}`),
  ]);
  for (const n of ['lead', 'dev1', 'dev2', 'qa']) {
    expect(fakeStarts(log(n)).at(-1)).toMatchObject({ resumed: first[n] });
    expect(fakeLog(log(n)).filter((l) => l.text)).toHaveLength(1);
    expect(back[`shop:${n}`]!.briefed).toBeUndefined();
  }
  // dev2 forked a new id on resume: its hook keeps the record current.
  const forked = fakeStarts(log('dev2')).at(-1)!.session!;
  expect(forked).not.toBe(first.dev2);
  await eventually(
    'the forked id in the record',
    () => hookedConversation({ socket, session: 'shop', name: 'dev2' }) === forked,
  );

  // One agent lost (its window gone without a kill of ours): only it comes back; the others still run.
  tmux.tmux('kill-window', '-t', 'shop:qa');
  const again = byTarget((await cli('restore', '--session', 'shop')).envelope.data);
  expect(Object.values(again).map((a) => [a.target, a.outcome])).toEqual([
    ['shop:lead', 'running'],
    ['shop:dev1', 'running'],
    ['shop:dev2', 'running'],
    ['shop:qa', 'restored'],
  ]);
  expect(again['shop:qa']!.resumed).toBe(first.qa);

  // After a second kill-server, dev2 resumes the conversation it forked to, not the first one.
  tmux.tmux('kill-server');
  const third = byTarget((await cli('restore')).envelope.data);
  expect(third['shop:dev2']).toMatchObject({ outcome: 'restored', resumed: forked });
  expect(third['shop:dev1']).toMatchObject({ outcome: 'restored', resumed: first.dev1 });

  // A team killed on purpose is not restored; its worktrees stay, known to worktree list.
  expect((await cli('team', 'kill', 'shop')).envelope).toMatchObject({ ok: true });
  expect((await cli('restore', '--dry-run')).envelope.data.agents).toEqual([]);
  const listed = (await cli('worktree', 'list')).envelope.data.worktrees as Array<{
    agent: string;
    agentRunning: boolean;
  }>;
  expect(listed.map((w) => [w.agent, w.agentRunning])).toEqual([
    ['shop:dev1', false],
    ['shop:dev2', false],
    ['shop:qa', false],
  ]);
});

test('team deploy --worktrees makes nothing when it fails: not a repository, a branch taken', async () => {
  const tmux = servers.server();
  const claude = fakeClaude(servers.dir());
  const cli = (...args: string[]) => runCli<any>(tmux.socketName, args);
  const notRepo = await cli(
    'team',
    'deploy',
    'frontend',
    '--project',
    'web',
    '--cwd',
    servers.dir(),
    '--worktrees',
    '--no-wait',
    '--',
    claude,
  );
  expect(notRepo).toMatchObject({ status: 1, envelope: { error: { code: 'worktree.notARepo' } } });
  const repo = makeRepo(servers.dir(), 'web');
  // The second developer's branch is taken: the first one's worktree, made already, goes again.
  git(repo, 'branch', 'tmux-orc/web/ui-dev');
  const taken = await cli(
    'team',
    'deploy',
    'frontend',
    '--project',
    'web',
    '--cwd',
    repo,
    '--worktrees',
    '--no-wait',
    '--',
    claude,
  );
  expect(taken).toMatchObject({ status: 1, envelope: { error: { code: 'worktree.branchExists' } } });
  expect(worktreesOf(repo)).toEqual([repo]);
  expect(tmux.tmux('list-sessions', '-F', '#{session_name}').trim()).toBe('keeper');
  expect(readFleet({ socketName: tmux.socketName })).toEqual([]);
});
