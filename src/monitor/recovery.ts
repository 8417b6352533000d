import { restartAgent } from '../agents/agent-lifecycle.js';
import type { PaneFacts } from '../agents/agent-state.js';
import { findAgent } from '../agents/find-agent.js';
import { sleep } from '../agents/wait-for-state.js';
import { toOrcError } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';

/**
 * Whether a crashed-looking agent is a crash to recover: a non-zero exit status, a signal, or a program that fell back
 * to its shell are; an exit with status 0 is not (a `/exit`, a QUIT: the agent was meant to stop). `unknown` when the
 * pane is dead but tmux has no status for it yet (a signal has none, and tmux 3.3 can be late with one).
 */
export function crashVerdict(facts: Pick<PaneFacts, 'dead' | 'deadStatus'>): 'crash' | 'exited' | 'unknown' {
  if (!facts.dead) return 'crash';
  if (facts.deadStatus === undefined) return 'unknown';
  return facts.deadStatus === 0 ? 'exited' : 'crash';
}

/** How a restart ended. */
export interface RecoveryOutcome {
  agent: string;
  attempt: number;
  ok: boolean;
  /** The agent's briefing was delivered again (a fresh start: a resumed conversation has it). */
  briefed?: boolean;
  /** The conversation it continues, or false for a fresh start (no id known, or a kind that cannot resume). */
  resumed?: string | false;
  error?: string;
  /** Set when it was not restarted because it exited with status 0 after all (the attempt is not counted). */
  exited?: { status: 0 };
}

/**
 * Restarts crashed agents (`--recover`) with their saved command, continuing the CLI's conversation where its id is
 * known (else a fresh start, which gets its briefing again). A restart runs in the
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

  /**
   * Starts restarting an agent; false when it is already restarting or has used up its restarts. With `check` (its
   * pane is dead with no status yet), the status is read first, and an exit with status 0 is not restarted.
   */
  start(agent: string, options: { check?: boolean } = {}): boolean {
    if (this.running.has(agent)) return false;
    const attempt = (this.attempts.get(agent) ?? 0) + 1;
    if (attempt > this.maxRestarts) return false;
    this.attempts.set(agent, attempt);
    const job = (options.check ? this.exitedCleanly(agent) : Promise.resolve(false))
      .then(async (exited) => {
        if (exited) {
          this.attempts.set(agent, attempt - 1);
          return this.onDone({ agent, attempt, ok: false, exited: { status: 0 } });
        }
        const result = await restartAgent(this.manager, agent, { resume: true, rebrief: 'fresh', wait: true });
        this.onDone({
          agent,
          attempt,
          ok: true,
          resumed: result.resumed ?? false,
          briefed: result.briefing !== undefined,
        });
      })
      .catch((error: unknown) =>
        this.onDone({ agent, attempt, ok: false, error: `${toOrcError(error).code}: ${toOrcError(error).message}` }),
      )
      .finally(() => this.running.delete(agent));
    this.running.set(agent, job);
    return true;
  }

  /**
   * True when the agent's dead pane reports status 0, once tmux has a status: it has none for a signal, and tmux 3.3
   * may learn it only when another child of the server exits (a fixed `run-shell -b true` is one, as in spawn-agent).
   */
  private async exitedCleanly(target: string): Promise<boolean> {
    const agent = await findAgent(this.manager, target);
    for (let i = 0; i < 10; i++) {
      const format = '#{pane_dead}\x1f#{pane_dead_status}\x1f#{pane_dead_signal}';
      const facts = await this.manager.display(agent.paneId, format);
      const [dead = '', status = '', signal = ''] = facts.split('\x1f');
      if (dead !== '1' || signal !== '') return false;
      if (status !== '') return status === '0';
      if (i === 2) await this.manager.reapChildren();
      await sleep(20);
    }
    return false;
  }

  /** Waits for the restarts in flight. */
  async drain(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }
}
