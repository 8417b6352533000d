import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProgram, type RunState } from '../../../cli/build-program.js';
import type { Envelope } from '../../../cli/envelope.js';
import { spawnAgent } from '../../../src/agents/spawn-agent.js';
import { deployTeam } from '../../../src/teams/deploy-team.js';
import type { TMUXManager } from '../../../src/manager/tmux-manager.js';
import { privateTmux, type PrivateTmux } from '../../helpers/private-tmux.js';
import { testServers } from '../../helpers/test-servers.js';
import { FAKE_AGENT, sleep, loggedMessages as logged, eventually } from '../../helpers/fake-agent-support.js';

const FAKE = FAKE_AGENT;
const servers = testServers('orc-team');
const server = () => servers.server();

/** The fake agent's argv, fast, logging to its own file. */
function fake(log: string): string[] {
  return [process.execPath, FAKE, '--kind', 'claude', '--log', log, '--ready-ms', '50', '--busy-ms', '100'];
}

/** Runs the CLI in-process with --json; returns the exit code and the envelope it printed. */
async function cli(
  manager: TMUXManager,
  ...argv: string[]
): Promise<{ exitCode: number; envelope: Envelope<any>; state: RunState }> {
  let printed = '';
  const state = await runProgram(['--json', ...argv], {
    manager,
    stdout: (t) => (printed += t),
    stderr: () => undefined,
  });
  return { exitCode: state.exitCode, envelope: JSON.parse(printed) as Envelope<any>, state };
}

/** Runs the CLI and returns the data of a successful envelope, failing the test otherwise. */
async function ok(manager: TMUXManager, ...argv: string[]): Promise<any> {
  const { exitCode, envelope } = await cli(manager, ...argv);
  if (!envelope.ok) throw new Error(`${argv.join(' ')} failed: ${JSON.stringify(envelope.error)}`);
  expect(exitCode).toBe(0);
  return envelope.data;
}

/** Runs the CLI and returns the error code and exit code of a failed envelope. */
async function failure(manager: TMUXManager, ...argv: string[]): Promise<{ code: string; exitCode: number }> {
  const { exitCode, envelope } = await cli(manager, ...argv);
  if (envelope.ok) throw new Error(`${argv.join(' ')} succeeded: ${JSON.stringify(envelope.data)}`);
  return { code: envelope.error.code, exitCode };
}

