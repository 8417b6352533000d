import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Envelope } from '../../cli/envelope.js';
import { spawnFakeLlm, type FakeLlm, type LoggedRequest } from '../fake-llm/spawn-fake-llm.mjs';
import { requireBuiltCli } from '../helpers/built-cli.js';
import { privateTmux, type PrivateTmux } from '../helpers/private-tmux.js';
import { agentBin, prepareAgent, REAL_AGENTS } from './agent-env.mjs';

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
  /** `agent spawn` of the real CLI with its throwaway home passed as `--env`, named `name`. */
  spawn(name: string): Promise<Envelope<{ ready: boolean; state: string; agent: { target: string; paneId: string } }>>;
  /** The turn requests (a user message to answer) the fake LLM got, oldest first. */
  turns(): Promise<LoggedRequest[]>;
  /** Waits until the fake LLM logged a request that passes `test`. */
  waitForRequest(test: (r: LoggedRequest) => boolean, timeoutMs?: number): Promise<LoggedRequest>;
  close(): Promise<void>;
}

/** Whether `npm run agents:install` put this CLI in .agents-cache/. */
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
  process.stderr.write(`\n!!! REAL-AGENT TESTS SKIPPED: ${missing.join(', ')} not installed in .agents-cache/ — run \`npm run agents:install\` first (.ci/run does) !!!\n\n`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts the fake LLM, a private tmux and a throwaway folder for one suite; close() removes them all. */
export async function startHarness(kind: RealKind): Promise<RealAgentHarness> {
  const cliPath = requireBuiltCli();
  const dir = mkdtempSync(join(tmpdir(), `orc-real-${kind}-`));
  const fake = await spawnFakeLlm();
  const tmux = privateTmux(`orc-real-${kind}`);
  const prepared = prepareAgent(kind, { dir, port: fake.port });

  const cli = <D>(...args: string[]) => new Promise<Envelope<D>>((resolve, reject) => {
    execFile(process.execPath, [cliPath, '-L', tmux.socketName, '--json', ...args], { encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
      try {
        resolve(JSON.parse(stdout) as Envelope<D>);
      } catch {
        reject(new Error(`tmux-orc ${args.join(' ')} printed no envelope (${error?.message ?? 'exit 0'}): ${stdout}${stderr}`));
      }
    });
  });

  const harness: RealAgentHarness = {
    kind, fake, tmux, session: `real-${kind}`, cwd: prepared.cwd, cli,
    spawn: (name) => cli('agent', 'spawn', harness.session, '--name', name, '--kind', kind, '--cwd', prepared.cwd,
      ...Object.entries(prepared.env).flatMap(([k, v]) => ['--env', `${k}=${v}`]), '--command', prepared.command[0]!),
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
    async close() {
      // Killing the server hangs up every pane, so the CLIs exit; the fake LLM goes last so none of them hangs.
      await tmux.kill();
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** SIGKILLs the program in a pane and everything it started, as an OOM kill or `kill -9` would. */
export function killPaneProcesses(tmux: PrivateTmux, paneId: string): number[] {
  const root = Number(tmux.tmux('display', '-p', '-t', paneId, '#{pane_pid}').trim());
  const tree = [root, ...descendants(root)];
  for (const pid of tree) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return tree;
}

/** The pids below a process, read from /proc (Linux, where the real CLIs run). */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileStat(Number(entry));
      if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

function readFileStat(pid: number): { ppid: number } | undefined {
  const text = readFileSyncSafe(`/proc/${pid}/stat`);
  // The command name is in brackets and may hold spaces: the fields after the last `)` are fixed.
  const rest = text?.slice(text.lastIndexOf(')') + 2).split(' ');
  return rest ? { ppid: Number(rest[1]) } : undefined;
}

function readFileSyncSafe(path: string): string | undefined {
  try {
    return readFileSyncRaw(path);
  } catch {
    return undefined;
  }
}

import { readFileSync as readFileSyncRaw } from 'node:fs';

/** Processes whose command line mentions this text (to check that no CLI or daemon outlived its suite). */
export function processesMatching(text: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    const cmdline = readFileSyncSafe(`/proc/${entry}/cmdline`)?.replace(/\0/g, ' ').trim();
    if (cmdline && cmdline.includes(text)) out.push(`${entry} ${cmdline}`);
  }
  return out;
}
