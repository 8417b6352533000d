import type { TMUXManager } from '../src/manager/tmux-manager.js';
import type { BenchServer } from './bench-server.js';
import { closeColumns, makeColumns, type ColumnId } from './columns.js';
import { growFleet, waitAllIdle } from './fleet.js';
import { measure, type Measured, type MeasureOptions } from './measure.js';
import { tmuxOperations, type Weight } from './operations.js';

/** One row of the main table: an operation at one scale, measured in each column. */
export interface TableRow {
  label: string;
  sessions: number | '-';
  cells: Partial<Record<ColumnId, Measured>>;
  note?: string;
}

/** How hard to measure. */
export type Effort = 'full' | 'quick';

const BUDGETS: Record<Effort, Record<Weight, Omit<MeasureOptions, 'beforeEach' | 'afterEach'>>> = {
  full: {
    fast: { iterations: 30, timeMs: 400, warmupIterations: 3 },
    medium: { iterations: 10, timeMs: 250, warmupIterations: 2 },
    slow: { iterations: 20, timeMs: 0, warmupIterations: 2 },
  },
  quick: {
    fast: { iterations: 8, timeMs: 0, warmupIterations: 2 },
    medium: { iterations: 3, timeMs: 0, warmupIterations: 1 },
    slow: { iterations: 2, timeMs: 0, warmupIterations: 1 },
  },
};

/** The spawn columns are up to 100x slower: fewer iterations keep the run within its time budget. */
function budgetFor(effort: Effort, weight: Weight, column: ColumnId): Omit<MeasureOptions, 'beforeEach' | 'afterEach'> {
  const b = BUDGETS[effort][weight];
  if (column !== 'spawn' && column !== 'spawnConcurrent') return b;
  const quick = effort === 'quick';
  // Warm-up only matters for the cheap operations; a multi-second one is not moved by JIT or a first import.
  // At least 5 in a full run: the spawn medians are the ratios' numerators, and 3 samples moved them by a quarter.
  return {
    iterations: Math.max(quick ? 2 : 5, Math.round(b.iterations / 3)),
    timeMs: b.timeMs / 2,
    warmupIterations: quick && weight !== 'fast' ? 0 : 1,
  };
}

/**
 * Measures every tmux operation at each scale (sessions of 4 fake agents) in every column, one operation at a
 * time with the columns interleaved, so a slow moment of the machine hits them all alike.
 */
export async function measureTmuxTable(
  server: BenchServer,
  setupManager: TMUXManager,
  scales: readonly number[],
  effort: Effort,
  progress: (line: string) => void,
): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  for (const sessions of scales) {
    const fleet = await growFleet(setupManager, sessions, progress);
    progress(`scale ${sessions}: ${fleet.agents.length} agents in ${sessions} sessions (${sessions * 4} panes)`);
    const columns = makeColumns(server.socketName);
    try {
      for (const op of tmuxOperations(server)) {
        const row: TableRow = { label: op.label, sessions, cells: {} };
        op.before?.();
        for (const column of columns) {
          row.cells[column.id] = await measure(`${op.id}/${column.id}/${sessions}`, () => op.run(column.manager), {
            ...budgetFor(effort, op.weight, column.id),
            beforeEach: () => column.prepare(),
            ...(op.afterEach ? { afterEach: op.afterEach } : {}),
          });
          progress(
            `  ${op.id.padEnd(15)} ${column.id.padEnd(15)} p50 ${row.cells[column.id]!.p50.toFixed(2)} ms (${row.cells[column.id]!.samples} samples)`,
          );
          // Messages queue up in the agents; let them drain so the next measurement sees idle agents.
          if (op.id === 'batch-send' || op.id === 'team-broadcast') await waitAllIdle(setupManager, 120_000);
        }
        op.after?.();
        rows.push(row);
      }
    } finally {
      await closeColumns(columns);
    }
  }
  return rows;
}
