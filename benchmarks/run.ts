import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { TMUXManager } from '../src/manager/tmux-manager.js';
import { benchServer, killAllBenchServers } from './bench-server.js';
import { measureColdStart } from './cold-start.js';
import { growFleet } from './fleet.js';
import { machineInfo } from './machine-info.js';
import { measureMcpStdio } from './mcp-stdio.js';
import { measureMcpTools, measureToolListSizes } from './mcp-tools-table.js';
import { CLI } from './paths.js';
import { renderReport, type BenchReport } from './render-report.js';
import { measureSnapshotCost } from './snapshot-cost.js';
import { measureTmuxTable } from './tmux-table.js';
import { measureTrust } from './trust.js';
import { measureEvents } from './events.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SECTIONS = ['cold', 'tools', 'tmux', 'snapshot', 'mcp', 'trust', 'events'] as const;
const USAGE = `usage: npm run bench -- [--quick] [--scales 1,10,50 (quick: 1,10)] [--only ${SECTIONS.join(',')}] [--cli dist/cli/tmux-orc.cjs] [--out file.md]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      scales: { type: 'string' },
      only: { type: 'string', default: SECTIONS.join(',') },
      cli: { type: 'string', default: CLI },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const effort = values.quick ? 'quick' : 'full';
  // --quick stops at 10 sessions: 50 sessions means 200 fake agents to start, most of a quick run's budget.
  const scales = (values.scales ?? (values.quick ? '1,10' : '1,10,50'))
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  const only = new Set(values.only.split(','));
  const started = Date.now();
  const log = (line: string) =>
    void process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);
  const report: BenchReport = {
    machine: machineInfo(),
    effort,
    startedAt: new Date(started).toISOString(),
    durationS: 0,
    rows: [],
  };
  log(
    `tmux-orc benchmarks (${effort}): ${report.machine.cores} cores, ${report.machine.cpu}, Node ${report.machine.node}, ${report.machine.tmux}`,
  );

  // Cold start first, before hundreds of fake agents share the machine.
  if (only.has('cold')) report.coldStart = await measureColdStart(values.cli, effort, log);
  if (only.has('tools')) {
    report.rows.push(...(await measureMcpTools(effort, log)));
    report.toolSizes = await measureToolListSizes(log);
  }
  if (only.has('trust')) report.trust = await measureTrust(values.cli, effort, log);
  if (only.has('events')) {
    const dir = mkdtempSync(join(tmpdir(), 'orc-bench-events-'));
    try {
      report.events = await measureEvents(dir, effort, log);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  if (only.has('tmux') || only.has('snapshot') || only.has('mcp')) {
    const server = benchServer();
    const setup = new TMUXManager({ socketName: server.socketName, transport: 'auto' });
    try {
      const tmuxRows = only.has('tmux') ? await measureTmuxTable(server, setup, scales, effort, log) : [];
      report.rows.unshift(...tmuxRows);
      if (!only.has('tmux')) await growFleet(setup, Math.max(...scales), log);
      if (only.has('snapshot')) report.snapshot = await measureSnapshotCost(server, effort, log);
      if (only.has('mcp')) report.mcpStdio = await measureMcpStdio(server.socketName, 's0:pm', effort, log);
    } finally {
      await setup.close().catch(() => undefined);
      server.kill();
    }
  }

  report.durationS = (Date.now() - started) / 1000;
  const markdown = renderReport(report);
  process.stdout.write(markdown);
  if (values.out) {
    writeFileSync(values.out, markdown);
    writeFileSync(values.out.replace(/\.md$/, '') + '.json', `${JSON.stringify(report, null, 2)}\n`);
    log(`written ${values.out}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
  killAllBenchServers();
  process.exitCode = 1;
});
