import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { promptDigest, type HookEvent } from '../../src/agents/hooks/hook-event.js';
import { TOOL_COMMAND } from '../fake-llm/script.mjs';
import { hookOrder, readHookOptions, type HookOptions } from '../helpers/hook-options.js';
import { paneLaunch, type PaneLaunch } from '../helpers/pane-launch.js';
import { describeRealAgent, startHarness, type RealAgentHarness, type RealKind } from './real-agent-harness.js';
import { step } from './real-agent-suite.js';

/** What differs between the CLIs in the hooks suite. */
export interface RealHookSpec {
  kind: RealKind;
  quit: string;
  /** The tool name the CLI's hooks report for the fake LLM's shell tool call. */
  tool: string;
  /** Environment for the agent with hooks (Claude: no retries, so that a 429 ends the turn at once). */
  spawnEnv?: Record<string, string>;
  /** Environment for the built CLI when it spawns the agent with hooks (Codex: TMUX_ORC_CODEX_HOOK_TRUST). */
  cliEnv?: Record<string, string>;
  /** Codex starts its session (and SessionStart) with the first prompt, not at start. */
  sessionOnFirstPrompt?: true;
  /** Gemini CLI takes its hooks only from a root-owned state directory (gemini-hooks.ts). */
  secureStateDir?: boolean;
  /** A message whose turn ends on an API error, and the detail of the error event it gives. */
  error?: { message: string; detail: RegExp };
  /** The agent with hooks was started with them: its command or environment says so. */
  /** Checks what the CLI was started with: the saved command keeps none of the hooks, the launch has them. */
  installed(launch: PaneLaunch, h: RealAgentHarness): void;
  /** The CLI's own configuration in the throwaway HOME holds nothing of tmux-orc's. */
  untouched(h: RealAgentHarness): void;
  /** Files under HOME that are the CLI's own records of what ran (session logs), which may name the hook. */
  records?: RegExp;
  /** Tests that only this CLI runs, before the quit. */
  more?: (h: () => RealAgentHarness) => void;
}

/**
 * The hooks suite every real CLI runs, offline, on one agent with hooks and one without (`--no-hooks`): the session
 * id at start, a prompt's digest and the turn's end, a tool call that waits for approval and goes on, an API error
 * where the CLI has an event for it, and the end of the session; the pane options must show the events in order,
 * with increasing numbers, and the user's configuration in the throwaway HOME nothing of tmux-orc's.
 */
