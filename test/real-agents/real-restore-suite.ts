import { hookedConversation } from '../../src/agents/hooks/agent-hooks.js';
import { isSecretEnv, readFleetEntry } from '../../src/restore/fleet-store.js';
import { describeRealAgent, startHarness, type RealAgentHarness, type RealKind } from './real-agent-harness.js';
import { step } from './real-agent-suite.js';

/** What differs between the CLIs in the restore suite. */
export interface RealRestoreSpec {
  kind: RealKind;
  /** Gemini CLI takes its hooks only from a root-owned state directory (gemini-hooks.ts). */
  secureStateDir?: boolean;
  /** The CLI's command that starts a new conversation in place (Claude Code and Gemini CLI /clear, Codex /new). */
  clear: string;
}

interface Restored {
  target: string;
  outcome: string;
  resumed?: string | false;
  missingEnv?: string[];
}

/**
 * The restore suite every real CLI runs, offline: an agent is told a word, the tmux server is killed, `restore` brings
 * it back resuming its conversation, and the fake LLM's next request from it holds the earlier message (the
 * conversation really continued); twice, so the second restore resumes whatever id the CLI went on with (a CLI that
 * forks on resume keeps the record current). Secret keys are not in the fleet file: they come from the environment
 * restore runs in, as after a reboot they would come from the user's shell.
 */
export function realRestoreSuite(spec: RealRestoreSpec): void {
  describeRealAgent(spec.kind, () => {
    let h: RealAgentHarness;
    let target = '';
    const ids: string[] = [];
    const said = [`restore: remember the word PAPAYA-${spec.kind}`, `restore: and the word QUINCE-${spec.kind}`];

    beforeAll(async () => {
      h = await startHarness(spec.kind, {
        prefix: `orc-w16-restore-${spec.kind}`,
        ...(spec.secureStateDir ? { secureStateDir: true } : {}),
      });
      // The keys the fleet file never keeps reach the restored agent through the tmux server restore starts.
      Object.assign(h.cliEnv, Object.fromEntries(Object.entries(h.agentEnv).filter(([k]) => isSecretEnv(k))));
    }, 30_000);

    afterAll(async () => {
      const left = await h?.close();
      expect(left ?? []).toEqual([]);
    }, 30_000);

    /** The conversation id the agent's record holds now (its hooks' file, else the start's). */
    const recorded = () => {
      const [session, name] = target.split(':') as [string, string];
      const socket = { socketName: h.tmux.socketName };
      const env = { ...process.env, TMUX_ORC_STATE_DIR: h.stateDir };
      const saved = process.env.TMUX_ORC_STATE_DIR;
      process.env.TMUX_ORC_STATE_DIR = env.TMUX_ORC_STATE_DIR;
      try {
        return hookedConversation({ socket, session, name }) ?? readFleetEntry(socket, session, name)?.cliSessionId;
      } finally {
        process.env.TMUX_ORC_STATE_DIR = saved;
      }
    };

    async function tell(text: string): Promise<void> {
      const sent = await h.cli('agent', 'send', target, text);
      if (!sent.ok) console.log(`${spec.kind}: ${JSON.stringify(sent)}\n${h.screen(target)}`);
      expect(sent).toMatchObject({ ok: true, data: { submitted: true } });
      await h.waitForRequest((r) => r.role === 'turn' && r.text === text, 30_000);
      expect(await h.cli('agent', 'wait', target, '--until', 'idle', '--timeout', '30')).toMatchObject({ ok: true });
    }

    step('an agent is told a word; its conversation id is recorded', async () => {
      const spawned = await h.spawn('keeper');
      expect(spawned).toMatchObject({ ok: true, data: { ready: true } });
      if (!spawned.ok) return;
      target = spawned.data.agent.target;
      await tell(said[0]!);
      // Codex names its conversation only with the first turn's end (notify's thread id).
      for (const end = Date.now() + 10_000; !recorded() && Date.now() < end;)
        await new Promise((r) => setTimeout(r, 100));
      expect(recorded()).toMatch(/^[0-9a-f-]{20,}$/);
      ids.push(recorded()!);
    });

    for (const round of [1, 2]) {
      step(`kill-server, then restore resumes the conversation (round ${round})`, async () => {
        h.tmux.tmux('kill-server');
        const restored = await h.cli<{ agents: Restored[] }>('restore');
        expect(restored).toMatchObject({ ok: true });
        if (!restored.ok) return;
        const back = restored.data.agents.find((a) => a.target === target)!;
        expect(back).toMatchObject({ outcome: 'restored', resumed: ids.at(-1) });
        expect(back.missingEnv?.length).toBeGreaterThan(0);
        const ask = round === 1 ? said[1]! : `restore: which words did I tell you, ${spec.kind}?`;
        await tell(ask);
        const turn = (await h.turns()).filter((r) => r.text === ask).at(-1)!;
        // The conversation went on: the CLI sent the model the earlier messages with the new one.
        expect(turn.userTexts).toEqual(expect.arrayContaining(round === 1 ? [said[0]] : said));
        const now = recorded();
        console.log(
          `${spec.kind}: resumed ${ids.at(-1)}; the CLI then reported ${now}${now === ids.at(-1) ? ' (the same id)' : ' (a new id: it forked)'}`,
        );
        expect(now).toMatch(/^[0-9a-f-]{20,}$/);
        ids.push(now!);
      });
    }

    step('a new conversation in place (/clear): its new id is recorded, and a restore resumes that one', async () => {
      const before = recorded();
      const sent = await h.cli('agent', 'send', target, spec.clear);
      expect(sent).toMatchObject({ ok: true });
      expect(await h.cli('agent', 'wait', target, '--until', 'idle', '--timeout', '30')).toMatchObject({ ok: true });
      const word = `restore: after the clear, the word RAISIN-${spec.kind}`;
      await tell(word);
      for (const end = Date.now() + 10_000; recorded() === before && Date.now() < end;)
        await new Promise((r) => setTimeout(r, 100));
      const after = recorded()!;
      console.log(
        `${spec.kind}: ${spec.clear} moved the conversation from ${before} to ${after}${after === before ? ' (the same id)' : ''}`,
      );
      h.tmux.tmux('kill-server');
      const restored = await h.cli<{ agents: Restored[] }>('restore');
      expect(restored.ok && restored.data.agents.find((a) => a.target === target)).toMatchObject({
        outcome: 'restored',
        resumed: after,
      });
      const ask = `restore: what did I say after the clear, ${spec.kind}?`;
      await tell(ask);
      const turn = (await h.turns()).filter((r) => r.text === ask).at(-1)!;
      expect(turn.userTexts).toEqual(expect.arrayContaining([word]));
      // The new conversation was resumed, not the one before the clear.
      if (after !== before) expect(turn.userTexts).not.toEqual(expect.arrayContaining([said[0]]));
    });
  });
}
