import type { AgentRecord } from '../../../src/agents/agent-record.js';
import { deliverMessage } from '../../../src/agents/deliver-message.js';
import { killAllPrivateTmux } from '../../helpers/private-tmux.js';
import { crew, sweepUntil, type Crew } from './monitor-fixture.js';

let c: Crew;
let dev: AgentRecord;

beforeAll(async () => {
  c = crew();
  dev = await c.spawn('dev1', 'developer', { busyMs: 200 });
});

afterAll(async () => {
  await c?.cleanup();
  await killAllPrivateTmux();
});

it('leaves a typed message alone without --auto-submit', async () => {
  const { monitor, events } = c.monitor({ submit: { minSweeps: 2, minMs: 0, maxTries: 3 } });
  await deliverMessage(c.manager, dev, 'first unsent note', { noEnter: true });
  for (let i = 0; i < 4; i++) await monitor.sweep();
  expect(c.received('dev1')).toEqual([]);
  expect(events.filter((e) => e.type === 'submit')).toEqual([]);
  // Empty the box again for the next test.
  await c.manager.sendKeys(dev.paneId, ...Array<string>('first unsent note'.length).fill('BSpace'));
});

it("presses Enter on a message left unsent in an idle agent's box", async () => {
  const { monitor, events } = c.monitor({ autoSubmit: true, submit: { minSweeps: 2, minMs: 300, maxTries: 3 } });
  await monitor.sweep();
  await deliverMessage(c.manager, dev, 'please run the tests', { noEnter: true });
  await sweepUntil(
    monitor,
    events,
    () => c.received('dev1').includes('please run the tests'),
    'the message to be submitted',
  );
  expect(events).toContainEqual({
    type: 'submit',
    agent: 'team:dev1',
    text: 'please run the tests',
    attempt: 1,
    ok: true,
  });
  expect(c.received('dev1')).toEqual(['please run the tests']);
});

it('leaves alone a message a delivery was stopped with (its sender sends it again, and both would submit it)', async () => {
  const { monitor, events } = c.monitor({ autoSubmit: true, submit: { minSweeps: 2, minMs: 0, maxTries: 3 } });
  await monitor.sweep();
  await deliverMessage(c.manager, dev, 'stopped by a prompt', { noEnter: true });
  // What a delivery stopped by a prompt leaves (typed-text.ts): the sender was told to send it again.
  await c.manager.run(['set-option', '-p', '-t', dev.paneId, '@tmux-orc-typed', 'stopped:sent-again-by-its-sender']);
  // As long as the test above needed to submit one: a sweep every 100 ms for 1.5 s.
  for (let i = 0; i < 15; i++, await new Promise((r) => setTimeout(r, 100))) await monitor.sweep();
  expect(c.received('dev1')).not.toContain('stopped by a prompt');
  expect(events.filter((e) => e.type === 'submit' && (e as { text: string }).text === 'stopped by a prompt')).toEqual(
    [],
  );
});
