import { TMUXManager } from '../src/manager/tmux-manager.js';

/** The three ways of running an operation that the table compares. */
export type ColumnId = 'spawn' | 'uncached' | 'cached';

/** One column: a manager, and whether its snapshot cache is dropped before each iteration. */
export interface Column {
  id: ColumnId;
  title: string;
  manager: TMUXManager;
  /** Untimed, before each iteration. */
  prepare(): void;
}

/**
 * The baseline spawns one `tmux` process per command and never reuses a snapshot (spawnTtlMs 0 and an invalidate
 * before each iteration), as the Python original and libtmux do; the other two share one control-mode connection,
 * one dropping its snapshot before each iteration and one keeping it (tmux's notifications keep it coherent).
 */
export function makeColumns(socketName: string): Column[] {
  const spawn = new TMUXManager({ socketName, transport: 'spawn', spawnTtlMs: 0 });
  const uncached = new TMUXManager({ socketName, transport: 'control' });
  const cached = new TMUXManager({ socketName, transport: 'control' });
  return [
    { id: 'spawn', title: 'spawn per command', manager: spawn, prepare: () => spawn.invalidate() },
    { id: 'uncached', title: 'control, uncached', manager: uncached, prepare: () => uncached.invalidate() },
    { id: 'cached', title: 'control, cached', manager: cached, prepare: () => undefined },
  ];
}

/** Closes the columns' managers. */
export async function closeColumns(columns: readonly Column[]): Promise<void> {
  await Promise.all(columns.map((c) => c.manager.close().catch(() => undefined)));
}
