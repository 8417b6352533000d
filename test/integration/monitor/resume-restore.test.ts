import { join } from 'node:path';
import { deliverMessage } from '../../../src/agents/deliver-message.js';
import { spawnAgent } from '../../../src/agents/spawn-agent.js';
import { readEventsSince } from '../../../src/monitor/event-log.js';
import type { LoggedEvent, MonitorEvent } from '../../../src/monitor/monitor-event.js';
import { monitorPaths } from '../../../src/monitor/monitor-paths.js';
import { Monitor } from '../../../src/monitor/monitor.js';
import { processAlive, readPidfile } from '../../../src/monitor/pidfile.js';
import { runCli } from '../../helpers/built-cli.js';
import { eventually } from '../../helpers/fake-agent-support.js';
import { fakeClaude, fakeLog, fakeStarts } from '../../helpers/fake-cli.js';
import { testServers } from '../../helpers/test-servers.js';
import { sweepUntil } from './monitor-fixture.js';

// The monitor with the fake Claude Code (tmux-orc gives it a --session-id, hooks and --resume as to the real one):
// --recover continues a crashed agent's conversation, --restore brings the fleet back when the server is gone.
const servers = testServers('orc-w16-monres');
const daemons = new Set<number>();

afterAll(() => {
  for (const pid of daemons) if (processAlive(pid)) process.kill(pid, 'SIGKILL');
});

test("--recover resumes a crashed agent's conversation, and does not brief it again", async () => {
  const tmux = servers.server();
  const claude = fakeClaude(servers.dir());
  const log = join(servers.dir(), 'recover.jsonl');
  const { agent } = await spawnAgent(tmux.manager(), {
    session: 'team',
    name: 'dev',
    role: 'developer',
    kind: 'claude',
    command: [claude],
    env: { FAKE_LOG: log },
    briefing: 'you build the cart',
  });
  const id = fakeStarts(log)[0]!.session!;
  const events: MonitorEvent[] = [];
  const monitor = new Monitor(
    tmux.manager({ transport: 'control' }),
    { recover: true, maxRestarts: 1, idleEscalateMs: 0, reportCooldownMs: 0 },
    (e) => events.push(e),
  );
  await monitor.sweep();
  await deliverMessage(tmux.manager(), agent, 'CRASH please');
  await sweepUntil(monitor, events, () => events.some((e) => e.type === 'recover'), 'a restart');
  await monitor.close();
  expect(events.find((e) => e.type === 'recover')).toEqual({
    type: 'recover',
    agent: 'team:dev',
    attempt: 1,
    ok: true,
    resumed: id,
  });
  expect(fakeStarts(log).at(-1)).toMatchObject({ session: id, resumed: id });
  expect(fakeLog(log).filter((l) => l.text === 'you build the cart')).toHaveLength(1);
});

test('monitor start --restore brings the fleet back each time the server is killed, and goes on monitoring', async () => {
  const tmux = servers.server();
  const claude = fakeClaude(servers.dir());
  const log = (name: string) => join(servers.dir(), `daemon-${name}.jsonl`);
  const cli = (...args: string[]) => runCli<any>(tmux.socketName, args);
  for (const name of ['lead', 'dev']) {
    const role = name === 'lead' ? 'pm' : 'developer';
    expect(
      (
        await cli(
          'agent',
          'spawn',
          'shop',
          '--name',
          name,
          '--role',
          role,
          '--kind',
          'claude',
          '--env',
          `FAKE_LOG=${log(name)}`,
          '--command',
          claude,
        )
      ).envelope,
    ).toMatchObject({ ok: true });
  }
  const started = await cli('monitor', 'start', '--restore', '--interval', '0.2', '--no-report');
  expect(started.envelope).toMatchObject({ ok: true });
  daemons.add(started.envelope.data.pid);
  const paths = monitorPaths({ socketName: tmux.socketName });
  const events = () => readEventsSince(paths.log, 0).events as LoggedEvent[];
  const restores = () => events().filter((e): e is Extract<LoggedEvent, { type: 'restore' }> => e.type === 'restore');
  const windows = () => {
    try {
      return tmux.tmux('list-windows', '-t', 'shop', '-F', '#{window_name}').trim().split('\n');
    } catch {
      return [];
    }
  };
  try {
    await eventually(
      'the monitor sees both agents',
      () => events().filter((e) => e.type === 'transition').length >= 2,
      10_000,
    );
    const first = { lead: fakeStarts(log('lead'))[0]!.session!, dev: fakeStarts(log('dev'))[0]!.session! };
    for (let round = 1; round <= 2; round++) {
      tmux.tmux('kill-server');
      await eventually(`restore ${round}`, () => restores().length === round, 15_000);
      const restore = restores()[round - 1]!;
      expect(restore).toMatchObject({
        ok: true,
        agents: [
          { agent: 'shop:lead', outcome: 'restored', resumed: first.lead },
          { agent: 'shop:dev', outcome: 'restored', resumed: first.dev },
        ],
      });
      expect(windows()).toEqual(['lead', 'dev']);
      // Monitoring goes on: it sees the agents again after each restore.
      await eventually(
        `the agents seen after restore ${round}`,
        () => events().filter((e) => e.type === 'monitor' && e.event === 'reconnected').length >= round,
        10_000,
      );
    }
    expect(fakeStarts(log('dev')).map((s) => s.resumed ?? null)).toEqual([null, first.dev, first.dev]);
    // Once per disappearance: no restore runs while the server is up.
    await new Promise((r) => setTimeout(r, 600));
    expect(restores()).toHaveLength(2);
  } finally {
    await cli('monitor', 'stop');
    const pid = readPidfile(paths.pidfile)?.pid;
    if (pid && processAlive(pid)) process.kill(pid, 'SIGKILL');
  }
});
