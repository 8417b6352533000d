import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Envelope } from '../../cli/envelope.js';
import { spawnFakeLlm, type FakeLlm, type LoggedRequest } from '../fake-llm/spawn-fake-llm.mjs';
import { requireBuiltCli } from '../helpers/built-cli.js';
import { privateTmux, type PrivateTmux } from '../helpers/private-tmux.js';
import { rootOnlyDir } from '../helpers/root-only-dir.js';
import { agentBin, prepareAgent, REAL_AGENTS } from './agent-env.mjs';
import { processesWithEnv } from './process-tree.js';

/** The three real CLIs the suites drive. */
export type RealKind = keyof typeof REAL_AGENTS;

/** What one suite works with: the fake LLM, a private tmux, a throwaway folder and the built CLI. */
export interface RealAgentHarness {
  kind: RealKind;
  fake: FakeLlm;
  tmux: PrivateTmux;
  /** The session every agent of the suite runs in. */
  session: string;
  /** The project folder the agent works in (where its tool call writes its marker file). */
  cwd: string;
  /** Runs `tmux-orc --json <args>` on the private socket and returns the envelope (also on failure). */
  cli<D = Record<string, unknown>>(...args: string[]): Promise<Envelope<D>>;
  /**
   * `agent spawn` of the real CLI with its throwaway home passed as `--env`, named `name`; `more.env` adds to that
   * environment, `more.args` to the spawn's options (`--no-hooks`).
   */
  spawn(name: string, role?: string, more?: SpawnMore): Promise<Envelope<SpawnData>>;
  /** The throwaway HOME the CLIs run with. */
  home: string;
  /** The environment each spawn passes with `--env` (the throwaway home's, the fake LLM's address and keys). */
  agentEnv: Record<string, string>;
  /** tmux-orc's state directory for the suite (the agents' hook files go there), never the real one. */
  stateDir: string;
  /** Environment the built CLI runs with, besides the suite's own and TMUX_ORC_STATE_DIR (tests may set it). */
  cliEnv: Record<string, string>;
  /** The turn requests (a user message to answer) the fake LLM got, oldest first. */
  turns(): Promise<LoggedRequest[]>;
  /** Waits until the fake LLM logged a request that passes `test`. */
  waitForRequest(test: (r: LoggedRequest) => boolean, timeoutMs?: number): Promise<LoggedRequest>;
  /** The pane's facts and screen, for failure messages. */
  screen(paneId: string): string;
  /**
   * Kills the tmux server (every CLI gets a hang-up), stops the fake LLM and removes the folder; returns the
   * processes that still ran with the throwaway HOME five seconds later (a CLI or a daemon left behind), after
   * killing them.
   */
  close(): Promise<string[]>;
}

/** More for one spawn: environment over the throwaway home's, options (`--no-hooks`), another session. */
export interface SpawnMore {
  env?: Record<string, string>;
  args?: string[];
  session?: string;
}

/** What `agent spawn --json` returns, as far as the suites read it. */
export interface SpawnData {
  ready: boolean;
  state: string;
  agent: { target: string; paneId: string; command: string[]; env?: Record<string, string> };
}

/** Whether `npm run agents:install` put the pinned version of this CLI in .agents-cache/. */
export function isInstalled(kind: RealKind): boolean {
  return agentBin(kind) !== undefined;
}

/**
 * `describe` for a real CLI's suite, or `describe.skip` when the CLI is not installed. A skip is announced with
 * one loud line per test run (not per file), listing every CLI that is missing.
 */
export function describeRealAgent(kind: RealKind, body: () => void): void {
  if (isInstalled(kind)) {
    describe(`real ${kind} (${REAL_AGENTS[kind].package}@${REAL_AGENTS[kind].version})`, body);
    return;
  }
  announceSkip();
  describe.skip(`real ${kind}: not installed`, body);
}

