import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { deliverMessage } from '../src/agents/deliver-message.js';
import { spawnAgent } from '../src/agents/spawn-agent.js';
import { waitForState } from '../src/agents/wait-for-state.js';
import { TMUXManager } from '../src/manager/tmux-manager.js';
import { Monitor } from '../src/monitor/monitor.js';
import { runSweepLoop } from '../src/monitor/sweep-loop.js';
import { ControlTransport } from '../src/tmux/control-transport.js';
import type { CloseOptions, CommandOutcome, Transport } from '../src/tmux/transport.js';
import type { ControlNotification } from '../src/tmux/control-notification.js';
import { hookEventArgs } from '../test/helpers/fire-hook.js';
import { benchServer, type BenchServer } from './bench-server.js';
import { growFleet } from './fleet.js';
import { summarize, type Measured } from './measure.js';
import { FAKE_AGENT } from './paths.js';
import type { Effort } from './tmux-table.js';

/** What the exact-state work buys: waits that wake on events, and a monitor that leaves an idle fleet alone. */
export interface EventsResult {
  wait: { polling: Measured; hooks: Measured };
  monitor: {
    agents: number;
    seconds: number;
    rows: {
      label: string;
      commandsPerMin: number;
      capturesPerMin: number;
      tmuxCpuMsPerMin: number;
      ownCpuMsPerMin: number;
    }[];
  };
}

/** A transport that counts the tmux commands it carries. */
class CountingTransport implements Transport {
  readonly kind = 'control' as const;
  commands = 0;
  constructor(private readonly inner: ControlTransport) {}
  run(argv: readonly string[]): Promise<string[]> {
    this.commands++;
    return this.inner.run(argv);
  }
  runMany(commands: readonly (readonly string[])[]): Promise<CommandOutcome[]> {
    this.commands += commands.length;
    return this.inner.runMany(commands);
  }
  runList(commands: readonly (readonly string[])[]): Promise<string[]> {
    this.commands += commands.length;
    return this.inner.runList(commands);
  }
  runUnless(condition: string, pane: string, command: readonly string[]): Promise<boolean> {
    this.commands += 2;
    return this.inner.runUnless(condition, pane, command);
  }
  subscribe(name: string, what: string, format: string): Promise<void> {
    this.commands++;
    return this.inner.subscribe(name, what, format);
  }
  onNotification(listener: (n: ControlNotification) => void): () => void {
    return this.inner.onNotification(listener);
  }
  close(options?: CloseOptions): Promise<void> {
    return this.inner.close(options);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU time (utime + stime) of a process so far, in ms, from /proc (Linux). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ is 100 on Linux
}

/**
 * Writes a hook event as tmux-orc's hook script does, from other processes (a hook is not the waiting process: a
 * synchronous spawn here would stall the very wait being timed).
 */
async function fireHook(server: BenchServer, pane: string, event: string, signal = true): Promise<void> {
  await run('tmux', ['-L', server.socketName, ...hookEventArgs(pane, event)]);
  if (signal) await run('tmux', ['-L', server.socketName, 'wait-for', '-S', 'tmux-orc-hook']);
}
const run = promisify(execFile);

/**
 * From a fake agent's turn ending to `agent wait --until idle` returning: by polling the screen (no hooks: every
 * 100 ms, two reads that agree), and by its hook (the stop event written and signalled when the turn ends).
 */
async function measureWait(dir: string, samples: number, log: (line: string) => void): Promise<EventsResult['wait']> {
  const server = benchServer('orc-bench-events');
  server.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '3600');
  const manager = new TMUXManager({ socketName: server.socketName, transport: 'control' });
  const busyMs = 300;
  try {
    const out: Record<'polling' | 'hooks', number[]> = { polling: [], hooks: [] };
    for (const mode of ['polling', 'hooks'] as const) {
      const logFile = join(dir, `events-wait-${mode}.jsonl`);
      const { agent } = await spawnAgent(manager, {
        session: `w-${mode}`,
        name: 'dev',
        role: 'developer',
        kind: 'claude',
        command: [
          process.execPath,
          FAKE_AGENT,
          '--kind',
          'claude',
          '--log',
          logFile,
          '--ready-ms',
          '100',
          '--busy-ms',
          String(busyMs),
        ],
      });
      for (let i = 0; i < samples; i++) {
        await deliverMessage(manager, agent, `turn ${i}`);
        if (mode === 'hooks') await fireHook(server, agent.paneId, 'prompt', false);
        const entries = readFileSync(logFile, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { t: number; text?: string });
        const submittedAt = entries.filter((e) => e.text === `turn ${i}`).at(-1)!.t;
        const endsAt = submittedAt + busyMs;
        // The hook's own time: from when it starts writing (as a CLI's hook starts when its turn ends).
        let firedAt = endsAt;
        if (mode === 'hooks')
          setTimeout(
            () => void ((firedAt = Date.now()), fireHook(server, agent.paneId, 'stop')),
            Math.max(0, endsAt - Date.now()),
          );
        await waitForState(manager, agent, { state: 'idle' }, { timeoutMs: 10_000 });
        out[mode].push(Date.now() - (mode === 'hooks' ? firedAt : endsAt));
        await sleep(50);
      }
      log(`events: wait by ${mode}: p50 ${summarize(out[mode]).p50.toFixed(1)} ms`);
    }
    return { polling: summarize(out.polling), hooks: summarize(out.hooks) };
  } finally {
    await manager.close().catch(() => undefined);
    server.kill();
  }
}

