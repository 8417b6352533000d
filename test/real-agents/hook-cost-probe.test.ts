import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deliverMessage } from '../../src/agents/deliver-message.js';
import { findAgent } from '../../src/agents/find-agent.js';
import { waitForState } from '../../src/agents/wait-for-state.js';
import { isInstalled, startHarness, type RealKind } from './real-agent-harness.js';
import { paneLaunch } from '../helpers/pane-launch.js';

// Measures what tmux-orc's hooks cost each real CLI per turn, two ways, on one agent with hooks and one without
// (--no-hooks), taking turns: (1) how long each hook ran as the CLI ran it (the copied script is wrapped to time
// itself); (2) from the start of a delivery to the model request it makes (the prompt hook runs in between), timed by
// the fake LLM; (3) the wall time of a turn, from the message's submission to idle again (agent wait's polling
// steps blur this one), with and without hooks.
// Run with TMUX_ORC_PROBE=1 [TMUX_ORC_PROBE_KINDS=claude,codex,gemini] [TMUX_ORC_PROBE_N=10].
const PROBE = process.env.TMUX_ORC_PROBE === '1';
const N = Number(process.env.TMUX_ORC_PROBE_N ?? 10);
const only = process.env.TMUX_ORC_PROBE_KINDS?.split(',');
const kinds = (['claude', 'codex', 'gemini'] as const).filter((k) => isInstalled(k) && (!only || only.includes(k)));
// Gemini takes hooks only from root-owned files (gemini-hooks.ts).
const runnable = kinds.filter((k) => k !== 'gemini' || process.getuid?.() === 0);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

(PROBE ? describe : describe.skip)('hook cost probe (TMUX_ORC_PROBE=1)', () => {
  it.each(runnable)(
    '%s: time per hook and per turn, with hooks and without',
    async (kind: RealKind) => {
      const prefix = `orc-hooks14-probe-${kind}`;
      const h = await startHarness(kind, { prefix, ...(kind === 'gemini' ? { secureStateDir: true } : {}) });
      try {
        if (kind === 'codex') h.cliEnv.TMUX_ORC_CODEX_HOOK_TRUST = 'bypass';
        const hooked = await h.spawn('hooked');
        delete h.cliEnv.TMUX_ORC_CODEX_HOOK_TRUST;
        const plain = await h.spawn('plain', 'developer', { args: ['--no-hooks'], session: `${h.session}-plain` });
        if (!hooked.ok || !plain.ok) throw new Error(`spawn failed: ${JSON.stringify(hooked.ok ? plain : hooked)}`);
        const manager = h.tmux.manager();
        const agents = {
          hooked: await findAgent(manager, hooked.data.agent.target),
          plain: await findAgent(manager, plain.data.agent.target),
        };
        const turns: Record<'hooked' | 'plain', number[]> = { hooked: [], plain: [] };
        const toRequest: Record<'hooked' | 'plain', number[]> = { hooked: [], plain: [] };
        const turn = async (which: 'hooked' | 'plain', text: string, record = true) => {
          const started = Date.now();
          await deliverMessage(manager, agents[which], text);
          const submitted = Date.now();
          const request = await h.waitForRequest((r) => r.role === 'turn' && r.text === text, 30_000);
          await waitForState(manager, agents[which], { state: 'idle' }, { timeoutMs: 30_000 });
          if (!record) return;
          turns[which].push(Date.now() - submitted);
          toRequest[which].push(request.at - started);
        };
        for (let i = 0; i < N; i++) {
          for (const which of ['hooked', 'plain'] as const) await turn(which, `probe turn ${i} for the ${which} agent`);
        }

        // Then the script the CLI runs, our copy in the agent's hook folder, is wrapped to log its own run time.
        const launch = paneLaunch(h.tmux, hooked.data.agent.paneId);
        const settingsArg = launch.argv.find((a) => a.includes(join(h.stateDir, 'hooks')));
        const hookDirOf = (text: string) => /(\/[^"' ]*\/hooks\/[^/"' ]+)\//.exec(text)?.[1];
        const geminiFile = launch.env.GEMINI_CLI_SYSTEM_DEFAULTS_PATH ?? '';
        const dir = hookDirOf(settingsArg ?? '') ?? hookDirOf(geminiFile) ?? '';
        expect(dir).not.toBe('');
        const script = join(dir, 'tmux-orc-hook.sh');
        const log = join(dirname(dir), 'durations.log');
        renameSync(script, `${script}.real`);
        const wrapper = `s=$(date +%s%N)\nsh '${script}.real' "$@"\ne=$(date +%s%N)\necho "$1 $s $e" >> '${log}'\n`;
        writeFileSync(script, wrapper, { mode: 0o600 });
        for (let i = 0; i < N; i++) await turn('hooked', `probe timed turn ${i}`, false);
        const durations = new Map<string, number[]>();
        for (const line of readFileSync(log, 'utf8').trim().split('\n')) {
          const [event, start, end] = line.split(' ');
          durations.set(event!, [...(durations.get(event!) ?? []), (Number(end) - Number(start)) / 1e6]);
        }
        const perEvent = [...durations].map(
          ([event, ms]) => `${event} ${median(ms).toFixed(1)} ms (n=${ms.length}, max ${Math.max(...ms).toFixed(1)})`,
        );
        const both = (of: Record<'hooked' | 'plain', number[]>) =>
          `with hooks ${median(of.hooked)} ms, without ${median(of.plain)} ms`;
        process.stdout.write(
          `${kind} hooks, median run time per event: ${perEvent.join(', ')}\n` +
            `${kind} delivery start to model request, median of ${N}: ${both(toRequest)}\n` +
            `${kind} turn, submitted to idle, median of ${N}: ${both(turns)}\n`,
        );
        expect(durations.get('prompt')?.length).toBeGreaterThanOrEqual(N);
      } finally {
        expect(await h.close()).toEqual([]);
      }
    },
    10 * 60_000,
  );
});
