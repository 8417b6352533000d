import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentKind } from '../../src/agents/agent-state.js';
import { restartAgent } from '../../src/agents/agent-lifecycle.js';
import { deliverMessage, type DeliveryReport } from '../../src/agents/deliver-message.js';
import { spawnAgent } from '../../src/agents/spawn-agent.js';
import { realEnterRaces } from '../helpers/fake-agent-support.js';
import { killAllPrivateTmux, privateTmux, type PrivateTmux } from '../helpers/private-tmux.js';

// Slow (minutes): runs only when asked, e.g. TMUX_ORC_SOAK=1 npm test -- test/soak
const maybe = process.env.TMUX_ORC_SOAK ? describe : describe.skip;
if (!process.env.TMUX_ORC_SOAK)
  console.warn('*** delivery soak SKIPPED: set TMUX_ORC_SOAK=1 to send 1000 messages to a fake agent ***');

const COUNT = Number(process.env.TMUX_ORC_SOAK_COUNT ?? 1000);
const RESTART_EVERY = Number(process.env.TMUX_ORC_SOAK_RESTART_EVERY ?? 250);
const KIND = (process.env.TMUX_ORC_SOAK_KIND ?? 'claude') as Exclude<AgentKind, 'shell' | 'custom'>;
const FAKE = fileURLToPath(new URL('../fixtures/fake-agent.mjs', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The messages a fake agent submitted, in order. */
function logged(log: string): string[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { text: string }).text);
}

/** Message i: mostly one typed line with characters a shell or tmux could mangle; some multi-line, some long. */
function message(i: number): string {
  const id = `msg-${String(i).padStart(4, '0')}`;
  if (i % 50 === 25)
    return `${id} long: ${Array.from({ length: 60 }, (_, k) => `w${k}`).join(' ')} ${'z'.repeat(300)} end ${id}`;
  if (i % 10 === 5) return `${id} first line\n  second line; $HOME "quoted"\n\nlast line of ${id}`;
  const extras = [
    'plain',
    "it's $HOME; echo `id` && true",
    'ünïcödé → ✓ 日本',
    '-n -- --flag',
    'tab\there',
    '#{session_name} ;',
  ];
  return `${id} ${extras[i % extras.length]}`;
}

const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));

maybe('delivery soak', () => {
  let dir = '';
  let tmux: PrivateTmux | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'orc-soak-'));
  });

  afterAll(async () => {
    await tmux?.kill();
    await killAllPrivateTmux();
    rmSync(dir, { recursive: true, force: true });
  });

  test(
    `${COUNT} messages to one ${KIND} fake agent are each submitted exactly once, in order`,
    async () => {
      tmux = privateTmux('orc-soak');
      tmux.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '3600');
      const manager = tmux.manager();
      const log = join(dir, 'soak.jsonl');
      // The real CLIs' Enter races are on (an Enter too close to the text is dropped, as measured on each CLI).
      const command = [
        process.execPath,
        FAKE,
        '--kind',
        KIND,
        '--log',
        log,
        '--ready-ms',
        '50',
        '--busy-ms',
        '0',
        ...realEnterRaces(KIND),
      ];
      const { agent } = await spawnAgent(manager, {
        session: 'soak',
        name: 'dev',
        role: 'developer',
        kind: KIND,
        command,
      });

      const sent: string[] = [];
      const reports: DeliveryReport[] = [];
      const started = Date.now();
      const took: number[] = [];
      for (let i = 0; i < COUNT; i++) {
        // The fake redraws its whole transcript on every keystroke, so it slows down as the transcript grows; a
        // restart now and then keeps the measure on tmux-orc (and delivers across restarts of the same agent).
        if (i > 0 && i % RESTART_EVERY === 0) await restartAgent(manager, agent.target);
        const text = message(i);
        const t0 = Date.now();
        reports.push(await deliverMessage(manager, agent, text));
        took.push(Date.now() - t0);
        sent.push(text);
      }
      const sendMs = Date.now() - started;
      for (const end = Date.now() + 30_000; logged(log).length < COUNT && Date.now() < end;) await sleep(100);
      await sleep(500);

      const enters = reports.reduce((n, r) => n + r.enters, 0);
      const retried = reports.filter((r) => r.enters > 1).length;
      const by = (key: 'method' | 'confirmedBy') =>
        reports.reduce<Record<string, number>>(
          (m, r) => ({ ...m, [String(r[key])]: (m[String(r[key])] ?? 0) + 1 }),
          {},
        );
      console.log(
        [
          `delivery soak (${KIND}, restarted every ${RESTART_EVERY}): ${COUNT} messages in ${(sendMs / 1000).toFixed(1)} s = ${(COUNT / (sendMs / 1000)).toFixed(2)} messages/s`,
          `  Enter presses ${enters} (${enters - COUNT} retries, in ${retried} messages); methods ${JSON.stringify(by('method'))}; confirmed by ${JSON.stringify(by('confirmedBy'))}`,
          `  ms per message: first 10% ${mean(took.slice(0, COUNT / 10))}, last 10% ${mean(took.slice(-COUNT / 10))}, slowest ${Math.max(...took)}`,
          `  logged ${logged(log).length}`,
        ].join('\n'),
      );

      expect(reports.every((r) => r.submitted)).toBe(true);
      const received = logged(log);
      // Exactly once and in order: the same list, so no loss, no duplicate, no split or merged message.
      expect(received.length).toBe(COUNT);
      expect(received).toEqual(sent);
    },
    COUNT * 1000 + 60_000,
  );
});