/** The monitor over an idle fleet for `seconds`: tmux commands, captures and CPU per minute, without and with hooks. */
async function measureMonitor(
  agentsWanted: number,
  seconds: number,
  log: (line: string) => void,
): Promise<EventsResult['monitor']> {
  const server = benchServer('orc-bench-events');
  server.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '3600');
  const setup = new TMUXManager({ socketName: server.socketName, transport: 'control' });
  try {
    const fleet = await growFleet(setup, Math.ceil(agentsWanted / 4), log);
    const tmuxPid = Number(server.tmux('display-message', '-p', '#{pid}').trim());
    const rows: EventsResult['monitor']['rows'] = [];
    for (const hooked of [false, true]) {
      if (hooked) for (const agent of fleet.agents) await fireHook(server, agent.paneId, 'stop', false);
      const counting = new CountingTransport(new ControlTransport({ socketName: server.socketName }));
      const manager = new TMUXManager({ socketName: server.socketName, transport: counting });
      const monitor = new Monitor(manager, { report: false }, () => undefined);
      const controller = new AbortController();
      // One sweep to look at everything first; then the idle minute is measured.
      await monitor.sweep();
      const [commands0, captures0, tmux0, own0] = [
        counting.commands,
        monitor.figures().captures,
        cpuMs(tmuxPid),
        process.cpuUsage(),
      ];
      const loop = runSweepLoop(monitor, {
        intervalMs: 2000,
        signal: controller.signal,
        emit: () => undefined,
        wakeOn: (wake) => manager.onHookEvent(wake),
      });
      await sleep(seconds * 1000);
      controller.abort();
      await loop;
      const own = process.cpuUsage(own0);
      const perMin = (v: number) => Math.round((v * 60) / seconds);
      rows.push({
        label: hooked ? 'agents with hooks (each last reported stop)' : 'agents without hooks (the screen only)',
        commandsPerMin: perMin(counting.commands - commands0),
        capturesPerMin: perMin(monitor.figures().captures - captures0),
        tmuxCpuMsPerMin: perMin(cpuMs(tmuxPid) - tmux0),
        ownCpuMsPerMin: perMin((own.user + own.system) / 1000),
      });
      log(
        `events: monitor over ${fleet.agents.length} idle agents, ${hooked ? 'hooks' : 'no hooks'}: ${JSON.stringify(rows.at(-1))}`,
      );
      await manager.close();
    }
    return { agents: fleet.agents.length, seconds, rows };
  } finally {
    await setup.close().catch(() => undefined);
    server.kill();
  }
}

/** Runs the exact-state measurements. */
export async function measureEvents(dir: string, effort: Effort, log: (line: string) => void): Promise<EventsResult> {
  const quick = effort === 'quick';
  const wait = await measureWait(dir, quick ? 8 : 25, log);
  const monitor = await measureMonitor(quick ? 40 : 200, quick ? 15 : 60, log);
  return { wait, monitor };
}
