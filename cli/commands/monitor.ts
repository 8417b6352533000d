import { statSync } from 'node:fs';
import type { z as Zod } from 'zod';
import { startDaemon, stopDaemon } from '../../src/monitor/daemon.js';
import { readEventsSince, readLastEvents } from '../../src/monitor/event-log.js';
import { formatEvent } from '../../src/monitor/format-event.js';
import type { LoggedEvent } from '../../src/monitor/monitor-event.js';
import type { MonitorFigures } from '../../src/monitor/monitor.js';
import type { MonitorOptions } from '../../src/monitor/monitor-options.js';
import { monitorPaths } from '../../src/monitor/monitor-paths.js';
import { runningPid } from '../../src/monitor/pidfile.js';
import { runFleetMonitor, runMonitor } from '../../src/monitor/run-monitor.js';
import { readStatus } from '../../src/monitor/status-file.js';
import { OrcError } from '../../src/errors.js';
import { sleep } from '../../src/monitor/sweep-loop.js';
import { defineCommand, type CommandGroup, type CommandInput, type OptionSpec } from '../command-spec.js';
import { isNegated, optionKey, takesValue } from '../option-key.js';
import { bold, colorState, dim, red } from '../style.js';
import { counted } from '../plural.js';
import { socketOptions } from '../socket-options.js';
import { dashboardCommand } from './dashboard.js';

/** The options `monitor run` takes; `monitor start` passes the same ones to the daemon. */
const RUN_OPTIONS: readonly OptionSpec[] = [
  {
    flags: '-i, --interval <seconds>',
    description: 'seconds between sweeps',
    type: 'number',
    min: 0.1,
    max: 3600,
    default: 2,
  },
  {
    flags: '-s, --session <session>',
    description: "watch only this session's agents (every session by default)",
    mcpDescription: '',
  },
  {
    flags: '--report-cooldown <seconds>',
    description: 'at most one report per team to its PM in this many seconds',
    mcpDescription: 'seconds',
    type: 'number',
    min: 0,
    max: 86400,
    default: 30,
  },
  {
    flags: '--no-report',
    description: 'send the PMs no reports (events are still logged)',
    mcpDescription: 'false: log only',
  },
  {
    flags: '--idle-escalate <seconds>',
    description: 'tell the PM, and any orchestrator, when every agent of the team has been idle this long; 0 never',
    mcpDescription: 'seconds all idle before the PM is told',
    type: 'number',
    min: 0,
    max: 604800,
    default: 600,
  },
  {
    flags: '--auto-submit',
    description:
      "press Enter on a message left unsent in an idle agent's input box (the same text for 2 sweeps and 3 s; 3 tries at most)",
    mcpDescription: 'submit unsent input of idle agents',
  },
  {
    flags: '--recover',
    description:
      'restart a crashed agent with its saved command, resuming its conversation where its id is known (else re-sending its briefing)',
    mcpDescription: 'restart crashed agents',
  },
  {
    flags: '--restore',
    description:
      'when the tmux server is gone (a kill-server, a reboot), bring its agents back from the fleet file, as tmux-orc restore does, once each time',
    mcpDescription: '',
  },
  {
    flags: '--max-restarts <n>',
    description: "with --recover: restarts per agent over the monitor's life",
    mcpDescription: '',
    type: 'integer',
    min: 0,
    max: 100,
    default: 3,
  },
  {
    flags: '--until-reset',
    description:
      'hold reports about a rate-limited agent until its reset time (1 h when the screen shows none), then report where it stands',
    mcpDescription: 'hold rate-limit reports till reset',
  },
  {
    flags: '--full-every <n>',
    description: 'capture every pane every N sweeps even when its facts did not change',
    mcpDescription: '',
    type: 'integer',
    min: 1,
    max: 10000,
    default: 10,
  },
  {
    flags: '-A, --all-hosts',
    description:
      "watch this machine and every host of the hosts file, one connection each, in one process; each host's PMs get its reports",
    mcpDescription: '',
  },
];

