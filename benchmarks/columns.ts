import { TMUXManager } from '../src/manager/tmux-manager.js';
import { SpawnTransport } from '../src/tmux/spawn-transport.js';

/** The ways of running an operation that the table compares. */
export type ColumnId = 'spawn' | 'spawnConcurrent' | 'uncached' | 'cached';

/** One column: a manager, and whether its snapshot cache is dropped before each iteration. */
export interface Column {
  id: ColumnId;
  title: string;
  manager: TMUXManager;
  /** Untimed, before each iteration. */
  prepare(): void;
}

/**
 * The baseline spawns one `tmux` process per command, one at a time, and never reuses a snapshot (spawnTtlMs 0 and
 * an invalidate before each iteration): so do the Python original (`subprocess.run` per command), libtmux and the
 * tmux MCP servers. The second column is tmux-orc's own spawn fallback, which runs a batch's processes side by
 * side. The last two share one control-mode connection, one dropping its snapshot before each iteration and one
 * keeping it (tmux's notifications keep it coherent). All four run the same code; only the transport differs.
 */
export function makeColumns(socketName: string): Column[] {
  const spawn = new TMUXManager({
    socketName,
    transport: new SpawnTransport({ socketName, oneAtATime: true }),
    spawnTtlMs: 0,
  });
  const concurrent = new TMUXManager({ socketName, transport: 'spawn', spawnTtlMs: 0 });
  const uncached = new TMUXManager({ socketName, transport: 'control' });
  const cached = new TMUXManager({ socketName, transport: 'control' });
  return [
    { id: 'spawn', title: 'spawn per command, one at a time', manager: spawn, prepare: () => spawn.invalidate() },
    {
      id: 'spawnConcurrent',
      title: 'spawn, side by side',
      manager: concurrent,
      prepare: () => concurrent.invalidate(),
    },
    { id: 'uncached', title: 'control, uncached', manager: uncached, prepare: () => uncached.invalidate() },
    { id: 'cached', title: 'control, cached', manager: cached, prepare: () => undefined },
  ];
}

/** Closes the columns' managers. */
export async function closeColumns(columns: readonly Column[]): Promise<void> {
  await Promise.all(columns.map((c) => c.manager.close().catch(() => undefined)));
}
