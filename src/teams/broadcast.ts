import { toOrcError, type ErrorJson } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import type { AgentRecord } from '../agents/agent-record.js';
import { deliverMessage } from '../agents/deliver-message.js';

/** One agent's outcome in a broadcast. */
export type BroadcastResult =
  { target: string; ok: true; enters: number } | { target: string; ok: false; error: ErrorJson };

/** Delivers one message to many agents at once; one agent's failure does not stop the others. */
export async function broadcast(
  manager: TMUXManager,
  agents: readonly AgentRecord[],
  message: string,
): Promise<BroadcastResult[]> {
  return Promise.all(
    agents.map(async (agent): Promise<BroadcastResult> => {
      try {
        const report = await deliverMessage(manager, agent, message);
        return { target: agent.target, ok: true, enters: report.enters };
      } catch (error) {
        return { target: agent.target, ok: false, error: toOrcError(error).toJSON() };
      }
    }),
  );
}
