import { deliverMessage } from '../../src/agents/deliver-message.js';
import { findAgent } from '../../src/agents/find-agent.js';
import { kindProfile } from '../../src/agents/kind-profiles.js';
import { waitForState } from '../../src/agents/wait-for-state.js';
import { isInstalled, startHarness, type RealKind } from './real-agent-harness.js';

// Measures each real CLI's Enter race: messages are delivered with the pause before Enter (counted from the echo)
// set to each of TMUX_ORC_PROBE_DELAYS, and the probe prints how often the first Enter took. Every message must
// still arrive exactly once (a dropped Enter is retried). How the pauses in kind-profiles.ts were chosen; run with
// TMUX_ORC_PROBE=1 [TMUX_ORC_PROBE_KINDS=claude,codex,gemini,opencode] [TMUX_ORC_PROBE_DELAYS=0,30,60]
// [TMUX_ORC_PROBE_N=10].
const PROBE = process.env.TMUX_ORC_PROBE === '1';
const DELAYS = (process.env.TMUX_ORC_PROBE_DELAYS ?? '0,30,60').split(',').map(Number);
const N = Number(process.env.TMUX_ORC_PROBE_N ?? 10);
const only = process.env.TMUX_ORC_PROBE_KINDS?.split(',');
const kinds = (['claude', 'codex', 'gemini', 'opencode'] as const).filter(
  (k) => isInstalled(k) && (!only || only.includes(k)),
);

// OpenCode puts a space after a paste it shows folded (three lines here).
const same = (got: string | undefined, sent: string) => got === sent || got === `${sent} `;

(PROBE ? describe : describe.skip)('Enter race probe (TMUX_ORC_PROBE=1)', () => {
  it.each(kinds)(
    '%s: how often the first Enter takes, per pause after the echo',
    async (kind: RealKind) => {
      const h = await startHarness(kind);
      const profile = kindProfile(kind);
      const saved = { ...profile };
      try {
        const spawned = await h.spawn('probe');
        if (!spawned.ok) throw new Error(spawned.error.message);
        const manager = h.tmux.manager();
        const agent = await findAgent(manager, spawned.data.agent.target);
        const lines: string[] = [];
        const sent: string[] = [];
        // One line and three lines. Claude Code, Codex, Gemini CLI and OpenCode get both as a bracketed paste
        // (pasteLines), with
        // the paste pause; aider would type the line. Both pauses are set, so either way the delay is the one probed.
        for (const paste of [false, true]) {
          for (const delay of DELAYS) {
            profile.pasteEnterDelayMs = delay;
            profile.typeEnterDelayMs = delay;
            let first = 0;
            for (let i = 0; i < N; i++) {
              const text = `probe ${paste ? 'three lines' : 'one line'} ${delay} ms, ${i}${paste ? '\nsecond line\nthird line' : ''}`;
              const report = await deliverMessage(manager, agent, text);
              if (report.enters === 1) first++;
              sent.push(text);
              await h.waitForRequest((r) => r.role === 'turn' && same(r.text, text), 30_000);
              await waitForState(manager, agent, { state: 'idle' }, { timeoutMs: 30_000 });
            }
            lines.push(
              `${kind} ${paste ? 'three lines' : 'one line'} (${kindProfile(kind).pasteLines ? 'pasted' : paste ? 'pasted' : 'typed'}), ${delay} ms after the echo: first Enter took ${first}/${N}`,
            );
          }
        }
        process.stdout.write(`${lines.join('\n')}\n`);
        const turns = await h.turns();
        expect(sent.map((text) => turns.filter((r) => same(r.text, text)).length)).toEqual(sent.map(() => 1));
      } finally {
        Object.assign(profile, saved);
        expect(await h.close()).toEqual([]);
      }
    },
    20 * 60_000,
  );
});