const filesSchema = (z: typeof Zod) => z.object({ pidfile: z.string(), log: z.string(), status: z.string() });
const figuresSchema = (z: typeof Zod) =>
  z.object({
    sweeps: z.number().int(),
    checks: z.number().int(),
    captures: z.number().int(),
    sweepMs: z.object({ last: z.number(), avg: z.number(), max: z.number() }),
    lastSweepAt: z.string().optional(),
  });
const eventSchema = (z: typeof Zod) => z.looseObject({ time: z.string(), type: z.string() });

/** What `monitor status` returns. */
interface StatusReport {
  running: boolean;
  socketPath: string;
  files: { pidfile: string; log: string; status: string };
  pid?: number;
  uptimeSeconds?: number;
  connected?: boolean;
  updatedAt?: string;
  intervalMs?: number;
  options?: Record<string, unknown>;
  figures?: MonitorFigures;
  agents?: Array<{ target: string; role: string; state: string; since: string }>;
}

const start = defineCommand({
  name: 'start',
  description:
    "Start the monitor as a background daemon for this tmux server (one per server): it watches every agent, logs each change of state, sends each team's PM batched reports, and can auto-submit, recover and escalate. Needs the built CLI (npm run build).",
  mcpDescription: 'Start the monitor daemon: logs state changes and reports them to PMs.',
  effect: 'change',
  drivesAgents: true,
  idempotent: false,
  options: RUN_OPTIONS,
  examples: ['tmux-orc monitor start', 'tmux-orc monitor start --interval 5 --recover --auto-submit --session shop'],
  output: (z) => z.object({ pid: z.number().int(), socketPath: z.string(), files: filesSchema(z) }),
  async run(input, ctx) {
    if (input.allHosts && ctx.globals.host !== undefined)
      throw new OrcError('usage.invalid', '--all-hosts watches every host: give no -H with it');
    const { pid, paths } = await startDaemon(socketOptions(ctx.globals), runArgs(input));
    return {
      pid,
      socketPath: paths.socketPath,
      files: { pidfile: paths.pidfile, log: paths.log, status: paths.status },
    };
  },
  human: (d) => `monitor started (pid ${d.pid}) for ${d.socketPath}\n${dim(`log: ${d.files.log}`)}`,
});

const stop = defineCommand({
  name: 'stop',
  description:
    "Stop this tmux server's monitor daemon (SIGTERM, then SIGKILL after 5 s); fails with monitor.notRunning when none runs.",
  mcpDescription: "Stop this tmux server's monitor daemon.",
  effect: 'destroy',
  idempotent: false,
  output: (z) => z.object({ pid: z.number().int(), forced: z.boolean() }),
  run: (_input, ctx) => stopDaemon(socketOptions(ctx.globals)),
  human: (d) => `monitor stopped (pid ${d.pid}${d.forced ? ', killed' : ''})`,
});

