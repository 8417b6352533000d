import type { AgentRecord } from '../../../src/agents/agent-record.js';
import { deliverMessage } from '../../../src/agents/deliver-message.js';
import { Monitor } from '../../../src/monitor/monitor.js';
import type { MonitorEvent } from '../../../src/monitor/monitor-event.js';
import { killAllPrivateTmux } from '../../helpers/private-tmux.js';
import { crew, sweepUntil, transitions, type Crew } from './monitor-fixture.js';

let c: Crew;
let dev: AgentRecord;

beforeAll(async () => {
  c = crew();
  await c.spawn('pm', 'pm', { busyMs: 200 });
  dev = await c.spawn('dev1', 'developer', { busyMs: 400 });
});

afterAll(async () => {
  await c?.cleanup();
  await killAllPrivateTmux();
});

const reportsToPm = () => c.received('pm').filter((t) => t.startsWith('[tmux-orc monitor]'));

it('with --until-reset, tells the PM once, holds news until the reset time, then resumes', async () => {
  let skew = 0; // the monitor's clock, moved forward to reach the reset time
  const events: MonitorEvent[] = [];
  const monitor = new Monitor(
    c.tmux.manager({ transport: 'control' }),
    { untilReset: true, reportCooldownMs: 0, idleEscalateMs: 0 },
    (e) => events.push(e),
    () => Date.now() + skew,
  );
  await monitor.sweep();

  await deliverMessage(c.manager, dev, 'LIMIT: burn the quota');
  await sweepUntil(
    monitor,
    events,
    () => reportsToPm().some((t) => t.includes('dev1 (developer): rate_limited')),
    'the rate-limit report',
  );
  const hold = events.find((e) => e.type === 'hold');
  expect(hold).toMatchObject({ agent: 'team:dev1', resetAt: '3pm' });
  expect(reportsToPm().at(-1)).toMatch(/no more news about it until 15:00/);

  // Still limited after more work: the PM hears nothing new while the hold lasts.
  const reports = reportsToPm().length;
  await deliverMessage(c.manager, dev, 'try again');
  const limited = () => transitions(events, 'team:dev1').filter((t) => t === 'busy>rate_limited').length;
  await sweepUntil(monitor, events, () => limited() === 2, 'limited again');
  for (let i = 0; i < 3; i++) await monitor.sweep();
  expect(reportsToPm()).toHaveLength(reports);

  skew = Date.parse((hold as { until: string }).until) - Date.now() + 1000;
  await sweepUntil(monitor, events, () => reportsToPm().length > reports, 'the report after the reset time');
  expect(events).toContainEqual({ type: 'resume', agent: 'team:dev1', state: 'rate_limited' });
  expect(reportsToPm().at(-1)).toContain('dev1 (developer): its rate limit should have reset; it is now rate_limited');
});
