import { deliverMessage } from '../../src/agents/deliver-message.js';
import { findAgent } from '../../src/agents/find-agent.js';
import { waitForState } from '../../src/agents/wait-for-state.js';
import { isInstalled, startHarness, type RealKind } from './real-agent-harness.js';

// 100 messages to each real CLI, one after the other, every fifth one multi-line; the fake LLM counts what
// arrived. Minutes long, so only with TMUX_ORC_SOAK=1 (not in npm test).
const SOAK = process.env.TMUX_ORC_SOAK === '1';
const COUNT = Number(process.env.TMUX_ORC_SOAK_COUNT ?? 100);
const only = process.env.TMUX_ORC_SOAK_KINDS?.split(',');
const kinds = (['claude', 'codex', 'gemini'] as const).filter((k) => isInstalled(k) && (!only || only.includes(k)));

(SOAK ? describe : describe.skip)(`soak: ${COUNT} messages to each installed real CLI (TMUX_ORC_SOAK=1)`, () => {
  it.each(kinds)(
    `%s gets every message exactly once`,
    async (kind: RealKind) => {
      const h = await startHarness(kind);
      try {
        const spawned = await h.spawn('soak');
        if (!spawned.ok) throw new Error(`spawn failed: ${spawned.error.message}`);
        const manager = h.tmux.manager();
        const agent = await findAgent(manager, spawned.data.agent.target);
        const sent: string[] = [];
        const enters: number[] = [];
        const started = Date.now();
        for (let i = 1; i <= COUNT; i++) {
          const text =
            i % 5 === 0
              ? `soak ${kind} message ${i} of ${COUNT}\nwith a second line\nand a third`
              : `soak ${kind} message ${i} of ${COUNT}`;
          const report = await deliverMessage(manager, agent, text);
          enters.push(report.enters);
          sent.push(text);
          try {
            await h.waitForRequest((r) => r.role === 'turn' && r.text === text, 30_000);
            await waitForState(manager, agent, { state: 'idle' }, { timeoutMs: 30_000 });
          } catch (error) {
            throw new Error(
              `message ${i} (${JSON.stringify(report)}): ${(error as Error).message}; the pane shows:\n${h.screen(agent.paneId)}`,
              { cause: error },
            );
          }
        }
        const turns = await h.turns();
        const counts = sent.map((text) => turns.filter((r) => r.text === text).length);
        const once = counts.filter((n) => n === 1).length;
        const retried = enters.filter((n) => n > 1).length;
        process.stdout.write(
          `soak ${kind}: ${once}/${COUNT} arrived exactly once, ${turns.length} turns in all, ` +
            `${retried} needed a second Enter, ${Math.round((Date.now() - started) / 1000)} s\n`,
        );
        expect(counts).toEqual(sent.map(() => 1));
        expect(turns).toHaveLength(COUNT);
      } finally {
        expect(await h.close()).toEqual([]);
      }
    },
    15 * 60_000,
  );
});
