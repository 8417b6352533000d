import { join } from 'node:path';
import { agentStatuses } from '../../../src/agents/agent-status.js';
import { findAgent } from '../../../src/agents/find-agent.js';
import { readBriefing } from '../../../src/agents/read-briefing.js';
import { spawnAgent } from '../../../src/agents/spawn-agent.js';
import { fakeAgentArgv, testServers } from '../../helpers/test-servers.js';
import { sleep, loggedMessages as logged, codeOf } from '../../helpers/fake-agent-support.js';

const servers = testServers('orc-spawn');
const server = () => servers.server();
const fake = fakeAgentArgv;

describe('spawnAgent', () => {
  test('creates the session when it is missing, waits for the idle screen and reports ready', async () => {
    const tmux = server();
    const manager = tmux.manager();
    const log = join(servers.dir(), 'create.jsonl');
    const started = Date.now();
    const result = await spawnAgent(manager, {
      session: 'proj',
      name: 'dev',
      role: 'developer',
      kind: 'claude',
      command: fake('claude', log, '--ready-ms', '400'),
    });
    // It waited for the program's first idle screen, which the fake draws after 400 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(result).toMatchObject({
      ready: true,
      state: 'idle',
      agent: { target: 'proj:dev', session: 'proj', name: 'dev', windowIndex: 0 },
    });
    expect(result.briefing).toBeUndefined();
    expect(tmux.tmux('list-sessions', '-F', '#{session_name}').trim().split('\n').sort()).toEqual(['keeper', 'proj']);
    const [status] = await agentStatuses(manager, [result.agent]);
    expect(status!.state).toBe('idle');
  });

  test('adds a window to an existing session, after the windows already there', async () => {
    const tmux = server();
    // A fixed name: automatic-rename may still show the forked "tmux" before sleep has been exec'd.
    tmux.tmux('new-session', '-d', '-s', 'proj', '-n', 'first', 'sleep', '600');
    const manager = tmux.manager();
    const result = await spawnAgent(manager, {
      session: 'proj',
      name: 'dev',
      role: 'developer',
      kind: 'codex',
      command: fake('codex', join(servers.dir(), 'existing.jsonl')),
    });
    expect(result).toMatchObject({ ready: true, agent: { target: 'proj:dev', windowIndex: 1, kind: 'codex' } });
    expect(tmux.tmux('list-windows', '-t', 'proj', '-F', '#{window_name}').trim().split('\n')).toEqual([
      'first',
      'dev',
    ]);
  });

  test('keeps its metadata in window options, which a new manager (a restarted tmux-orc) reads back', async () => {
    const tmux = server();
    const log = join(servers.dir(), 'meta.jsonl');
    const command = fake('gemini', log);
    const env = { ORC_TOKEN: 'not secret, but visible', EMPTY: '', MULTI: 'a\nb' };
    // Newlines, a tab and tmux-orc's own field separator must not break the one-line-per-pane snapshot.
    const briefing = 'check everything\n\n\tthen report\x1f done';
    await spawnAgent(tmux.manager(), {
      session: 'proj',
      name: 'qa-1',
      role: 'qa',
      kind: 'gemini',
      command,
      cwd: servers.dir(),
      env,
      briefing,
    });
    // A fresh manager on the same server has nothing but tmux to go on.
    const fresh = tmux.manager();
    const agent = await findAgent(fresh, 'proj:qa-1');
    expect(agent).toMatchObject({
      target: 'proj:qa-1',
      name: 'qa-1',
      role: 'qa',
      kind: 'gemini',
      command,
      cwd: servers.dir(),
      env,
      managed: true,
    });
    // The briefing is kept too, but read only when asked for: every snapshot would carry it otherwise.
    expect(agent.briefing).toBeUndefined();
    expect(await readBriefing(fresh, agent.windowId)).toBe(briefing);
    expect((await fresh.snapshot()).sessions.map((s) => s.name).sort()).toEqual(['keeper', 'proj']);
    expect(Date.parse(agent.created!)).toBeGreaterThan(Date.now() - 60_000);
    // The metadata is plain window options: anyone with access to the server can read them, env values included.
    const options = tmux.tmux('show-options', '-w', '-t', 'proj:qa-1');
    expect(options).toContain('@tmux-orc-role qa');
    expect(options).toContain('ORC_TOKEN');
    expect(tmux.tmux('show-options', '-wv', '-t', 'proj:qa-1', 'remain-on-exit').trim()).toBe('on');
    expect(tmux.tmux('show-options', '-wv', '-t', 'proj:qa-1', 'automatic-rename').trim()).toBe('off');
  });

  test('delivers a multi-line briefing exactly once, after the agent is ready', async () => {
    const tmux = server();
    const log = join(servers.dir(), 'brief.jsonl');
    const briefing = 'You are dev.\n\nYour task:\n  - write the tests\n  - report to the PM';
    const result = await spawnAgent(tmux.manager(), {
      session: 'proj',
      name: 'dev',
      role: 'developer',
      kind: 'claude',
      command: fake('claude', log),
      briefing,
    });
    expect(result.briefing).toMatchObject({ method: 'paste', submitted: true });
    // Give a duplicate time to show up before counting.
    await sleep(400);
    expect(logged(log)).toEqual([briefing]);
  });

  test('passes --env to the program', async () => {
    const tmux = server();
    const program =
      'console.log("ORC_X=" + process.env.ORC_X + "|ORC_Y=" + process.env.ORC_Y); setInterval(() => {}, 60000);';
    const result = await spawnAgent(tmux.manager(), {
      session: 'proj',
      name: 'printer',
      role: 'helper',
      kind: 'custom',
      command: [process.execPath, '-e', program],
      env: { ORC_X: 'two words', ORC_Y: `it's "quoted" $HOME` },
    });
    expect(result.ready).toBe(true);
    expect(tmux.tmux('capture-pane', '-p', '-t', 'proj:printer')).toContain(
      `ORC_X=two words|ORC_Y=it's "quoted" $HOME`,
    );
  });

  test('rejects a second agent with the same name in the session', async () => {
    const tmux = server();
    const manager = tmux.manager();
    await spawnAgent(manager, {
      session: 'proj',
      name: 'dev',
      role: 'developer',
      kind: 'claude',
      command: fake('claude', join(servers.dir(), 'dup.jsonl')),
    });
    expect(
      await codeOf(
        spawnAgent(manager, {
          session: 'proj',
          name: 'dev',
          role: 'qa',
          kind: 'claude',
          command: fake('claude', join(servers.dir(), 'dup2.jsonl')),
        }),
      ),
    ).toBe('agent.exists');
    expect(tmux.tmux('list-windows', '-t', 'proj', '-F', '#{window_name}').trim()).toBe('dev');
  });

  test.each(['', 'two words', 'a:b', 'a.b', '-lead', 'x'.repeat(65)])(
    'rejects the agent name %j with usage.invalid',
    async (name) => {
      const tmux = server();
      const manager = tmux.manager();
      expect(
        await codeOf(
          spawnAgent(manager, { session: 'proj', name, role: 'developer', kind: 'claude', command: ['sleep', '30'] }),
        ),
      ).toBe('usage.invalid');
      expect((await manager.snapshot()).sessions.map((s) => s.name)).toEqual(['keeper']);
    },
  );

  test('rejects a role or working directory with control characters', async () => {
    const manager = server().manager();
    expect(
      await codeOf(
        spawnAgent(manager, {
          session: 'proj',
          name: 'dev',
          role: 'dev\nops',
          kind: 'claude',
          command: ['sleep', '30'],
        }),
      ),
    ).toBe('usage.invalid');
    expect(
      await codeOf(
        spawnAgent(manager, {
          session: 'proj',
          name: 'dev',
          role: 'dev',
          cwd: '/tmp\n',
          kind: 'claude',
          command: ['sleep', '30'],
        }),
      ),
    ).toBe('usage.invalid');
  });

  test('rejects a session name tmux would rewrite', async () => {
    const manager = server().manager();
    expect(
      await codeOf(
        spawnAgent(manager, {
          session: 'a.b',
          name: 'dev',
          role: 'developer',
          kind: 'claude',
          command: ['sleep', '30'],
        }),
      ),
    ).toBe('usage.invalid');
  });

  test('fails with agent.notReady when no idle screen comes, and leaves the program running', async () => {
    const tmux = server();
    const manager = tmux.manager();
    const code = await codeOf(
      spawnAgent(manager, {
        session: 'proj',
        name: 'mute',
        role: 'developer',
        kind: 'claude',
        command: ['sleep', '30'],
        readyTimeoutMs: 500,
      }),
    );
    expect(code).toBe('agent.notReady');
    const agent = await findAgent(manager, 'proj:mute');
    const [status] = await agentStatuses(manager, [agent]);
    expect(status!.state).toBe('starting');
    // afterEach kills the server, and with it the sleep.
  });

  test('returns at once with wait: false', async () => {
    const tmux = server();
    const result = await spawnAgent(tmux.manager(), {
      session: 'proj',
      name: 'dev',
      role: 'developer',
      kind: 'claude',
      command: fake('claude', join(servers.dir(), 'nowait.jsonl'), '--ready-ms', '2000'),
      wait: false,
    });
    expect(result).toMatchObject({ ready: false, state: 'starting' });
  });
});
