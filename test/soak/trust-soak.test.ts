import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { answerPrompt } from '../../src/agents/answer-prompt.js';
import { agentStatuses } from '../../src/agents/agent-status.js';
import { listAgents } from '../../src/agents/find-agent.js';
import { spawnAgent } from '../../src/agents/spawn-agent.js';
import { loggedAnswers, loggedMessages, sleep } from '../helpers/fake-agent-support.js';
import { fakeAgentArgv } from '../helpers/test-servers.js';
import { killAllPrivateTmux, privateTmux, type PrivateTmux } from '../helpers/private-tmux.js';
import { requireBuiltCli } from '../helpers/built-cli.js';

// Slow: runs only when asked: TMUX_ORC_SOAK=1 npm test -- test/soak/trust-soak
const maybe = process.env.TMUX_ORC_SOAK ? describe : describe.skip;
const PROCESSES = 4;
const PER_PROCESS = Number(process.env.TMUX_ORC_TRUST_SOAK_PER_PROCESS ?? 50);
const WORKER = fileURLToPath(new URL('./send-worker.mjs', import.meta.url));
const run = promisify(execFile);
const KINDS = ['claude', 'codex', 'claude', 'codex'] as const;

maybe('trust soak: concurrent sends from several processes, permission prompts at random', () => {
  let dir = '';
  let tmux: PrivateTmux;
  beforeAll(() => {
    requireBuiltCli();
    dir = mkdtempSync(join(tmpdir(), 'orc-trust-soak-'));
    tmux = privateTmux('orc-tsoak');
    tmux.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '3600');
  });
  afterAll(async () => {
    await killAllPrivateTmux();
    rmSync(dir, { recursive: true, force: true });
  });

  test(`${PROCESSES * PER_PROCESS} sends from ${PROCESSES} processes to ${KINDS.length} fake agents: each submitted once and intact, no prompt answered by a send`, async () => {
    const manager = tmux.manager();
    const logs = KINDS.map((kind, i) => join(dir, `a${i}-${kind}.jsonl`));
    await Promise.all(
      KINDS.map((kind, i) =>
        spawnAgent(manager, {
          session: 'soak',
          name: `a${i}`,
          role: 'developer',
          kind,
          command: fakeAgentArgv(kind, logs[i]!, '--busy-ms', '80'),
        }),
      ),
    );
    // About one message in six asks for a permission when its turn is done; the prompts come up while other sends run.
    const jobs = Array.from({ length: PROCESSES }, (_, p) =>
      Array.from({ length: PER_PROCESS }, (_, k) => {
        const agent = (p * 7 + k * 3) % KINDS.length;
        const ask = (p + k * 5) % 6 === 0 ? ' PERMISSION' : '';
        return {
          target: `soak:a${agent}`,
          text: `p${p} m${k}${ask}: "quoted" $HOME; #{pid} ${'x'.repeat(k % 7)}${k % 9 === 0 ? '\nsecond line' : ''}`,
        };
      }),
    );
    let answered = 0;
    let stop = false;
    // The supervisor answers every prompt it sees, as a PM would; these are the only answers there may be.
    const supervisor = (async () => {
      while (!stop) {
        const agents = await listAgents(manager, 'soak');
        for (const status of await agentStatuses(manager, agents)) {
          if (status.state !== 'waiting') continue;
          await answerPrompt(manager, status.target, answered % 2 ? 'deny' : 'approve').then(
            () => answered++,
            () => undefined,
          );
        }
        await sleep(50);
      }
    })();
    const outputs = await Promise.all(
      jobs.map((messages, p) =>
        run(process.execPath, [WORKER, tmux.socketName, p % 2 ? 'spawn' : 'control', JSON.stringify({ messages })], {
          timeout: 600_000,
          maxBuffer: 64 << 20,
        }),
      ),
    );
    const results = outputs.flatMap((o) =>
      o.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { text: string; ok: boolean; codes: string[] }),
    );
    // Let the last prompts come up and be answered, and the queues drain.
    for (let i = 0; i < 100; i++) {
      const states = await agentStatuses(manager, await listAgents(manager, 'soak'));
      if (states.every((s) => s.state === 'idle')) break;
      await sleep(100);
    }
    stop = true;
    await supervisor;
    const sent = jobs.flat().map((m) => m.text.replace(/\r\n?/g, '\n'));
    const submitted = logs.flatMap((log) => loggedMessages(log));
    const retried = results.filter((r) => r.codes.length > 0).length;
    console.log(
      `trust soak: ${results.length} sends, ${results.filter((r) => r.ok).length} ok, ${retried} sent again after ${JSON.stringify(results.flatMap((r) => r.codes).reduce<Record<string, number>>((m, c) => ({ ...m, [c]: (m[c] ?? 0) + 1 }), {}))}; ${answered} prompts answered by the supervisor`,
    );
    const failed = results.filter((r) => !r.ok);
    if (failed.length) {
      for (let i = 0; i < KINDS.length; i++)
        console.log(
          `a${i} typed=${tmux.tmux('show-options', '-pqv', '-t', `soak:a${i}`, '@tmux-orc-typed').trim()}\n${tmux.tmux('capture-pane', '-p', '-t', `soak:a${i}`).trim().split('\n').slice(-8).join('\n')}`,
        );
      console.log(
        `answers logged ${logs.flatMap((log) => loggedAnswers(log)).length}, by the supervisor ${answered}; failed: ${failed
          .slice(0, 3)
          .map((r) => `${r.text} ${r.codes.slice(-3).join(',')}`)
          .join(' | ')}`,
      );
    }
    expect(failed).toEqual([]);
    expect([...submitted].sort()).toEqual([...sent].sort());
    expect(logs.flatMap((log) => loggedAnswers(log))).toHaveLength(answered);
    expect(answered).toBeGreaterThan(0);
  }, 900_000);
});
