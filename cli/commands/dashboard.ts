import { OrcError } from '../../src/errors.js';
import { FleetWatcher } from '../../src/fleet/fleet-watcher.js';
import { countStates, type FleetView } from '../../src/fleet/fleet-view.js';
import { monitorPaths } from '../../src/monitor/monitor-paths.js';
import { defineCommand, type CommandContext, type CommandInput } from '../command-spec.js';
import { actionSpec, describeEnvelope } from '../fleet-actions.js';
import { openFleet } from '../open-fleet.js';
import { renderTable } from '../render-table.js';
import { colorEnabled, colorState, dim, red } from '../style.js';
import { socketOptions } from '../socket-options.js';
import { counted } from '../plural.js';
import { duration } from '../tui/render-dashboard.js';
import { printable } from '../tui/terminal-text.js';
import { attachCommand } from './attach.js';

/** The fleet as `dashboard --once` and `--json` return it. */
export interface DashboardSnapshot {
  takenAt: string;
  socketPath: string;
  serverRunning: boolean;
  monitor: { running: boolean; pid?: number };
  counts: Record<string, number>;
  agents: Array<{
    target: string;
    session: string;
    name: string;
    role: string;
    kind: string;
    state: string;
    source: string;
    reason: string;
    since: string;
    lastLine: string;
    host?: string;
  }>;
  /** A fleet over several hosts: each host, and its error when it could not be read. */
  hosts?: Array<{ host: string; serverRunning: boolean; error?: { code: string; message: string } }>;
  /** True when the interactive view ran (it printed nothing to stdout). */
  live?: boolean;
}

/**
 * `tmux-orc dashboard` (also `monitor dashboard`): the fleet, live, with keys to act on it; a snapshot when it cannot
 * be
 * interactive.
 */
export const dashboardCommand = defineCommand({
  name: 'dashboard',
  description:
    'An interactive live view of every agent: session, agent, role, kind, state and where it comes from (hook, ' +
    'screen, pane), for how long, and the last line of its screen, the agents waiting on a prompt, rate-limited or ' +
    'crashed first. Keys: j/k or arrows select, Enter goes to the agent (switch-client inside tmux, attach outside), s ' +
    'sends a line, a/d approve/deny, r restart, x kill (both after y), / filter, ? help, q quit. States come at once from ' +
    "the agents' hooks and tmux's notifications. When the hosts file names hosts (and no -H is given) it shows this " +
    'machine and every host at once, with a host column. With --json, --once or without a terminal it prints one snapshot.',
  effect: 'read',
  notForMcp: 'a live view for people; agent_status and monitor_status return the same facts',
  options: [
    {
      flags: '-s, --session <session>',
      description: "only this session's agents",
      mcpDescription: 'only this session',
    },
    {
      flags: '-i, --interval <seconds>',
      description:
        'read every screen again this often (states reported by hooks, exits and windows come at once, as events)',
      mcpDescription: '',
      type: 'number',
      min: 0.2,
      max: 3600,
      default: 1,
    },
    { flags: '--once', description: 'print one snapshot and exit', mcpDescription: '' },
  ],
  examples: [
    'tmux-orc dashboard',
    'tmux-orc -L work dashboard --session shop',
    'tmux-orc dashboard --once --json | jq .data.counts',
  ],
  output: (z) =>
    z.object({
      takenAt: z.string(),
      socketPath: z.string(),
      serverRunning: z.boolean(),
      monitor: z.object({ running: z.boolean(), pid: z.number().int().optional() }),
      counts: z.record(z.string(), z.number().int()),
      live: z.boolean().optional(),
      hosts: z
        .array(
          z.object({
            host: z.string(),
            serverRunning: z.boolean(),
            error: z.object({ code: z.string(), message: z.string() }).optional(),
          }),
        )
        .optional(),
      agents: z.array(
        z.object({
          target: z.string(),
          session: z.string(),
          name: z.string(),
          role: z.string(),
          kind: z.string(),
          state: z.string(),
          source: z.string(),
          reason: z.string(),
          since: z.string(),
          lastLine: z.string(),
          host: z.string().optional(),
        }),
      ),
    }),
  async run(input, ctx): Promise<DashboardSnapshot> {
    const interactive = !ctx.viaMcp && !ctx.globals.json && !input.once && process.stdout.isTTY && process.stdin.isTTY;
    if (!interactive) return snapshot(await readOnce(input, ctx), ctx);
    return { ...snapshot(await runInteractive(input, ctx), ctx), live: true };
  },
  human: (d) => (d.live ? '' : snapshotTable(d)),
});

