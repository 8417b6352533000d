import { deliverMessage } from '../../../src/agents/deliver-message.js';
import { killAllPrivateTmux } from '../../helpers/private-tmux.js';
import { crew, sweepUntil, transitions, type Crew } from './monitor-fixture.js';

// --recover restarts crashes: a non-zero status, a signal, or a program that fell back to its shell. An agent that
// exited with status 0 did so on purpose (a /exit, QUIT): it is reported to the PM, never restarted.
let c: Crew;

beforeAll(async () => {
  c = crew();
  await c.spawn('pm', 'pm');
});

afterAll(async () => {
  await c?.cleanup();
  await killAllPrivateTmux();
});

const dead = (paneId: string) => c.tmux.tmux('display-message', '-p', '-t', paneId, '#{pane_dead}').trim() === '1';

it('an agent that exits with status 0 is reported, not restarted', async () => {
  const dev = await c.spawn('quitter', 'developer', { briefing: 'you are the quitter' });
  const { monitor, events } = c.monitor({ recover: true, maxRestarts: 3 });
  await monitor.sweep();
  await deliverMessage(c.manager, dev, 'QUIT now');
  await sweepUntil(
    monitor,
    events,
    () => events.some((e) => e.type === 'exited' && e.agent === 'team:quitter'),
    'the exit event',
  );
  for (let i = 0; i < 3; i++) await monitor.sweep();
  await monitor.close();
  expect(transitions(events, 'team:quitter').at(-1)).toMatch(/>crashed$/);
  expect(events.filter((e) => e.type === 'recover' && e.agent === 'team:quitter')).toEqual([]);
  expect(events.find((e) => e.type === 'exited')).toEqual({ type: 'exited', agent: 'team:quitter', status: 0 });
  expect(dead(dev.paneId)).toBe(true);
  expect(c.received('quitter').filter((t) => t === 'you are the quitter')).toHaveLength(1);
  const report = c.received('pm').find((t) => t.includes('quitter'));
  expect(report).toMatch(/exited with status 0/);
  expect(report).not.toMatch(/restarting/);
  expect(report).toContain('tmux-orc agent restart team:quitter');
});

it('an agent killed by a signal is a crash: restarted', async () => {
  const dev = await c.spawn('victim', 'developer');
  const { monitor, events } = c.monitor({ recover: true, maxRestarts: 1 });
  await monitor.sweep();
  const pid = Number(c.tmux.tmux('display-message', '-p', '-t', dev.paneId, '#{pane_pid}').trim());
  process.kill(pid, 'SIGKILL');
  await sweepUntil(
    monitor,
    events,
    () => events.some((e) => e.type === 'recover' && e.agent === 'team:victim'),
    'a restart',
  );
  await monitor.close();
  expect(events.find((e) => e.type === 'recover' && e.agent === 'team:victim')).toEqual({
    type: 'recover',
    agent: 'team:victim',
    attempt: 1,
    ok: true,
    resumed: false,
  });
  expect(events.filter((e) => e.type === 'exited' && e.agent === 'team:victim')).toEqual([]);
  expect(dead(dev.paneId)).toBe(false);
});