function announceSkip(): void {
  // Workers are forked by the jest process: their parent is the run; in band, the run is this process.
  const run = process.send ? process.ppid : process.pid;
  const prefix = 'tmux-orc-real-agents-skip-';
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(prefix))) {
    if (!alive(Number(name.slice(prefix.length)))) rmSync(join(tmpdir(), name), { force: true });
  }
  try {
    writeFileSync(join(tmpdir(), `${prefix}${run}`), '', { flag: 'wx' });
  } catch {
    return;
  }
  const missing = (Object.keys(REAL_AGENTS) as RealKind[]).filter((k) => !isInstalled(k));
  process.stderr.write(
    `\n!!! REAL-AGENT TESTS SKIPPED: ${missing.join(', ')} not installed (at the pinned version) in .agents-cache/ — run \`npm run agents:install\` first (.ci/run does) !!!\n\n`,
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** How a suite's harness is made. */
export interface HarnessOptions {
  /** The socket name's prefix (each suite file its own, so that suites running at once never share a server). */
  prefix?: string;
  /**
   * A state directory that Gemini CLI accepts a settings file from (root-owned folders nobody else may write: under
   * the worktree, not /tmp), for its hooks; only as root (hooks.ts says why).
   */
  secureStateDir?: boolean;
  /** A folder the fake LLM writes every request to (headers and body), for tests of what the CLI sent. */
  dump?: string;
}

/** Starts the fake LLM, a private tmux and a throwaway folder for one suite; close() removes them all. */
export async function startHarness(kind: RealKind, options: HarnessOptions = {}): Promise<RealAgentHarness> {
  const cliPath = requireBuiltCli();
  const dir = mkdtempSync(join(tmpdir(), `orc-real-${kind}-`));
  const fake = await spawnFakeLlm(options.dump ? { dump: options.dump } : undefined);
  const tmux = privateTmux(options.prefix ?? `orc-real-${kind}`);
  const prepared = prepareAgent(kind, { dir, port: fake.port });
  const home = prepared.env.HOME!;
  // The agents' hook files go to tmux-orc's state directory: the suite's own, never the user's.
  const stateDir = (options.secureStateDir && rootOnlyDir('.orc-real-state-')) || join(dir, 'state');
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  chmodSync(stateDir, 0o700);

  const cli = <D>(...args: string[]) =>
    new Promise<Envelope<D>>((resolve, reject) => {
      const env = { ...process.env, TMUX_ORC_STATE_DIR: stateDir, ...harness.cliEnv };
      const argv = [cliPath, '-L', tmux.socketName, '--json', ...args];
      execFile(process.execPath, argv, { encoding: 'utf8', timeout: 120_000, env }, (error, stdout, stderr) => {
        try {
          resolve(JSON.parse(stdout) as Envelope<D>);
        } catch {
          reject(
            new Error(
              `tmux-orc ${args.join(' ')} printed no envelope (${error?.message ?? 'exit 0'}): ${stdout}${stderr}`,
            ),
          );
        }
      });
    });

  const harness: RealAgentHarness = {
    kind,
    fake,
    tmux,
    session: `real-${kind}`,
    cwd: prepared.cwd,
    cli,
    home,
    agentEnv: prepared.env,
    stateDir,
    cliEnv: {},
    spawn: (name, role = 'developer', more = {}) =>
      cli(
        'agent',
        'spawn',
        more.session ?? harness.session,
        '--name',
        name,
        '--role',
        role,
        '--kind',
        kind,
        '--cwd',
        prepared.cwd,
        ...Object.entries({ ...prepared.env, ...more.env }).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
        ...(more.args ?? []),
        '--command',
        prepared.command[0]!,
      ),
    turns: async () => (await fake.requests()).filter((r) => r.role === 'turn'),
    async waitForRequest(test, timeoutMs = 15_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = (await fake.requests()).find(test);
        if (found) return found;
        if (Date.now() > end) throw new Error(`the fake LLM got no matching request within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    screen(paneId) {
      try {
        const facts = tmux.tmux(
          'display',
          '-p',
          '-t',
          paneId,
          'title=[#{pane_title}] command=#{pane_current_command} dead=#{pane_dead}',
        );
        return `${facts}${tmux.tmux('capture-pane', '-p', '-t', paneId).trimEnd()}`;
      } catch (error) {
        return `(no screen: ${(error as Error).message})`;
      }
    },
    async close() {
      // Killing the server hangs up every pane, so the CLIs exit; the fake LLM goes last so none of them hangs.
      await tmux.kill();
      const left = await settled(() => processesWithEnv(home));
      // Reported to the suite, but not left running on the machine.
      for (const line of left) {
        try {
          process.kill(Number(line.split(' ')[0]), 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
      await fake.close();
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      rmSync(stateDir, { recursive: true, force: true });
      return left;
    },
  };
  return harness;
}

/** Polls a probe until it returns nothing or 5 s pass (processes take a moment to exit after a hang-up). */
async function settled(probe: () => string[]): Promise<string[]> {
  const end = Date.now() + 5000;
  for (;;) {
    const found = probe();
    if (found.length === 0 || Date.now() > end) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
}
