import type { ColdStartResult } from './cold-start.js';
import type { MachineInfo } from './machine-info.js';
import type { McpStdioResult } from './mcp-stdio.js';
import type { ToolListSizeRow } from './mcp-tools-table.js';
import type { SnapshotCostResult } from './snapshot-cost.js';
import type { TableRow } from './tmux-table.js';
import type { TrustResult } from './trust.js';
import type { EventsResult } from './events.js';

/** Everything one run measured. */
export interface BenchReport {
  machine: MachineInfo;
  effort: string;
  startedAt: string;
  durationS: number;
  coldStart?: ColdStartResult;
  rows: TableRow[];
  snapshot?: SnapshotCostResult;
  mcpStdio?: McpStdioResult;
  trust?: TrustResult;
  events?: EventsResult;
  toolSizes?: ToolListSizeRow[];
}

const ms = (v: number | undefined) =>
  v === undefined || Number.isNaN(v)
    ? '—'
    : v >= 100
      ? v.toFixed(0)
      : v >= 10
        ? v.toFixed(1)
        : v >= 1
          ? v.toFixed(2)
          : v.toFixed(3);
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || !(b > 0) ? '—' : `${a / b >= 100 ? (a / b).toFixed(0) : (a / b).toFixed(1)}×`;

/** The run as Markdown: machine, main table with ratios, cold start, MCP end to end, snapshot cost and prefetch. */
export function renderReport(r: BenchReport): string {
  const m = r.machine;
  const out: string[] = [
    `Run: ${r.startedAt}, ${r.effort} (${r.durationS.toFixed(0)} s). Machine: ${m.cores} cores, ${m.cpu}, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}; ${m.tmux}; load average at start ${m.loadAverage}.`,
    '',
    '### Operations (median ms; ratio = spawn ÷ column)',
    '',
    '| operation | sessions | spawn per command, one at a time | spawn, side by side | control, uncached | control, cached | spawn ÷ uncached | spawn ÷ cached | side by side ÷ cached |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of r.rows) {
    const { spawn, spawnConcurrent, uncached, cached } = row.cells;
    out.push(
      `| ${row.label} | ${row.sessions} | ${ms(spawn?.p50)} | ${ms(spawnConcurrent?.p50)} | ${ms(uncached?.p50)} | ${ms(cached?.p50)} | ${ratio(spawn?.p50, uncached?.p50)} | ${ratio(spawn?.p50, cached?.p50)} | ${ratio(spawnConcurrent?.p50, cached?.p50)} |`,
    );
  }
  const notes = r.rows.filter((row) => row.note);
  if (notes.length) out.push('', ...notes.map((row) => `- ${row.label}: ${row.note}`));
  if (r.coldStart) {
    const c = r.coldStart;
    out.push(
      '',
      `### Cold start (median of ${c.repetitions} interleaved runs, wall time; CLI ${c.bundled ? 'bundled' : 'NOT bundled (tsc output: run `npm run build`)'})`,
      '',
      '| command | median ms | p95 ms | ÷ `node -e 0` |',
      '| --- | ---: | ---: | ---: |',
      `| \`node -e 0\` | ${ms(c.node.p50)} | ${ms(c.node.p95)} | 1.00× |`,
      `| \`tmux-orc list --json\` | ${ms(c.list.p50)} | ${ms(c.list.p95)} | ${(c.list.p50 / c.node.p50).toFixed(2)}× |`,
      `| \`tmux-orc list --json\`, no server running | ${ms(c.listNoServer.p50)} | ${ms(c.listNoServer.p95)} | ${(c.listNoServer.p50 / c.node.p50).toFixed(2)}× |`,
      `| \`tmux-orc mcp\` to the initialize reply | ${ms(c.mcpInitialize.p50)} | ${ms(c.mcpInitialize.p95)} | ${(c.mcpInitialize.p50 / c.node.p50).toFixed(2)}× |`,
    );
  }
  if (r.mcpStdio) {
    const s = r.mcpStdio;
    out.push(
      '',
      '### MCP end to end (`tmux-orc mcp` over stdio, SDK Client)',
      '',
      `Initialize (spawn to initialize done, SDK \`client.connect\`): median ${ms(s.initialize.p50)} ms, p95 ${ms(s.initialize.p95)} ms over ${s.initialize.samples} starts.`,
      '',
      '| tool | warm tools/call p50 | p95 | calls | same call by spawning the CLI | p50 | p95 | runs | p50 ratio |',
      '| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
    );
    for (const c of s.calls) {
      out.push(
        `| \`${c.tool}\` | ${ms(c.mcp.p50)} | ${ms(c.mcp.p95)} | ${c.mcp.samples} | \`${c.cli}\` | ${ms(c.spawned.p50)} | ${ms(c.spawned.p95)} | ${c.spawned.samples} | ${ratio(c.spawned.p50, c.mcp.p50)} |`,
      );
    }
  }
  if (r.toolSizes) out.push('', ...renderToolSizes(r.toolSizes));
  if (r.snapshot) {
    const s = r.snapshot;
    out.push(
      '',
      `### Snapshot query at ${s.panes} panes (one control connection, median ms)`,
      '',
      '| format | fields | list-panes p50 | p95 |',
      '| --- | ---: | ---: | ---: |',
    );
    for (const f of s.formats) out.push(`| ${f.label} | ${f.fields} | ${ms(f.query.p50)} | ${ms(f.query.p95)} |`);
    out.push(
      '',
      `Parsing the shipped format's output in JS (\`parseSnapshot\`): p50 ${ms(s.parse.p50)} ms.`,
      '',
      '| one small tmux command (`display-message -p`) | p50 ms | p95 ms |',
      '| --- | ---: | ---: |',
      ...s.perCommand.map((c) => `| ${c.label} | ${ms(c.cost.p50)} | ${ms(c.cost.p95)} |`),
      '',
      '| prefetch: next `snapshot()` after another client renamed 4 windows | with `prefetch: true` p50 | without p50 | list-panes queries per burst, with prefetch |',
      '| --- | ---: | ---: | ---: |',
    );
    for (const p of s.prefetch)
      out.push(`| ${p.label} | ${ms(p.withPrefetch.p50)} | ${ms(p.without.p50)} | ${p.refreshesPerBurst.toFixed(2)} |`);
  }
  if (r.trust) out.push('', ...renderTrust(r.trust));
  if (r.events) out.push('', ...renderEvents(r.events));
  return `${out.join('\n')}\n`;
}

