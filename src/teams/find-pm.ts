import { OrcError } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import { agentsIn, type AgentRecord } from '../agents/agent-record.js';

/** The PM agent of a session, or of the only team with a PM when no session is given. */
export async function findPm(manager: TMUXManager, session?: string): Promise<AgentRecord> {
  const snap = await manager.snapshot();
  if (session !== undefined && !snap.sessions.some((s) => s.name === session)) {
    throw new OrcError('tmux.sessionNotFound', `no session named "${session}"`, {
      hint: 'list teams with: tmux-orc team list',
    });
  }
  const pms = agentsIn(snap.sessions.filter((s) => session === undefined || s.name === session)).filter(
    (a) => a.role === 'pm',
  );
  if (pms.length === 0)
    throw new OrcError(
      'team.noPm',
      session ? `session "${session}" has no agent with role pm` : 'no team has an agent with role pm',
      { hint: 'spawn one with: tmux-orc agent spawn <session> --name pm --role pm' },
    );
  if (pms.length > 1)
    throw new OrcError(
      'usage.invalid',
      `${pms.length} teams have a PM (${pms.map((p) => p.session).join(', ')}): choose one with --session`,
    );
  return pms[0]!;
}
