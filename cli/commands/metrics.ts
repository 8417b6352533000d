import type { z as Zod } from 'zod';
import type { OperationStats, SlowOperation } from '../../src/metrics/latency-recorder.js';
import { monitorPaths } from '../../src/monitor/monitor-paths.js';
import { runningPid } from '../../src/monitor/pidfile.js';
import { readStatus } from '../../src/monitor/status-file.js';
import { defineCommand, type CommandGroup } from '../command-spec.js';
import { renderTable } from '../render-table.js';
import { bold, dim, yellow } from '../style.js';
import { counted } from '../plural.js';
import { socketOptions } from '../socket-options.js';

const figuresSchema = (z: typeof Zod) =>
  z.object({
    operations: z.array(
      z.object({
        operation: z.string(),
        count: z.number().int(),
        errors: z.number().int(),
        p50Ms: z.number(),
        p95Ms: z.number(),
        maxMs: z.number(),
      }),
    ),
    slow: z.array(z.object({ operation: z.string(), ms: z.number(), at: z.string(), target: z.string().optional() })),
  });

/** `tmux-orc metrics`: latency of the core's operations, in this process and in the monitor daemon. */
export const metricsCommand = defineCommand({
  name: 'metrics',
  description:
    "Show how long tmux operations take: count, errors and p50/p95/max milliseconds per operation, and the operations slower than --slow-ms. A one-shot CLI run has only its own few operations; a long-lived process (the MCP server, the monitor daemon) has real figures, and the running monitor daemon's are read from its status file.",
  mcpDescription: 'Timings of tmux operations (p50/p95/max ms) and the slow ones.',
  effect: 'read',
  options: [
    {
      flags: '--slow-ms <ms>',
      description:
        'list operations that took at least this long (the recorders keep those over 300 ms, 100 ms in the monitor)',
      mcpDescription: 'slow means at least this many ms',
      type: 'number',
      min: 0,
      max: 600000,
      default: 300,
    },
  ],
  output: (z) =>
    z.object({
      slowMs: z.number(),
      process: figuresSchema(z).extend({ pid: z.number().int() }),
      monitor: figuresSchema(z)
        .extend({
          pid: z.number().int(),
          updatedAt: z.string(),
          sweeps: z.number().int(),
          checks: z.number().int(),
          captures: z.number().int(),
          sweepMs: z.object({ last: z.number(), avg: z.number(), max: z.number() }),
        })
        .optional(),
    }),
  async run(input, ctx) {
    const slowMs: number = input.slowMs;
    const slow = (ops: readonly SlowOperation[]) => ops.filter((o) => o.ms >= slowMs);
    const recorder = ctx.manager().recorder;
    const paths = monitorPaths(socketOptions(ctx.globals));
    const pid = runningPid(paths.pidfile);
    const status = pid === undefined ? undefined : readStatus(paths.status);
    return {
      slowMs,
      process: { pid: process.pid, operations: recorder.stats(), slow: slow(recorder.slowOperations()) },
      ...(status && status.pid === pid
        ? {
            monitor: {
              pid: status.pid,
              updatedAt: status.updatedAt,
              sweeps: status.figures.sweeps,
              checks: status.figures.checks,
              captures: status.figures.captures,
              sweepMs: status.figures.sweepMs,
              operations: status.recorder.operations,
              slow: slow(status.recorder.slow),
            },
          }
        : {}),
    };
  },
  human(d) {
    const blocks = [block(`this process (pid ${d.process.pid})`, d.process.operations, d.process.slow, d.slowMs)];
    if (d.monitor) {
      const m = d.monitor;
      blocks.push(
        block(
          `monitor daemon (pid ${m.pid}): ${counted(m.sweeps, 'sweep')}, ${counted(m.checks, 'check')}, ${counted(m.captures, 'capture')}, sweep ${m.sweepMs.avg} ms avg / ${m.sweepMs.max} max`,
          m.operations,
          m.slow,
          d.slowMs,
        ),
      );
    } else blocks.push(dim('no monitor daemon running for this server'));
    return blocks.join('\n\n');
  },
});

function block(title: string, ops: readonly OperationStats[], slow: readonly SlowOperation[], slowMs: number): string {
  if (ops.length === 0) return `${bold(title)}\n${dim('no operations recorded')}`;
  const table = renderTable(
    ['OPERATION', 'COUNT', 'ERRORS', 'P50 MS', 'P95 MS', 'MAX MS'],
    ops.map((o) => [
      o.operation,
      String(o.count),
      String(o.errors),
      String(o.p50Ms),
      o.p95Ms >= slowMs ? yellow(String(o.p95Ms)) : String(o.p95Ms),
      String(o.maxMs),
    ]),
  );
  const slowLines = slow
    .slice(-10)
    .map((s) => `  ${s.at}  ${s.operation}  ${s.ms} ms${s.target ? `  ${s.target}` : ''}`);
  return [
    bold(title),
    table,
    ...(slowLines.length ? [`slow (>= ${slowMs} ms), latest ${slowLines.length}:`, ...slowLines] : []),
  ].join('\n');
}

/** The top-level `metrics` command, as a group of its own. */
export const metricsGroup: CommandGroup = { name: '', description: '', commands: [metricsCommand] };
