import type { AgentState, Detection } from '../agents/agent-state.js';

/** What the tracker holds for one agent. */
export interface TrackedAgent {
  state: AgentState;
  reason: string;
  resetAt?: string;
  /** Epoch milliseconds when the agent entered this state (or when it was last active, for a first idle sighting). */
  since: number;
}

/** A confirmed change of state. */
export interface Transition {
  agent: string;
  from: AgentState | null;
  to: AgentState;
  reason: string;
  resetAt?: string;
  at: number;
}

/**
 * States that must be seen on several sweeps in a row before they count: an agent shows idle for a moment between
 * two steps of one task, and a frame caught mid-repaint reads as unknown. The others have markers that do not
 * flicker (a spinner, a dialog, a limit message, a dead pane) and count at once, so a short task is not missed.
 */
const NOISY: ReadonlySet<AgentState> = new Set(['idle', 'unknown', 'starting']);

/**
 * Turns each sweep's detections into transitions. Idle, unknown and starting must be seen on `confirmSweeps`
 * sweeps in a row before they count, so a flicker does not make two events and a false report; busy, waiting,
 * rate_limited and crashed count at once.
 */
export class StateTracker {
  private readonly agents = new Map<string, TrackedAgent & { candidate?: { state: AgentState; count: number } }>();

  constructor(private readonly confirmSweeps = 2) {}

  /**
   * Feeds one detection; returns the transition it confirms, if any.
   * @param idleSeconds how long the pane has been quiet, used to date a first idle sighting
   */
  update(agent: string, detection: Detection, now: number, idleSeconds?: number): Transition | undefined {
    const current = this.agents.get(agent);
    if (!current) {
      const since = detection.state === 'idle' && idleSeconds !== undefined ? now - idleSeconds * 1000 : now;
      this.agents.set(agent, { ...pick(detection), since });
      return { agent, from: null, to: detection.state, reason: detection.reason, ...resetOf(detection), at: now };
    }
    if (detection.state === current.state) {
      Object.assign(current, pick(detection));
      delete current.candidate;
      return undefined;
    }
    const count = current.candidate?.state === detection.state ? current.candidate.count + 1 : 1;
    if (count < this.confirmSweeps && NOISY.has(detection.state)) {
      current.candidate = { state: detection.state, count };
      return undefined;
    }
    const from = current.state;
    this.agents.set(agent, { ...pick(detection), since: now });
    return { agent, from, to: detection.state, reason: detection.reason, ...resetOf(detection), at: now };
  }

  /** The agent's confirmed state. */
  get(agent: string): TrackedAgent | undefined {
    const a = this.agents.get(agent);
    return a && { state: a.state, reason: a.reason, since: a.since, ...(a.resetAt ? { resetAt: a.resetAt } : {}) };
  }

  /** Every tracked agent's name. */
  names(): string[] {
    return [...this.agents.keys()];
  }

  /** Stops tracking an agent (its window is gone). */
  forget(agent: string): void {
    this.agents.delete(agent);
  }
}

function pick(d: Detection): { state: AgentState; reason: string; resetAt?: string } {
  return { state: d.state, reason: d.reason, ...resetOf(d) };
}

function resetOf(d: Detection): { resetAt?: string } {
  return d.resetAt ? { resetAt: d.resetAt } : {};
}
