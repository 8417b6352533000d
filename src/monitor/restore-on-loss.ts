import { toOrcError } from '../errors.js';
import { TMUXManager } from '../manager/tmux-manager.js';
import { readFleet } from '../restore/fleet-store.js';
import { restoreFleet } from '../restore/restore-fleet.js';
import type { SocketOptions } from '../tmux/transport.js';
import type { EmitEvent } from './monitor-event.js';

/**
 * `monitor --restore`: the tmux server is gone, so the fleet file's agents (of the watched session, if one) are
 * brought back, which starts the server again, and the outcome is logged as one `restore` event. Nothing is logged
 * when the fleet holds no agent to bring back. A manager of its own that spawns tmux per command: a control client
 * needs a server to attach to, and the new server starts in the monitor's environment (where secrets the fleet file
 * does not keep may come from).
 */
export async function restoreOnLoss(
  socket: SocketOptions,
  session: string | undefined,
  emit: EmitEvent,
): Promise<void> {
  let wanted;
  try {
    wanted = readFleet(socket).filter((e) => !e.killed && (session === undefined || e.session === session));
  } catch (error) {
    // An unsafe fleet folder (state.unsafe): said once per loss, and the monitor goes on.
    const e = toOrcError(error);
    emit({ type: 'restore', ok: false, agents: [], error: `${e.code}: ${e.message}` });
    return;
  }
  if (wanted.length === 0) return;
  const manager = new TMUXManager({ ...socket, transport: 'spawn' });
  try {
    const { agents } = await restoreFleet(manager, session === undefined ? {} : { session });
    emit({
      type: 'restore',
      ok: agents.every((a) => a.outcome !== 'failed'),
      agents: agents.map((a) => ({
        agent: a.target,
        outcome: a.outcome,
        ...(a.resumed !== undefined ? { resumed: a.resumed } : {}),
        ...(a.error ? { error: `${a.error.code}: ${a.error.message}` } : {}),
      })),
    });
  } catch (error) {
    const e = toOrcError(error);
    emit({ type: 'restore', ok: false, agents: [], error: `${e.code}: ${e.message}` });
  } finally {
    await manager.close().catch(() => undefined);
  }
}
