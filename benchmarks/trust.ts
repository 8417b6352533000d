import { spawn } from 'node:child_process';
import { Monitor } from '../src/monitor/monitor.js';
import { runSweepLoop } from '../src/monitor/sweep-loop.js';
import { TMUXManager } from '../src/manager/tmux-manager.js';
import { spawnAgent } from '../src/agents/spawn-agent.js';
import { benchServer, type BenchServer } from './bench-server.js';
import { summarize, type Measured } from './measure.js';
import { fakeAgentCommand } from './paths.js';
import type { Effort } from './tmux-table.js';

/** What the trust work costs and buys: answers from a frozen tmux, the monitor's way back, one-shot transports. */
export interface TrustResult {
  frozen: { cli: Measured; core: Measured };
  outageS: number;
  recovery: { kind: string; policy: string; backMs: number }[];
  coldStart: { command: string; auto: Measured; control: Measured }[];
  transportOnThisTmux: string;
}

/** Wall time of one CLI run until it exits, whatever its exit code. */
function timeRun(cli: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'ignore'], env });
    child.on('error', reject);
    child.on('close', () => resolve(performance.now() - start));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const serverPid = (s: BenchServer) => Number(s.tmux('display-message', '-p', '#{pid}').trim());

/** CLI and core calls against a SIGSTOPped server: how long until each answers (tmux.timeout). */
async function measureFrozen(cli: string, server: BenchServer, runs: number): Promise<TrustResult['frozen']> {
  const pid = serverPid(server);
  const core = new TMUXManager({ socketName: server.socketName, transport: 'control' });
  await core.snapshot();
  const cliTimes: number[] = [];
  const coreTimes: number[] = [];
  process.kill(pid, 'SIGSTOP');
  try {
    for (let i = 0; i < runs; i++) {
      cliTimes.push(await timeRun(cli, ['-L', server.socketName, '--json', 'list']));
      const start = performance.now();
      await core.snapshot({ fresh: true }).catch(() => undefined);
      coreTimes.push(performance.now() - start);
    }
  } finally {
    process.kill(pid, 'SIGCONT');
    await core.close().catch(() => undefined);
  }
  return { cli: summarize(cliTimes), core: summarize(coreTimes) };
}

/**
 * A monitor (sweeping every 2 s) through an outage of `outageS`: the server frozen then thawed, or killed then started
 * again. Measured: from tmux being back to the monitor's next good sweep, with today's policy (retries 250 ms, 500 ms,
 * then every second) and with the earlier one (1, 2, 4, 8, 16 s...), in the same run.
 */
async function measureRecovery(
  kind: 'frozen' | 'restarted',
  policy: 'now' | 'before',
  outageS: number,
): Promise<number> {
  const server = benchServer('orc-bench-trust');
  server.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '3600');
  const manager = new TMUXManager({ socketName: server.socketName, transport: 'control' });
  await spawnAgent(manager, {
    session: 'team',
    name: 'dev',
    role: 'developer',
    kind: 'claude',
    command: fakeAgentCommand(),
  });
  const monitor = new Monitor(manager, { report: false }, () => undefined);
  const controller = new AbortController();
  let backAt = 0;
  let firstGoodAfter = 0;
  const loop = runSweepLoop(monitor, {
    intervalMs: 2000,
    signal: controller.signal,
    emit: () => undefined,
    ...(policy === 'before' ? { backoffMs: 1000, maxBackoffMs: 30_000 } : {}),
    afterSweep: (connected) => {
      if (connected && backAt > 0 && firstGoodAfter === 0) firstGoodAfter = performance.now();
    },
  });
  try {
    await sleep(2500);
    const pid = serverPid(server);
    if (kind === 'frozen') process.kill(pid, 'SIGSTOP');
    else server.tmux('kill-server');
    await sleep(outageS * 1000);
    if (kind === 'frozen') process.kill(pid, 'SIGCONT');
    else {
      server.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '3600');
      server.tmux('new-session', '-d', '-s', 'team', 'sleep', '3600');
    }
    backAt = performance.now();
    for (const end = backAt + 40_000; firstGoodAfter === 0 && performance.now() < end;) await sleep(20);
    return firstGoodAfter ? firstGoodAfter - backAt : Number.NaN;
  } finally {
    controller.abort();
    await loop.catch(() => undefined);
    await manager.close().catch(() => undefined);
    server.kill();
  }
}

/** One-shot CLI runs with the transport this tmux gets (auto) against a control client forced, interleaved. */
async function measureColdTransports(
  cli: string,
  server: BenchServer,
  runs: number,
): Promise<TrustResult['coldStart']> {
  const commands: [string, string[]][] = [
    ['list --json', ['list']],
    ['agent status <one agent> --json', ['agent', 'status', 'team:dev']],
  ];
  const out: TrustResult['coldStart'] = [];
  for (const [label, args] of commands) {
    const auto: number[] = [];
    const control: number[] = [];
    const argv = ['-L', server.socketName, '--json', ...args];
    for (let i = 0; i < runs; i++) {
      auto.push(await timeRun(cli, argv, { ...process.env, TMUX_ORC_TRANSPORT: '' }));
      control.push(await timeRun(cli, argv, { ...process.env, TMUX_ORC_TRANSPORT: 'control' }));
    }
    out.push({ command: label, auto: summarize(auto), control: summarize(control) });
  }
  return out;
}

/** Runs the trust measurements. */
export async function measureTrust(cli: string, effort: Effort, log: (line: string) => void): Promise<TrustResult> {
  const quick = effort === 'quick';
  const server = benchServer('orc-bench-trust');
  server.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '3600');
  const setup = new TMUXManager({ socketName: server.socketName, transport: 'control' });
  try {
    await spawnAgent(setup, {
      session: 'team',
      name: 'dev',
      role: 'developer',
      kind: 'claude',
      command: fakeAgentCommand(),
    });
    log('trust: cold start per transport');
    const coldStart = await measureColdTransports(cli, server, quick ? 8 : 20);
    log('trust: calls against a frozen tmux server');
    const frozen = await measureFrozen(cli, server, quick ? 2 : 4);
    const outageS = quick ? 5 : 17;
    const recovery: TrustResult['recovery'] = [];
    for (const kind of ['frozen', 'restarted'] as const) {
      for (const policy of ['now', 'before'] as const) {
        log(
          `trust: monitor through a ${outageS} s outage (${kind}, ${policy === 'now' ? "today's retries" : 'the earlier backoff'})`,
        );
        recovery.push({
          kind,
          policy: policy === 'now' ? '250 ms, 500 ms, then every 1 s' : '1, 2, 4, 8, 16 s... (before)',
          backMs: await measureRecovery(kind, policy, outageS),
        });
      }
    }
    const version = server.tmux('display-message', '-p', '#{version}').trim();
    return {
      frozen,
      outageS,
      recovery,
      coldStart,
      transportOnThisTmux: `tmux ${version}: one-shot runs ${Number(version.split('.')[0]) > 3 || Number.parseFloat(version) >= 3.7 ? 'use control mode' : 'spawn a tmux per command (no control client)'}`,
    };
  } finally {
    await setup.close().catch(() => undefined);
    server.kill();
  }
}