function renderToolSizes(rows: readonly ToolListSizeRow[]): string[] {
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
  return [
    "### MCP tools/list size (bytes of JSON; what a model sees: each tool's name, description and input schema)",
    '',
    '| shape | tools | whole list | limit | what a model sees | limit | output schemas |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((r) => {
      const modelLimit = r.modelLimit ? kb(r.modelLimit) : '—';
      return `| ${r.shape} | ${r.tools} | ${kb(r.bytes)} | ${kb(r.limit)} | ${kb(r.modelBytes)} | ${modelLimit} | ${kb(r.outputBytes)} |`;
    }),
  ];
}

function renderTrust(t: TrustResult): string[] {
  return [
    '### Trust: a frozen tmux, the monitor after an outage, one-shot transports',
    '',
    `A tmux server stopped with SIGSTOP: \`tmux-orc list --json\` exits (with \`tmux.timeout\`) after ${ms(t.frozen.cli.p50)} ms (p50; p95 ${ms(t.frozen.cli.p95)}, ${t.frozen.cli.samples} runs); a call on a long-lived connection fails after ${ms(t.frozen.core.p50)} ms (was 15.9 s; target 5 s).`,
    '',
    `The monitor (sweeping every 2 s) through a ${t.outageS} s outage, from tmux being back to its next good sweep:`,
    '',
    '| outage | retries | back after ms |',
    '| --- | --- | ---: |',
    ...t.recovery.map((r) => `| ${r.kind} | ${r.policy} | ${ms(r.backMs)} |`),
    '',
    `One-shot CLI runs (${t.transportOnThisTmux}), median of interleaved runs:`,
    '',
    '| command | as shipped p50 ms | control client forced p50 ms | shipped ÷ forced |',
    '| --- | ---: | ---: | ---: |',
    ...t.coldStart.map(
      (c) => `| \`${c.command}\` | ${ms(c.auto.p50)} | ${ms(c.control.p50)} | ${ratio(c.auto.p50, c.control.p50)} |`,
    ),
  ];
}

function renderEvents(e: EventsResult): string[] {
  return [
    '### Exact state: waits on events, and the monitor over an idle fleet',
    '',
    `From a fake agent's turn ending to \`agent wait --until idle\` returning (${e.wait.polling.samples} turns each):`,
    '',
    '| how the wait learns it | p50 ms | p95 ms |',
    '| --- | ---: | ---: |',
    `| polling the screen (no hooks: every 100 ms, two reads) | ${ms(e.wait.polling.p50)} | ${ms(e.wait.polling.p95)} |`,
    `| the agent's stop hook (wait-for wake-up) | ${ms(e.wait.hooks.p50)} | ${ms(e.wait.hooks.p95)} |`,
    '',
    `The monitor (sweep every 2 s) over ${e.monitor.agents} idle fake agents for ${e.monitor.seconds} s, per minute:`,
    '',
    '| agents | tmux commands | captures | tmux server CPU ms | monitor CPU ms |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...e.monitor.rows.map(
      (r) => `| ${r.label} | ${r.commandsPerMin} | ${r.capturesPerMin} | ${r.tmuxCpuMsPerMin} | ${r.ownCpuMsPerMin} |`,
    ),
  ];
}