/** One snapshot: this run's manager for one server, or every host's (openFleet) when the hosts file names hosts. */
async function readOnce(input: CommandInput, ctx: CommandContext): Promise<FleetView> {
  const session = input.session ? { session: input.session as string } : {};
  if (ctx.globals.host !== undefined || !ctx.onHost) return new FleetWatcher(ctx.manager(), session).once();
  const fleet = await openFleet(ctx, { ...session, refreshMs: 1000 });
  try {
    return await fleet.source.once();
  } finally {
    fleet.source.stop();
    await fleet.close();
  }
}

/** Runs the interactive view on long-lived managers of its own (control mode: they get tmux's notifications). */
async function runInteractive(input: CommandInput, ctx: CommandContext): Promise<FleetView> {
  const { runDashboard } = await import('../tui/run-dashboard.js');
  const fleet = await openFleet(ctx, {
    ...(input.session ? { session: input.session } : {}),
    refreshMs: input.interval * 1000,
  });
  const { source: watcher, commands } = fleet;
  try {
    const first = await watcher.start();
    // A session named that does not exist is said at once, as every command says it, rather than drawn as an empty
    // view.
    if (first.error && input.session && first.error.code === 'tmux.sessionNotFound')
      throw new OrcError(first.error.code, first.error.message);
    const inTmux = Boolean(process.env.TMUX);
    await runDashboard({
      watcher,
      server: serverLabel(ctx) + (fleet.hosts.length ? ` · ${fleet.hosts.length} hosts` : ''),
      color: colorEnabled(process.stdout),
      goTakesTerminal: !inTmux,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      async act(action, target, text) {
        const envelope = await commands.act(action, target, text);
        return { ok: envelope.ok, text: describeEnvelope(envelope, actionSpec(action)) };
      },
      async go(target) {
        const envelope = await commands.run(attachCommand, 'attach', { target });
        return { ok: envelope.ok, text: envelope.ok ? `back from ${target}` : describeEnvelope(envelope) };
      },
    });
    return watcher.current();
  } finally {
    watcher.stop();
    await fleet.close();
  }
}

function snapshot(view: FleetView, ctx: CommandContext): DashboardSnapshot {
  if (view.error && view.error.code !== 'tmux.noServer') throw new OrcError(view.error.code, view.error.message);
  return {
    takenAt: new Date(view.takenAt).toISOString(),
    socketPath: monitorPaths(socketOptions(ctx.globals)).socketPath,
    serverRunning: view.serverRunning,
    monitor: view.monitor,
    counts: countStates(view.rows),
    agents: view.rows.map((r) => ({
      ...(r.host ? { host: r.host } : {}),
      target: r.target,
      session: r.session,
      name: r.name,
      role: r.role,
      kind: r.kind,
      state: r.state,
      source: r.source,
      reason: r.reason,
      since: new Date(r.sinceMs).toISOString(),
      lastLine: r.lastLine,
    })),
    ...(view.hosts ? { hosts: view.hosts } : {}),
  };
}

function snapshotTable(d: DashboardSnapshot): string {
  if (!d.serverRunning) return dim(`no tmux server on ${d.socketPath}`);
  const counts = Object.entries(d.counts)
    .map(([state, n]) => `${n} ${colorState(state)}`)
    .join(', ');
  const now = Date.parse(d.takenAt);
  const host = d.hosts !== undefined;
  const rows = d.agents
    .map((a) =>
      [
        ...(host ? [a.host ?? ''] : []),
        a.session,
        a.name,
        a.role || '-',
        a.kind,
        a.state,
        a.source,
        duration(now - Date.parse(a.since)),
        a.lastLine,
      ].map(printable),
    )
    .map((cells) => cells.map((cell, i) => (i === (host ? 5 : 4) ? colorState(cell) : cell)));
  const titles = [...(host ? ['HOST'] : []), 'SESSION', 'AGENT', 'ROLE', 'KIND', 'STATE', 'SRC', 'FOR', 'LAST LINE'];
  return [
    `${counted(d.agents.length, 'agent')}${counts ? `: ${counts}` : ''}${d.monitor.running ? `  (monitor running, pid ${d.monitor.pid})` : ''}`,
    ...(d.hosts ?? [])
      .filter((h) => h.error)
      .map((h) => red(printable(`${h.host}: error [${h.error!.code}]: ${h.error!.message}`))),
    ...(d.agents.length ? [renderTable(titles, rows)] : [dim('no agents')]),
  ].join('\n');
}

function serverLabel(ctx: CommandContext): string {
  const s = socketOptions(ctx.globals);
  return s.socketPath ? `-S ${s.socketPath}` : s.socketName ? `-L ${s.socketName}` : 'default server';
}
