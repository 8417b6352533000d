import { parseSnapshot, SNAPSHOT_FORMAT } from '../src/manager/snapshot.js';
import { TMUXManager } from '../src/manager/tmux-manager.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ControlTransport } from '../src/tmux/control-transport.js';
import { SpawnTransport } from '../src/tmux/spawn-transport.js';
import type { BenchServer } from './bench-server.js';
import { measure, summarize, type Measured } from './measure.js';
import type { Effort } from './tmux-table.js';

/** The snapshot query's cost at the largest scale, by format, and what the prefetch saves. */
export interface SnapshotCostResult {
  panes: number;
  formats: Array<{ label: string; fields: number; query: Measured }>;
  parse: Measured;
  /** One small command (`display-message -p`) by each way of reaching tmux. */
  perCommand: Array<{ label: string; cost: Measured }>;
  prefetch: Array<{
    label: string;
    delayMs: number;
    withPrefetch: Measured;
    without: Measured;
    refreshesPerBurst: number;
  }>;
}

const SEP = '\x1f';

/** The formats compared: the real one, then variants that show what single fields cost. */
function formats(): Array<{ label: string; format: string }> {
  return [
    { label: 'snapshot format as shipped', format: SNAPSHOT_FORMAT },
    {
      label: 'plus #{pane_current_command} (the format before it was dropped)',
      format: `${SNAPSHOT_FORMAT}${SEP}#{pane_current_command}`,
    },
    { label: 'plus #{pane_current_path}', format: `${SNAPSHOT_FORMAT}${SEP}#{pane_current_path}` },
    { label: 'ids only (session, window, pane)', format: ['#{session_id}', '#{window_id}', '#{pane_id}'].join(SEP) },
  ];
}

/**
 * Times `list-panes -a -F <format>` over one control connection for each format, the JS parse of the real one, and
 * the prefetch: after a burst of 4 window renames made by another client, how long the next snapshot() takes with
 * and without `prefetch: true`, read at once and 50 ms later.
 */
export async function measureSnapshotCost(
  server: BenchServer,
  effort: Effort,
  progress: (line: string) => void,
): Promise<SnapshotCostResult> {
  const quick = effort === 'quick';
  const transport = new ControlTransport({ socketName: server.socketName });
  const result: SnapshotCostResult = { panes: 0, formats: [], parse: summarize([0]), perCommand: [], prefetch: [] };
  try {
    const lines = await transport.run(['list-panes', '-a', '-F', SNAPSHOT_FORMAT]);
    result.panes = lines.length;
    for (const f of formats()) {
      const query = await measure(`format/${f.label}`, () => transport.run(['list-panes', '-a', '-F', f.format]), {
        iterations: quick ? 15 : 60,
        timeMs: 0,
        warmupIterations: 3,
      });
      result.formats.push({ label: f.label, fields: f.format.split(SEP).length, query });
      progress(`  snapshot query, ${f.label}: p50 ${query.p50.toFixed(2)} ms`);
    }
    result.parse = await measure('parseSnapshot', async () => parseSnapshot(lines), {
      iterations: quick ? 20 : 100,
      timeMs: 0,
      warmupIterations: 5,
    });
    result.perCommand = await measurePerCommand(server.socketName, transport, quick);
  } finally {
    await transport.close();
  }
  result.prefetch = await measurePrefetch(server, quick ? 6 : 25, progress);
  return result;
}

/**
 * The fixed cost of one command: a control-mode round trip, a spawned tmux (the spawn transport), and a bare execFile.
 */
async function measurePerCommand(
  socketName: string,
  control: ControlTransport,
  quick: boolean,
): Promise<SnapshotCostResult['perCommand']> {
  const argv = ['display-message', '-p', '-t', 's0:0', '#{pane_id}'];
  const spawned = new SpawnTransport({ socketName });
  const run = promisify(execFile);
  const budget = { iterations: quick ? 15 : 60, timeMs: 0, warmupIterations: 3 };
  return [
    {
      label: 'control mode (one line on the open connection)',
      cost: await measure('cmd/control', () => control.run(argv), budget),
    },
    {
      label: 'spawned `tmux` (the spawn transport: execFile, -u, timeout)',
      cost: await measure('cmd/spawn', () => spawned.run(argv), budget),
    },
    {
      label: 'spawned `tmux` via node:child_process execFile',
      cost: await measure('cmd/execFile', () => run('tmux', ['-L', socketName, ...argv]), budget),
    },
  ];
}

async function measurePrefetch(
  server: BenchServer,
  bursts: number,
  progress: (line: string) => void,
): Promise<SnapshotCostResult['prefetch']> {
  const withPrefetch = new TMUXManager({ socketName: server.socketName, transport: 'control', prefetch: true });
  const without = new TMUXManager({ socketName: server.socketName, transport: 'control' });
  const out: SnapshotCostResult['prefetch'] = [];
  try {
    for (const delayMs of [0, 50]) {
      const samples = { with: [] as number[], without: [] as number[] };
      const before = snapshotsTaken(withPrefetch);
      for (let i = 0; i < bursts; i++) {
        await Promise.all([withPrefetch.snapshot(), without.snapshot()]);
        const seen = Promise.all([renamed(withPrefetch), renamed(without)]);
        // Another client changes the topology: 4 renames in one tmux call, one burst of notifications.
        const renames = [0, 1, 2, 3].flatMap((w, k) => [
          ...(k ? [';'] : []),
          'rename-window',
          '-t',
          `s0:${w}`,
          `w${w}-${i}-${delayMs}`,
        ]);
        server.tmux(...renames);
        await seen;
        await new Promise((r) => (delayMs ? setTimeout(r, delayMs) : setImmediate(r)));
        for (const [key, manager] of [
          ['with', withPrefetch],
          ['without', without],
        ] as const) {
          const start = performance.now();
          await manager.snapshot();
          samples[key].push(performance.now() - start);
        }
      }
      const refreshes = (snapshotsTaken(withPrefetch) - before) / bursts;
      out.push({
        label: delayMs ? 'read 50 ms after the burst' : 'read right after the burst',
        delayMs,
        withPrefetch: summarize(samples.with),
        without: summarize(samples.without),
        refreshesPerBurst: refreshes,
      });
      progress(
        `  prefetch, ${delayMs} ms after: with p50 ${summarize(samples.with).p50.toFixed(2)} ms, without ${summarize(samples.without).p50.toFixed(2)} ms, ${refreshes.toFixed(2)} queries per burst`,
      );
    }
  } finally {
    await Promise.all([withPrefetch.close(), without.close()]);
  }
  return out;
}

/**
 * Resolves once the manager has seen a rename notification (its own handler has run first): `%window-renamed` for
 * its attached session, `%unlinked-window-renamed` for the others.
 */
function renamed(manager: TMUXManager): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('no rename notification within 5 s'));
    }, 5000);
    const off = manager.transport.onNotification((n) => {
      if (n.name !== 'window-renamed' && n.name !== 'unlinked-window-renamed') return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

/** How many real (uncached) snapshot queries the manager has made. */
function snapshotsTaken(manager: TMUXManager): number {
  return manager.recorder.stats().find((s) => s.operation === 'snapshot')?.count ?? 0;
}
