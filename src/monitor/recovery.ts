import { restartAgent } from '../agents/agent-lifecycle.js';
import { toOrcError } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';

/** How a restart ended. */
export interface RecoveryOutcome {
  agent: string;
  attempt: number;
  ok: boolean;
  /** The agent's briefing was delivered again. */
  briefed?: boolean;
  error?: string;
}

/**
 * Restarts crashed agents (`--recover`) with their saved command and re-sends their briefing. A restart runs in the
 * background (waiting for readiness can take seconds) while sweeps go on; each agent gets at most `maxRestarts`
 * over the monitor's life, so a program that dies at once is not restarted forever.
 */
export class Recovery {
  private readonly attempts = new Map<string, number>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly manager: TMUXManager,
    private readonly maxRestarts: number,
    private readonly onDone: (outcome: RecoveryOutcome) => void,
  ) {}

  /** True while the agent is being restarted. */
  busy(agent: string): boolean {
    return this.running.has(agent);
  }

  /** Starts restarting an agent; false when it is already restarting or has used up its restarts. */
  start(agent: string): boolean {
    if (this.running.has(agent)) return false;
    const attempt = (this.attempts.get(agent) ?? 0) + 1;
    if (attempt > this.maxRestarts) return false;
    this.attempts.set(agent, attempt);
    const job = restartAgent(this.manager, agent, { rebrief: true, wait: true })
      .then((result) => this.onDone({ agent, attempt, ok: true, briefed: result.briefing !== undefined }))
      .catch((error: unknown) => this.onDone({ agent, attempt, ok: false, error: `${toOrcError(error).code}: ${toOrcError(error).message}` }))
      .finally(() => this.running.delete(agent));
    this.running.set(agent, job);
    return true;
  }

  /** Waits for the restarts in flight. */
  async drain(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }
}