/** Writes a team file whose members each log to their own file; the PM is deliberately not listed first. */
function crewFile(name: string): { file: string; logs: Record<string, string> } {
  const logs = Object.fromEntries(
    ['dev1', 'lead', 'dev2', 'qa'].map((m) => [m, join(servers.dir(), `${name}-${m}.jsonl`)]),
  );
  const spec = {
    name,
    description: 'two developers, QA and a PM',
    defaults: { kind: 'claude', env: { TEAM: name } },
    agents: [
      { name: 'dev1', role: 'developer', command: fake(logs.dev1!), briefing: 'You own the parser.' },
      { name: 'lead', role: 'pm', command: fake(logs.lead!) },
      { name: 'dev2', role: 'developer', command: fake(logs.dev2!) },
      { name: 'qa', role: 'qa', command: fake(logs.qa!) },
    ],
  };
  const file = join(servers.dir(), `${name}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return { file, logs };
}

/** Waits until every agent of the team reads idle (a briefing or message leaves them busy for a moment). */
async function allIdle(manager: TMUXManager, session: string, count: number): Promise<any> {
  let data: any;
  await eventually(`${count} idle agents in ${session}`, async () => {
    data = await ok(manager, 'team', 'status', session);
    return data.counts.idle === count;
  });
  return data;
}

describe('team deploy', () => {
  test('deploys a template cut to --size 3 with a given program: ready, briefed once each, the PM first', async () => {
    const tmux = server();
    const manager = tmux.manager();
    const log = join(servers.dir(), 'template.jsonl');
    const data = await ok(
      manager,
      'team',
      'deploy',
      'frontend',
      '--project',
      'shop',
      '--size',
      '3',
      '--',
      ...fake(log),
    );
    expect(data.session).toBe('shop');
    expect(data.agents.map((a: any) => [a.name, a.role, a.ready, a.briefed])).toEqual([
      ['pm', 'pm', true, true],
      ['frontend-dev', 'developer', true, true],
      ['ui-dev', 'developer', true, true],
    ]);
    expect(tmux.tmux('list-windows', '-t', 'shop', '-F', '#{window_index} #{window_name}').trim().split('\n')).toEqual([
      '0 pm',
      '1 frontend-dev',
      '2 ui-dev',
    ]);
    // All three share one log here: one briefing each, each naming its agent and the roster.
    await sleep(300);
    const briefings = logged(log);
    expect(briefings).toHaveLength(3);
    for (const name of ['pm', 'frontend-dev', 'ui-dev']) {
      const mine = briefings.filter((b) => b.startsWith(`You are ${name} in team shop.`));
      expect(mine).toHaveLength(1);
      expect(mine[0]).toContain('- ui-dev (developer): shop:ui-dev');
    }
    expect(briefings.find((b) => b.startsWith('You are ui-dev'))).toContain(
      'Report to the PM with: tmux-orc agent send shop:pm',
    );
  });

  test('--size larger than the template adds developers; --no-wait returns before they are ready', async () => {
    const tmux = server();
    const manager = tmux.manager();
    const data = await ok(
      manager,
      'team',
      'deploy',
      'testing',
      '--project',
      'big',
      '--size',
      '6',
      '--no-wait',
      '--',
      ...fake(join(servers.dir(), 'big.jsonl')),
    );
    expect(data.agents.map((a: any) => a.name)).toEqual(['pm', 'qa', 'qa-automation', 'test-dev', 'dev-1', 'dev-2']);
    expect(data.agents.every((a: any) => a.briefed === false)).toBe(true);
  });

  test('deploys a team file with per-member commands and environment, the PM moved first', async () => {
    const tmux = server();
    const manager = tmux.manager();
    const { file, logs } = crewFile('crew');
    const data = await ok(manager, 'team', 'deploy', file, '--project', 'crew');
    expect(data.agents.map((a: any) => `${a.target}:${a.role}`)).toEqual([
      'crew:lead:pm',
      'crew:dev1:developer',
      'crew:dev2:developer',
      'crew:qa:qa',
    ]);
    expect(tmux.tmux('display-message', '-p', '-t', 'crew:0', '#{window_name}').trim()).toBe('lead');
    await sleep(300);
    for (const [name, log] of Object.entries(logs)) {
      expect(logged(log)).toHaveLength(1);
      expect(logged(log)[0]).toMatch(new RegExp(`^You are ${name} in team crew\\.`));
    }
    expect(logged(logs.dev1!)[0]).toContain('You own the parser.');
    const info = await ok(manager, 'agent', 'info', 'crew:qa');
    expect(info.agent).toMatchObject({ role: 'qa', env: { TEAM: 'crew' }, command: fake(logs.qa!) });
  });
});

describe('a deployed team', () => {
  let tmux: PrivateTmux;
  let manager: TMUXManager;
  let logs: Record<string, string>;

  // One team for the read-mostly tests below; the server goes in afterAll, whatever happens.
  beforeAll(async () => {
    tmux = privateTmux('orc-team-shared');
    tmux.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '600');
    manager = tmux.manager();
    const crew = crewFile('shared');
    logs = crew.logs;
    await ok(manager, 'team', 'deploy', crew.file, '--project', 'shared');
  });

  afterAll(async () => {
    await tmux.kill();
  });

  /** What each agent received after its briefing. */
  const received = () => Object.fromEntries(Object.entries(logs).map(([name, log]) => [name, logged(log).slice(1)]));

  test('team status counts the agents by state', async () => {
    const data = await allIdle(manager, 'shared', 4);
    expect(data.counts).toEqual({ idle: 4 });
    expect(data.agents.map((a: any) => a.name)).toEqual(['lead', 'dev1', 'dev2', 'qa']);
  });

  test('team list shows the team with its size, roles and PM, and not sessions without agents', async () => {
    const data = await ok(manager, 'team', 'list');
    expect(data.teams).toEqual([{ session: 'shared', agents: 4, roles: ['pm', 'developer', 'qa'], pm: 'shared:lead' }]);
  });

  test('broadcast reaches each chosen agent exactly once: all, one role, all but the excluded', async () => {
    await allIdle(manager, 'shared', 4);
    const all = await ok(manager, 'team', 'broadcast', 'shared', 'to everyone');
    expect(all).toMatchObject({ delivered: 4, failed: 0 });
    await allIdle(manager, 'shared', 4);
    const devs = await ok(manager, 'team', 'broadcast', 'shared', 'to developers', '--role', 'developer');
    expect(devs.results.map((r: any) => r.target).sort()).toEqual(['shared:dev1', 'shared:dev2']);
    await allIdle(manager, 'shared', 4);
    const rest = await ok(
      manager,
      'team',
      'broadcast',
      'shared',
      'to the rest\nof you',
      '--exclude',
      'dev1',
      'shared:qa',
    );
    expect(rest.delivered).toBe(2);
    await allIdle(manager, 'shared', 4);
    expect(received()).toEqual({
      lead: ['to everyone', 'to the rest\nof you'],
      dev1: ['to everyone', 'to developers'],
      dev2: ['to everyone', 'to developers', 'to the rest\nof you'],
      qa: ['to everyone'],
    });
    expect(await failure(manager, 'team', 'broadcast', 'shared', 'nobody', '--role', 'devops')).toEqual({
      code: 'agent.notFound',
      exitCode: 1,
    });
  });

  test('pm message and pm checkin reach the PM only', async () => {
    await allIdle(manager, 'shared', 4);
    const before = received();
    expect(await ok(manager, 'pm', 'message', 'how far along are we?')).toMatchObject({
      target: 'shared:lead',
      submitted: true,
    });
    await allIdle(manager, 'shared', 4);
    const checkin = await ok(manager, 'pm', 'checkin', '--session', 'shared');
    expect(checkin).toMatchObject({ target: 'shared:lead', submitted: true });
    expect(checkin.message).toMatch(/^Check-in for team shared/);
    expect(checkin.message).toContain('- dev1 (developer): idle');
    expect(checkin.message).toContain('- qa (qa): idle');
    await allIdle(manager, 'shared', 4);
    const after = received();
    expect(after.lead!.slice(before.lead!.length)).toEqual(['how far along are we?', checkin.message]);
    for (const name of ['dev1', 'dev2', 'qa']) expect(after[name]).toEqual(before[name]);
  });

  test('deploying into a session that exists is tmux.sessionExists, and leaves it alone', async () => {
    const { file } = crewFile('again');
    expect(await failure(manager, 'team', 'deploy', file, '--project', 'shared')).toEqual({
      code: 'tmux.sessionExists',
      exitCode: 1,
    });
    expect(tmux.tmux('list-windows', '-t', 'shared', '-F', '#{window_name}').trim().split('\n')).toEqual([
      'lead',
      'dev1',
      'dev2',
      'qa',
    ]);
  });

  test('team status and kill of a session without agents are team.notFound; of no session, tmux.sessionNotFound', async () => {
    expect(await failure(manager, 'team', 'status', 'keeper')).toEqual({ code: 'team.notFound', exitCode: 1 });
    expect(await failure(manager, 'team', 'kill', 'keeper')).toEqual({ code: 'team.notFound', exitCode: 1 });
    expect(await failure(manager, 'team', 'status', 'nosuch')).toEqual({ code: 'tmux.sessionNotFound', exitCode: 1 });
    expect(tmux.tmux('has-session', '-t', 'keeper')).toBe('');
  });
});

describe('team and PM errors', () => {
  test('an unknown template or a missing team file is team.templateNotFound', async () => {
    const manager = server().manager();
    expect(await failure(manager, 'team', 'deploy', 'nosuch', '--project', 'x')).toEqual({
      code: 'team.templateNotFound',
      exitCode: 1,
    });
    expect(await failure(manager, 'team', 'deploy', join(servers.dir(), 'missing.json'), '--project', 'x')).toEqual({
      code: 'team.templateNotFound',
      exitCode: 1,
    });
  });

  test.each([
    ['bad JSON', '{"agents": [ {"name": "pm", "role": "pm"} '],
    [
      'duplicate names',
      JSON.stringify({
        agents: [
          { name: 'dev', role: 'pm' },
          { name: 'dev', role: 'developer' },
        ],
      }),
    ],
    ['an unknown field', JSON.stringify({ agents: [{ name: 'pm', role: 'pm', model: 'gpt' }] })],
    ['an unknown top-level field', JSON.stringify({ agents: [{ name: 'pm', role: 'pm' }], extra: 1 })],
    ['a bad agent name', JSON.stringify({ agents: [{ name: 'a:b', role: 'pm' }] })],
    ['an unknown kind', JSON.stringify({ agents: [{ name: 'pm', role: 'pm', kind: 'gpt' }] })],
    ['no agents', JSON.stringify({ agents: [] })],
    ['a bad env name', JSON.stringify({ defaults: { env: { 'A-B': 'x' } }, agents: [{ name: 'pm', role: 'pm' }] })],
    ['a role on two lines', JSON.stringify({ agents: [{ name: 'pm', role: 'p\nm' }] })],
  ])('a team file with %s is team.invalidSpec (exit 2), and nothing is started', async (what, text) => {
    const tmux = server();
    const file = join(servers.dir(), `invalid-${what.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, text);
    expect(await failure(tmux.manager(), 'team', 'deploy', file, '--project', 'x')).toEqual({
      code: 'team.invalidSpec',
      exitCode: 2,
    });
    expect(tmux.tmux('list-sessions', '-F', '#{session_name}').trim()).toBe('keeper');
  });

  test('deployTeam called with a spec naming two agents alike is usage.invalid before anything starts', async () => {
    const tmux = server();
    const spec = {
      agents: [
        { name: 'dev', role: 'pm' },
        { name: 'dev', role: 'developer' },
      ],
    };
    await expect(
      deployTeam(tmux.manager(), spec, { session: 'twins', command: ['sleep', '60'], wait: false }),
    ).rejects.toMatchObject({ code: 'usage.invalid' });
    expect(tmux.tmux('list-sessions', '-F', '#{session_name}').trim()).toBe('keeper');
  });

  test('deployTeam called with a spec of no agents is usage.invalid', async () => {
    const tmux = server();
    await expect(deployTeam(tmux.manager(), { agents: [] }, { session: 'nobody', wait: false })).rejects.toMatchObject({
      code: 'usage.invalid',
    });
    expect(tmux.tmux('list-sessions', '-F', '#{session_name}').trim()).toBe('keeper');
  });

  test('when one of the windows after the first cannot be made, the session is removed again with the others', async () => {
    const tmux = server();
    // The windows after the PM's are requested together; the bad name is refused while the others are being made.
    const spec = {
      agents: [
        { name: 'pm', role: 'pm' },
        { name: 'dev-1', role: 'developer' },
        { name: 'bad name', role: 'qa' },
        { name: 'dev-2', role: 'developer' },
      ],
    };
    await expect(
      deployTeam(tmux.manager(), spec, { session: 'half', command: ['sleep', '60'], wait: false }),
    ).rejects.toMatchObject({ code: 'usage.invalid' });
    expect(tmux.tmux('list-sessions', '-F', '#{session_name}').trim()).toBe('keeper');
  });

  test.each(['control', 'spawn'] as const)(
    "over %s, the windows are made in the team's order, and a failure removes them all",
    async (transport) => {
      const tmux = server();
      const manager = tmux.manager({ transport });
      const names = ['pm', 'dev-1', 'dev-2', 'dev-3', 'qa', 'ux'];
      await deployTeam(
        manager,
        { agents: names.map((name, i) => ({ name, role: i === 0 ? 'pm' : 'developer' })) },
        { session: 'ordered', command: ['sleep', '60'], wait: false },
      );
      expect(tmux.tmux('list-windows', '-t', '=ordered', '-F', '#{window_name}').trim().split('\n')).toEqual(names);
      const bad = {
        agents: [
          { name: 'pm', role: 'pm' },
          { name: 'dev-1', role: 'developer' },
          { name: 'bad name', role: 'qa' },
        ],
      };
      await expect(
        deployTeam(manager, bad, { session: 'undone', command: ['sleep', '60'], wait: false }),
      ).rejects.toMatchObject({ code: 'usage.invalid' });
      expect(tmux.tmux('list-sessions', '-F', '#{session_name}').trim().split('\n').sort()).toEqual([
        'keeper',
        'ordered',
      ]);
    },
  );

  test('pm commands without a PM are team.noPm; with several PMs they need --session', async () => {
    const tmux = server();
    const manager = tmux.manager();
    await spawnAgent(manager, {
      session: 'solo',
      name: 'dev',
      role: 'developer',
      kind: 'claude',
      command: fake(join(servers.dir(), 'solo.jsonl')),
    });
    expect(await failure(manager, 'pm', 'message', 'anyone?')).toEqual({ code: 'team.noPm', exitCode: 1 });
    expect(await failure(manager, 'pm', 'checkin', '--session', 'solo')).toEqual({ code: 'team.noPm', exitCode: 1 });
    expect(await failure(manager, 'pm', 'message', 'hi', '--session', 'nosuch')).toEqual({
      code: 'tmux.sessionNotFound',
      exitCode: 1,
    });
    await spawnAgent(manager, {
      session: 'a',
      name: 'pm',
      role: 'pm',
      kind: 'claude',
      command: fake(join(servers.dir(), 'pm-a.jsonl')),
    });
    await spawnAgent(manager, {
      session: 'b',
      name: 'pm',
      role: 'pm',
      kind: 'claude',
      command: fake(join(servers.dir(), 'pm-b.jsonl')),
    });
    expect(await failure(manager, 'pm', 'message', 'which one?')).toEqual({ code: 'usage.invalid', exitCode: 2 });
    expect(await ok(manager, 'pm', 'message', 'you, b', '--session', 'b')).toMatchObject({
      target: 'b:pm',
      submitted: true,
    });
    await eventually('the message to b', () => logged(join(servers.dir(), 'pm-b.jsonl')).length === 1);
    expect(logged(join(servers.dir(), 'pm-a.jsonl'))).toEqual([]);
  });

  test('team kill removes the session and every agent in it', async () => {
    const tmux = server();
    const manager = tmux.manager();
    await ok(
      manager,
      'team',
      'deploy',
      'backend',
      '--project',
      'api',
      '--size',
      '2',
      '--no-wait',
      '--',
      ...fake(join(servers.dir(), 'kill.jsonl')),
    );
    expect(await ok(manager, 'team', 'kill', 'api')).toEqual({ killed: 'api', agents: 2 });
    expect(tmux.tmux('list-sessions', '-F', '#{session_name}').trim()).toBe('keeper');
    expect((await ok(manager, 'team', 'list')).teams).toEqual([]);
    expect(await failure(manager, 'team', 'kill', 'api')).toEqual({ code: 'tmux.sessionNotFound', exitCode: 1 });
  });
});