const status = defineCommand({
  name: 'status',
  description:
    "Whether this tmux server's monitor runs, its pid and uptime, and its own figures: sweeps, pane checks, screen captures, time per sweep, agents by state.",
  mcpDescription: 'Whether the monitor runs: pid, uptime, sweep figures.',
  effect: 'read',
  output: (z) =>
    z.object({
      running: z.boolean(),
      socketPath: z.string(),
      files: filesSchema(z),
      pid: z.number().int().optional(),
      uptimeSeconds: z.number().optional(),
      connected: z.boolean().optional(),
      updatedAt: z.string().optional(),
      intervalMs: z.number().optional(),
      options: z.record(z.string(), z.unknown()).optional(),
      figures: figuresSchema(z).optional(),
      agents: z
        .array(z.object({ target: z.string(), role: z.string(), state: z.string(), since: z.string() }))
        .optional(),
    }),
  async run(_input, ctx): Promise<StatusReport> {
    const paths = monitorPaths(socketOptions(ctx.globals));
    const base = {
      socketPath: paths.socketPath,
      files: { pidfile: paths.pidfile, log: paths.log, status: paths.status },
    };
    const pid = runningPid(paths.pidfile);
    if (pid === undefined) return { running: false, ...base };
    const s = readStatus(paths.status);
    const current = s?.pid === pid ? s : undefined;
    const startedAt = current ? Date.parse(current.startedAt) : statSync(paths.pidfile).mtimeMs;
    return {
      running: true,
      ...base,
      pid,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      ...(current
        ? {
            connected: current.connected,
            updatedAt: current.updatedAt,
            intervalMs: current.intervalMs,
            options: current.options,
            figures: current.figures,
            agents: current.agents.map((a) => ({ target: a.target, role: a.role, state: a.state, since: a.since })),
          }
        : {}),
    };
  },
  human(d) {
    if (!d.running) return `${dim('monitor not running')} for ${d.socketPath}`;
    const f = d.figures;
    const counts = countStates(d.agents ?? []);
    return [
      `monitor ${bold('running')}  pid ${d.pid}  up ${duration(d.uptimeSeconds ?? 0)}  ${d.connected === false ? red('tmux unreachable, reconnecting') : ''}`.trimEnd(),
      f
        ? `${counted(f.sweeps, 'sweep')}, ${counted(f.checks, 'pane check')}, ${counted(f.captures, 'capture')}; sweep ${f.sweepMs.avg} ms avg, ${f.sweepMs.last} last, ${f.sweepMs.max} max`
        : dim('no sweep yet'),
      d.agents ? `${counted(d.agents.length, 'agent')}${counts ? `: ${counts}` : ''}` : '',
      dim(`log: ${d.files.log}`),
    ]
      .filter(Boolean)
      .join('\n');
  },
});

const logs = defineCommand({
  name: 'logs',
  description:
    "Show the monitor's event log (one JSON object per line: transitions {agent, from, to, reason, time}, reports, escalations, submits, restarts). --follow waits for new events: until Ctrl-C in a terminal, for --for seconds otherwise (30 s by default as an MCP tool).",
  mcpDescription: "The monitor's last events; with follow, new ones too.",
  effect: 'read',
  options: [
    {
      flags: '-n, --lines <n>',
      description: 'how many of the last events',
      mcpDescription: '',
      type: 'integer',
      min: 0,
      max: 100000,
      default: 20,
    },
    {
      flags: '-f, --follow',
      description: 'keep printing events as they are logged',
      mcpDescription: 'wait for new events',
    },
    {
      flags: '--for <seconds>',
      description: 'with --follow: stop after this long',
      mcpDescription: 'seconds',
      type: 'number',
      min: 0.1,
      max: 3600,
    },
  ],
  output: (z) => z.object({ log: z.string(), events: z.array(eventSchema(z)), streamed: z.boolean().optional() }),
  async run(input, ctx) {
    const path = monitorPaths(socketOptions(ctx.globals)).log;
    const { events, offset } = readLastEvents(path, input.lines);
    if (!input.follow) return { log: path, events };
    const stream = !ctx.viaMcp && !ctx.globals.json;
    const print = (e: LoggedEvent) => void process.stdout.write(`${formatEvent(e)}\n`);
    if (stream) events.forEach(print);
    const collected = [...events];
    await follow(
      path,
      offset,
      (e) => (collected.push(e), stream && print(e)),
      input.for ? input.for * 1000 : ctx.viaMcp ? 30_000 : undefined,
      ctx.signal,
    );
    return { log: path, events: collected, streamed: stream };
  },
  human: (d) =>
    d.streamed
      ? ''
      : d.events.length
        ? d.events.map((e) => formatEvent(e as LoggedEvent)).join('\n')
        : dim(`no events in ${d.log}`),
});