export function realHookSuite(spec: RealHookSpec): void {
  describeRealAgent(spec.kind, () => {
    const rootOnly = spec.secureStateDir && process.getuid?.() !== 0;
    const title = `hooks${rootOnly ? ' (Gemini CLI takes them only from root-owned files: run as root)' : ''}`;
    (rootOnly ? describe.skip : describe)(title, () => {
      let h: RealAgentHarness;
      let target = '';
      let pane = '';
      const options = (): HookOptions => readHookOptions(h.tmux, pane);
      const seq = () => options().seq ?? 0;
      const waitUntil = (state: string, on = target, seconds = 30) =>
        h.cli('agent', 'wait', on, '--until', state, '--timeout', String(seconds));
      const send = async (text: string, to = target) =>
        expect(await h.cli('agent', 'send', to, text)).toMatchObject({ ok: true, data: { submitted: true } });

      /** Waits until the hooks have written `events` (in this order) after number `after`; fails with what they did. */
      async function expectEvents(after: number, events: HookEvent[], ms = 20_000): Promise<HookOptions> {
        let now = options();
        for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
          now = options();
          if (events.every((e) => (now.events[e]?.seq ?? 0) > after)) break;
        }
        const order = hookOrder(now, after);
        if (JSON.stringify(order) !== JSON.stringify(events)) {
          console.log(`${spec.kind}: hooks wrote ${JSON.stringify(now)}; the pane shows:\n${h.screen(pane)}`);
        }
        expect(order).toEqual(events);
        // Increasing numbers, and the last option names the latest.
        const seqs = events.map((e) => now.events[e]!.seq);
        expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
        expect(now.last).toBe(`${now.seq} ${events.at(-1)}`);
        return now;
      }

      beforeAll(async () => {
        const prefix = `orc-hooks14-real-${spec.kind}`;
        h = await startHarness(spec.kind, { prefix, ...(spec.secureStateDir ? { secureStateDir: true } : {}) });
      }, 30_000);

      afterAll(async () => {
        const left = await h?.close();
        expect(left ?? []).toEqual([]);
      }, 30_000);

      /** The session event carries the CLI's own id: its session files are named by it or hold it. */
      function expectSessionId(now: HookOptions): void {
        const id = now.events.session!.detail;
        expect(id).toMatch(/^[0-9a-f-]{20,}$/);
        expect(homeMentions(h.home, id)).toBe(true);
      }

      const when = spec.sessionOnFirstPrompt ? 'with the first prompt' : 'at start';
      step(`spawns with hooks, and the CLI reports its session id ${when}`, async () => {
        Object.assign(h.cliEnv, spec.cliEnv);
        const spawned = await h.spawn('hooked', 'developer', { env: spec.spawnEnv ?? {} });
        for (const key of Object.keys(spec.cliEnv ?? {})) delete h.cliEnv[key];
        if (!spawned.ok) console.log(`${spec.kind} spawn failed: ${JSON.stringify(spawned)}`);
        expect(spawned).toMatchObject({ ok: true, data: { ready: true, state: 'idle' } });
        if (!spawned.ok) return;
        target = spawned.data.agent.target;
        pane = spawned.data.agent.paneId;
        spec.installed(paneLaunch(h.tmux, pane), h);
        expect(JSON.stringify(spawned.data.agent.command)).not.toContain(join(h.stateDir, 'hooks'));
        if (!spec.sessionOnFirstPrompt) expectSessionId(await expectEvents(0, ['session']));
      });

      step('a message: its prompt event carries the digest of what was sent, then the turn ends', async () => {
        const before = seq();
        const text = `hooks: one line with #{pane_id} ; "quotes" and $HOME`;
        await send(text);
        const first: HookEvent[] = spec.sessionOnFirstPrompt ? ['session'] : [];
        const now = await expectEvents(before, [...first, 'prompt', 'stop']);
        if (spec.sessionOnFirstPrompt) expectSessionId(now);
        expect(now.events.prompt!.detail).toBe(promptDigest(text));
        expect(now.events.prompt!.at).toBeLessThanOrEqual(now.events.stop!.at);
      });

      step('a three-line message: the digest is that of the text sent, lines and all', async () => {
        const before = seq();
        const text = ['hooks: the first of three lines', '  the second, indented', 'and the third'].join('\n');
        await send(text);
        const now = await expectEvents(before, ['prompt', 'stop']);
        expect(now.events.prompt!.detail).toBe(promptDigest(text));
      });

      step('a tool call: tool and permission while it waits, and the turn ends once approved', async () => {
        const marker = join(h.cwd, TOOL_COMMAND.split(' ')[1]!);
        const before = seq();
        await send('hooks: please run the TOOLCALL now');
        expect(await waitUntil('waiting')).toMatchObject({ ok: true, data: { state: 'waiting' } });
        const waiting = await expectEvents(before, ['prompt', 'tool', 'permission']);
        expect(waiting.events.tool!.detail).toBe(spec.tool);
        expect(waiting.events.permission!.detail).toBe(spec.tool);
        expect(await h.cli('agent', 'approve', target)).toMatchObject({ ok: true });
        await expectEvents(waiting.seq!, ['stop']);
        expect(await waitUntil('idle')).toMatchObject({ ok: true });
        expect(existsSync(marker)).toBe(true);
      });

      if (spec.error) {
        const { message, detail } = spec.error;
        step('a turn that ends on an API error: the error event says which', async () => {
          const before = seq();
          await send(message);
          const now = await expectEvents(before, ['prompt', 'error']);
          expect(now.events.error!.detail).toMatch(detail);
          expect(now.events.stop?.seq ?? 0).toBeLessThanOrEqual(before);
        });
      }

      step('with --no-hooks, nothing is installed and nothing is written', async () => {
        // In the hooked agent's session: the environment that agent started with is its own, not the session's.
        const spawned = await h.spawn('plain', 'developer', { args: ['--no-hooks'] });
        expect(spawned).toMatchObject({ ok: true, data: { ready: true } });
        if (!spawned.ok) return;
        expect(JSON.stringify(spawned.data.agent)).not.toContain(h.stateDir);
        const launch = paneLaunch(h.tmux, spawned.data.agent.paneId);
        const hookFolder = join(h.stateDir, 'hooks');
        expect(launch.argv.filter((a) => a.includes(hookFolder))).toEqual([]);
        expect(Object.entries(launch.env).filter(([, v]) => v.includes(hookFolder))).toEqual([]);
        const text = 'no hooks for this one';
        await send(text, spawned.data.agent.target);
        await h.waitForRequest((r) => r.role === 'turn' && r.text === text);
        expect(await waitUntil('idle', spawned.data.agent.target)).toMatchObject({ ok: true });
        expect(readHookOptions(h.tmux, spawned.data.agent.paneId)).toEqual({ events: {} });
      });

      step("the user's configuration in HOME holds nothing of tmux-orc's", async () => {
        spec.untouched(h);
        // The hook files are in tmux-orc's state directory; what in HOME names them is the CLI's own record of what
        // ran (session logs), never a configuration file.
        const mentions = homeFilesMentioning(h.home, 'tmux-orc-hook');
        if (mentions.length) console.log(`${spec.kind}: HOME files naming the hook: ${mentions.join(', ')}`);
        const configs = mentions.filter((path) => /\.(json|toml|ya?ml|ini)$/.test(path) && !spec.records?.test(path));
        expect(configs).toEqual([]);
      });

      spec.more?.(() => h);

      step("the CLI's own quit ends the session: the end event", async () => {
        const before = seq();
        await send(spec.quit);
        expect(await waitUntil('crashed', target, 15)).toMatchObject({ ok: true });
        // Whether a slash command counts as a prompt differs between the CLIs: only the end is asserted.
        for (const end = Date.now() + 10_000; (options().events.end?.seq ?? 0) <= before && Date.now() < end;) {
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(options().events.end?.seq).toBeGreaterThan(before);
        expect(options().last).toBe(`${options().seq} end`);
      });
    });
  });
}

/**
 * The files under `home` that have `text` in their path or in their first 256 KiB; the CLIs' caches and binaries
 * (folders named node_modules or .cache, files over 4 MiB) are skipped.
 */
export function homeFilesMentioning(home: string, text: string): string[] {
  const walk = (dir: string): string[] =>
    entries(dir).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (path.includes(text)) return [path];
      if (entry.isDirectory()) return entry.name !== 'node_modules' && entry.name !== '.cache' ? walk(path) : [];
      return entry.isFile() && fileMentions(path, text) ? [path] : [];
    });
  return walk(home);
}

// The CLI is still running while its home is read: a folder or file it removes meanwhile (Claude Code's plugin
// marketplace checkout, say) is simply not there any more.
function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function fileMentions(path: string, text: string): boolean {
  try {
    return (
      statSync(path).size <= 4 << 20 &&
      readFileSync(path)
        .subarray(0, 256 << 10)
        .includes(text)
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Whether some file under `home` has `text` in its path or its first 256 KiB. */
export function homeMentions(home: string, text: string): boolean {
  return homeFilesMentioning(home, text).length > 0;
}
