import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { deliverMessage } from '../../../src/agents/deliver-message.js';
import { waitForState } from '../../../src/agents/wait-for-state.js';
import { requireBuiltCli } from '../../helpers/built-cli.js';
import { eventually, loggedMessages } from '../../helpers/fake-agent-support.js';
import { connectInMemory } from '../../helpers/mcp-in-memory.js';
import { spawnFakeAgent, testServers } from '../../helpers/test-servers.js';

const run = promisify(execFile);
const servers = testServers('orc-concur');
const N = 20;
const messages = (tag: string) => Array.from({ length: N }, (_, i) => `${tag} message ${i} of ${N}: keep this whole`);
const sorted = (xs: readonly string[]) => [...xs].sort();

// Sends to one agent used to interleave their keys: 20 at once over one MCP connection became one submission of all
// 20 texts, each reply ok; 20 CLI processes made 8-12 submissions, 5-8 of them merged. Now a lock per pane (in the
// process, and in a tmux pane option across processes) makes them one after the other.
describe('concurrent sends to one agent', () => {
  test(`${N} deliveries at once in one process are ${N} submissions, each intact and once`, async () => {
    const { manager, agent, log } = await spawnFakeAgent(servers, 'claude');
    const texts = messages('in-process');
    const reports = await Promise.all(texts.map((t) => deliverMessage(manager, agent, t)));
    expect(reports.every((r) => r.submitted)).toBe(true);
    await eventually('every submission', () => loggedMessages(log).length >= N, 20_000);
    await waitForState(manager, agent, { state: 'idle' }, { timeoutMs: 20_000 });
    expect(sorted(loggedMessages(log))).toEqual(sorted(texts));
  });

  test(`${N} agent_send calls at once over one MCP connection are ${N} submissions`, async () => {
    const { manager, log } = await spawnFakeAgent(servers, 'codex');
    const mcp = await connectInMemory(manager);
    try {
      const texts = messages('mcp');
      const results = await Promise.all(
        texts.map((message) => mcp.call('agent_send', { target: 'proj:dev', message })),
      );
      expect(results.map((r) => r.structuredContent.ok)).toEqual(texts.map(() => true));
      await eventually('every submission', () => loggedMessages(log).length >= N, 20_000);
      expect(sorted(loggedMessages(log))).toEqual(sorted(texts));
    } finally {
      await mcp.close();
    }
  });

  test(`${N} CLI processes sending at once are ${N} submissions`, async () => {
    const cli = requireBuiltCli();
    const { tmux, log } = await spawnFakeAgent(servers, 'claude');
    const texts = messages('cli');
    const outs = await Promise.all(
      texts.map((message) =>
        run(process.execPath, [cli, '-L', tmux.socketName, '--json', 'agent', 'send', 'proj:dev', message], {
          timeout: 60_000,
        }).then(
          (r) => JSON.parse(r.stdout) as { ok: boolean },
          (e: { stdout?: string }) => JSON.parse(e.stdout || '{"ok":false}') as { ok: boolean },
        ),
      ),
    );
    expect(outs.map((o) => o.ok)).toEqual(texts.map(() => true));
    await eventually('every submission', () => loggedMessages(log).length >= N, 20_000);
    expect(sorted(loggedMessages(log))).toEqual(sorted(texts));
    // Nothing is left holding the pane.
    expect(tmux.tmux('show-options', '-pqv', '-t', 'proj:dev', '@tmux-orc-lock').trim()).toBe('');
  }, 90_000);
});
