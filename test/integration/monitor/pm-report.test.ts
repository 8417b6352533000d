import { answerPrompt } from '../../../src/agents/answer-prompt.js';
import type { AgentRecord } from '../../../src/agents/agent-record.js';
import { deliverMessage } from '../../../src/agents/deliver-message.js';
import type { Monitor } from '../../../src/monitor/monitor.js';
import type { MonitorEvent } from '../../../src/monitor/monitor-event.js';
import { killAllPrivateTmux } from '../../helpers/private-tmux.js';
import { crew, sweepUntil, transitions, type Crew } from './monitor-fixture.js';

let c: Crew;
let dev: AgentRecord;
let watcher: { monitor: Monitor; events: MonitorEvent[] };

beforeAll(async () => {
  c = crew();
  await c.spawn('pm', 'pm', { busyMs: 200 });
  dev = await c.spawn('dev1', 'developer');
  watcher = c.monitor({});
  await watcher.monitor.sweep();
});

afterAll(async () => {
  await c?.cleanup();
  await killAllPrivateTmux();
});

const reportsToPm = () => c.received('pm').filter((t) => t.startsWith('[tmux-orc monitor]'));

it('tells the PM, in one report, that an agent finished its work and is idle', async () => {
  await deliverMessage(c.manager, dev, 'build the login page');
  await sweepUntil(
    watcher.monitor,
    watcher.events,
    () => reportsToPm().some((t) => t.includes('- dev1 (developer): idle')),
    "an idle report in the PM's log",
  );
  expect(transitions(watcher.events, 'team:dev1')).toEqual(['null>idle', 'idle>busy', 'busy>idle']);
  expect(watcher.events).toContainEqual(
    expect.objectContaining({ type: 'report', team: 'team', pm: 'team:pm', agents: ['dev1:idle'], ok: true }),
  );
  // The PM's own comings and goings are never reported to it.
  expect(reportsToPm().join('\n')).not.toMatch(/- pm \(/);
});

it('reports a permission prompt as waiting, not idle', async () => {
  const before = reportsToPm().length;
  await deliverMessage(c.manager, dev, 'PERMISSION to run the migration');
  await sweepUntil(watcher.monitor, watcher.events, () => reportsToPm().length > before, 'a second report');
  const report = reportsToPm().slice(before).join('\n');
  expect(report).toContain('- dev1 (developer): waiting');
  expect(report).toContain('tmux-orc agent approve team:dev1');
  expect(report).not.toMatch(/dev1 \(developer\): idle/);
  expect(transitions(watcher.events, 'team:dev1').slice(-2)).toEqual(['idle>busy', 'busy>waiting']);
});

it('escalates to the PM when the whole team has been idle for the set time', async () => {
  await answerPrompt(c.manager, 'team:dev1', 'approve');
  const { monitor, events } = c.monitor({ report: false, idleEscalateMs: 1500 });
  await sweepUntil(monitor, events, () => events.some((e) => e.type === 'escalation'), 'an escalation');
  expect(events.find((e) => e.type === 'escalation')).toMatchObject({ team: 'team', to: ['team:pm'], ok: true });
  expect(reportsToPm().at(-1)).toMatch(/team team has been idle for \d+ s: every agent \(pm, dev1\) is idle/);
});
