import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { OrcError } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import { setOption, showOption } from '../tmux/tmux-commands.js';
import { processAlive } from '../monitor/pidfile.js';
import { sleep } from './wait-for-state.js';

/** The pane option that holds the lease: `<host>-<pid>-<random>@<expires ms>`. */
const OPTION = '@tmux-orc-lock';
/** How long a lease lasts without renewal: a holder that died frees the pane after this at most. */
export const LEASE_MS = 15_000;
/** How long a delivery waits for another one to the same pane before it fails with `agent.sendLocked`. */
export const LOCK_WAIT_MS = 30_000;

const HOST =
  hostname()
    .replace(/[^A-Za-z0-9.-]/g, '_')
    .slice(0, 64) || 'host';
const TOKEN = /^([A-Za-z0-9._-]+)-(\d+)-[0-9a-f]+@(\d+)$/;

const queues = new WeakMap<TMUXManager, Map<string, Promise<unknown>>>();

/**
 * Runs `work` while holding the pane's typing lock, so two deliveries to one agent never interleave their keys:
 * within this process by a queue per pane, and across processes (CLI runs, an MCP server, the monitor, on this host
 * or another) by a lease kept in the pane's own tmux option. tmux runs each command alone, and `set-option -F` with
 * a conditional format is a compare-and-set: take the lease when the option is empty, clear it only when it still
 * holds the lease being cleared. A lease expires (its holder died mid-delivery), and one held by a process of this
 * host that is gone is taken at once. Renewed while `work` runs.
 */
export async function withPaneLock<T>(
  manager: TMUXManager,
  paneId: string,
  work: () => Promise<T>,
  options: { waitMs?: number } = {},
): Promise<T> {
  let byPane = queues.get(manager);
  if (!byPane) queues.set(manager, (byPane = new Map()));
  const before = byPane.get(paneId) ?? Promise.resolve();
  const mine = before
    .catch(() => undefined)
    .then(() => holdLease(manager, paneId, work, options.waitMs ?? LOCK_WAIT_MS));
  const tail = mine.catch(() => undefined);
  byPane.set(paneId, tail);
  void tail.then(() => {
    if (byPane.get(paneId) === tail) byPane.delete(paneId);
  });
  return mine;
}

async function holdLease<T>(manager: TMUXManager, paneId: string, work: () => Promise<T>, waitMs: number): Promise<T> {
  const id = `${HOST}-${process.pid}-${randomBytes(4).toString('hex')}`;
  let lease = await acquire(manager, paneId, id, waitMs);
  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = renewing
      .then(async () => {
        const next = `${id}@${Date.now() + LEASE_MS}`;
        if ((await swap(manager, paneId, lease, next)) === next) lease = next;
      })
      .catch(() => undefined);
  }, LEASE_MS / 3);
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
    await renewing;
    await swap(manager, paneId, lease, '').catch(() => undefined);
  }
}

/** Takes the lease, waiting while another holder has it; returns the lease value written. */
async function acquire(manager: TMUXManager, paneId: string, id: string, waitMs: number): Promise<string> {
  const deadline = Date.now() + waitMs;
  for (let pause = 5; ; pause = Math.min(50, pause * 2)) {
    const lease = `${id}@${Date.now() + LEASE_MS}`;
    const held = await swap(manager, paneId, '', lease);
    if (held === lease) return lease;
    if (stale(held)) await swap(manager, paneId, held, '');
    else if (Date.now() >= deadline) {
      throw new OrcError(
        'agent.sendLocked',
        `pane ${paneId} is still being typed into by another delivery (${held.split('@')[0]}) after ${waitMs} ms; nothing was typed`,
        { hint: 'try again; if it persists, another tmux-orc process may be stuck' },
      );
    } else await sleep(pause);
  }
}

/**
 * Compare-and-set on the lease option: sets it to `next` when it holds `expected` ('' for unset), leaves it as it is
 * otherwise, and returns what it holds afterwards. One command list, so nothing runs between the set and the read.
 */
async function swap(manager: TMUXManager, paneId: string, expected: string, next: string): Promise<string> {
  // Leases are of our own alphabet (no `,`, `}` or `#`), so they are safe inside the format.
  const condition = expected === '' ? `#{${OPTION}}` : `#{==:#{${OPTION}},${expected}}`;
  const value = expected === '' ? `#{?${condition},#{${OPTION}},${next}}` : `#{?${condition},${next},#{${OPTION}}}`;
  const lines = await manager.runList(
    [setOption('pane', paneId, OPTION, value, { format: true }), showOption('pane', paneId, OPTION)],
    paneId,
  );
  return lines.join('\n');
}

/** A lease that binds no one: expired, held by a process of this host that is gone, or not one of ours. */
function stale(held: string): boolean {
  if (held === '') return false;
  const m = TOKEN.exec(held);
  if (!m) return true;
  if (Number(m[3]) < Date.now()) return true;
  return m[1] === HOST && !processAlive(Number(m[2]));
}
