import type { AgentRecord } from '../../../src/agents/agent-record.js';
import { deliverMessage } from '../../../src/agents/deliver-message.js';
import { killAllPrivateTmux } from '../../helpers/private-tmux.js';
import { crew, sweepUntil, transitions, type Crew } from './monitor-fixture.js';

let c: Crew;
let dev: AgentRecord;

beforeAll(async () => {
  c = crew();
  dev = await c.spawn('dev1', 'developer', { briefing: 'you are dev1: build the cart' });
});

afterAll(async () => {
  await c?.cleanup();
  await killAllPrivateTmux();
});

const paneDead = () => c.tmux.tmux('display-message', '-p', '-t', dev.paneId, '#{pane_dead}').trim() === '1';

it('only logs a crash when recovery is off', async () => {
  const { monitor, events } = c.monitor({});
  await monitor.sweep();
  await deliverMessage(c.manager, dev, 'CRASH please');
  await sweepUntil(
    monitor,
    events,
    () => transitions(events, 'team:dev1').at(-1)?.endsWith('>crashed') === true,
    'the crash',
  );
  for (let i = 0; i < 3; i++) await monitor.sweep();
  expect(events.filter((e) => e.type === 'recover')).toEqual([]);
  expect(events).toContainEqual({
    type: 'transition',
    agent: 'team:dev1',
    from: expect.any(String),
    to: 'crashed',
    reason: expect.stringMatching(/pane dead/),
  });
  expect(paneDead()).toBe(true);
});

it('restarts a crashed agent with its command and briefing when recovery is on', async () => {
  const { monitor, events } = c.monitor({ recover: true, maxRestarts: 1 });
  await sweepUntil(monitor, events, () => events.some((e) => e.type === 'recover'), 'a restart');
  await monitor.close(); // the restart, briefing included, has finished
  expect(events.find((e) => e.type === 'recover')).toEqual({
    type: 'recover',
    agent: 'team:dev1',
    attempt: 1,
    ok: true,
    resumed: false,
  });
  expect(paneDead()).toBe(false);
  expect(c.received('dev1').filter((t) => t === 'you are dev1: build the cart')).toHaveLength(2);
  await sweepUntil(
    monitor,
    events,
    () => monitor.agents().find((a) => a.target === 'team:dev1')?.state === 'idle',
    'the restarted agent idle',
  );
});