const run = defineCommand({
  name: 'run',
  description:
    'Run the monitor in the foreground until Ctrl-C or SIGTERM (what monitor start runs in the background). Takes the same options as monitor start; events are echoed to stderr on a terminal.',
  effect: 'change',
  idempotent: false,
  notForMcp: 'it runs until stopped; start it in the background with monitor start',
  options: RUN_OPTIONS,
  output: (z) =>
    figuresSchema(z).extend({
      events: z.number().int(),
      log: z.string(),
      hosts: z.array(z.object({ host: z.string(), ok: z.boolean(), code: z.string().optional() })).optional(),
    }),
  async run(input, ctx) {
    const echo = !ctx.globals.json && !ctx.globals.quiet && process.stderr.isTTY;
    const request = {
      intervalMs: input.interval * 1000,
      options: monitorOptions(input),
      given: input,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      ...(echo ? { echo: (e: LoggedEvent) => void process.stderr.write(`${formatEvent(e)}\n`) } : {}),
    };
    if (!input.allHosts) return runMonitor({ ...request, socket: socketOptions(ctx.globals) });
    if (ctx.globals.host !== undefined)
      throw new OrcError('usage.invalid', '--all-hosts watches every host: give no -H with it');
    const { knownHostNames, resolveHost } = await import('../../src/hosts/resolve-host.js');
    // -L/-S name this machine's server (the daemon is given -S); each remote host's is the hosts file's.
    const hosts = await Promise.all(
      (await knownHostNames()).map(async (name) => ({
        name,
        socket:
          name === 'local'
            ? socketOptions(ctx.globals)
            : socketOptions({ host: name, at: await resolveHost(name, { allowDestination: false }) }),
      })),
    );
    return runFleetMonitor(hosts, request);
  },
  human: (d) => `monitor stopped after ${counted(d.sweeps, 'sweep')} (${counted(d.events, 'event')}, log ${d.log})`,
});

/** `tmux-orc monitor ...`: the daemon that watches every agent. */
export const monitorGroup: CommandGroup = {
  name: 'monitor',
  description: 'The monitor daemon, which watches every agent and reports to PMs, and a live dashboard.',
  // `monitor dashboard` is `dashboard` itself, under the name it had first.
  commands: [start, stop, status, logs, run, dashboardCommand],
};

function monitorOptions(input: CommandInput): Partial<MonitorOptions> {
  return {
    ...(input.session ? { session: input.session } : {}),
    report: input.report !== false,
    reportCooldownMs: input.reportCooldown * 1000,
    idleEscalateMs: input.idleEscalate * 1000,
    autoSubmit: input.autoSubmit === true,
    recover: input.recover === true,
    restore: input.restore === true,
    maxRestarts: input.maxRestarts,
    untilReset: input.untilReset === true,
    fullEvery: input.fullEvery,
  };
}

/** The validated input turned back into `monitor run` flags for the daemon. */
function runArgs(input: CommandInput): string[] {
  return RUN_OPTIONS.flatMap((o) => {
    const value = input[optionKey(o.flags)];
    const long = /--[a-z0-9-]+/.exec(o.flags)![0];
    if (!takesValue(o.flags))
      return isNegated(o.flags) ? (value === false ? [long] : []) : value === true ? [long] : [];
    return value === undefined ? [] : [long, String(value)];
  });
}

/** Polls the log for new events until the time is up, the signal aborts, or Ctrl-C. */
async function follow(
  path: string,
  offset: number,
  onEvent: (e: LoggedEvent) => void,
  forMs: number | undefined,
  signal?: AbortSignal,
): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  signal?.addEventListener('abort', stop);
  process.once('SIGINT', stop);
  const timer = forMs === undefined ? undefined : setTimeout(stop, forMs);
  try {
    while (!controller.signal.aborted) {
      const next = readEventsSince(path, offset);
      offset = next.offset;
      next.events.forEach(onEvent);
      await sleep(250, controller.signal);
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', stop);
    process.off('SIGINT', stop);
  }
}

function countStates(agents: ReadonlyArray<{ state: string }>): string {
  const counts: Record<string, number> = {};
  for (const a of agents) counts[a.state] = (counts[a.state] ?? 0) + 1;
  return Object.entries(counts)
    .map(([state, n]) => `${n} ${colorState(state)}`)
    .join(', ');
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}
