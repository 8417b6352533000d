import type { AgentState } from '../agents/agent-state.js';

/** States worth telling the PM about: the agent needs something. */
export const REPORTED_STATES: ReadonlySet<AgentState> = new Set(['idle', 'waiting', 'crashed', 'rate_limited']);

/** One line of a PM report: an agent's state, or a note about something the monitor did. */
export interface ReportItem {
  agent: string;
  name: string;
  role: string;
  /** The agent's state, for state lines. */
  state?: AgentState;
  reason?: string;
  /** Free text, for notes (a restart, a rate-limit reset). */
  note?: string;
}

/**
 * Collects what each team's PM should hear and releases it as one batch per team, at most once per cooldown.
 * A state line is replaced by the agent's next state and dropped when the agent goes back to work, so the PM
 * reads where things stand, not a history; notes stay until sent.
 */
export class PmReporter {
  private readonly pending = new Map<string, Map<string, ReportItem>>();
  private readonly lastSent = new Map<string, number>();

  constructor(private readonly cooldownMs: number) {}

  /** Queues an agent's new state, replacing any earlier state line for it. */
  addState(team: string, item: ReportItem): void {
    this.team(team).set(item.agent, item);
  }

  /** Queues a note about an agent. */
  addNote(team: string, item: ReportItem): void {
    this.team(team).set(`${item.agent}\0${item.note}`, item);
  }

  /** Drops an agent's state line (it went back to work, or left). */
  dropState(team: string, agent: string): void {
    this.pending.get(team)?.delete(agent);
  }

  /** Teams with something queued whose cooldown has passed. */
  due(now: number): string[] {
    return [...this.pending.entries()]
      .filter(([team, items]) => items.size > 0 && now - (this.lastSent.get(team) ?? -Infinity) >= this.cooldownMs)
      .map(([team]) => team);
  }

  /** Takes a team's queued items and starts its cooldown. */
  take(team: string, now: number): ReportItem[] {
    const items = [...(this.pending.get(team)?.values() ?? [])];
    this.pending.delete(team);
    this.lastSent.set(team, now);
    return items;
  }

  /** Forgets a team's queue (it has no PM to read it). */
  clear(team: string): void {
    this.pending.delete(team);
  }

  private team(team: string): Map<string, ReportItem> {
    let items = this.pending.get(team);
    if (!items) this.pending.set(team, (items = new Map()));
    return items;
  }
}
