/**
 * Notices when every agent of a team has been idle for a while, once per idle period: the team re-arms as soon
 * as one of its agents is anything but idle.
 */
export class TeamIdleWatch {
  private readonly escalated = new Set<string>();

  /** @param afterMs how long the whole team must be idle; 0 turns escalation off */
  constructor(private readonly afterMs: number) {}

  /**
   * Checks one team; returns how long it has been idle when it is time to escalate.
   * @param members each agent's confirmed state and when it entered it
   */
  check(
    team: string,
    members: ReadonlyArray<{ state: string; since: number }>,
    now: number,
  ): { idleMs: number } | undefined {
    if (this.afterMs <= 0) return undefined;
    if (members.length === 0 || members.some((m) => m.state !== 'idle')) {
      this.escalated.delete(team);
      return undefined;
    }
    const idleMs = now - Math.max(...members.map((m) => m.since));
    if (idleMs < this.afterMs || this.escalated.has(team)) return undefined;
    this.escalated.add(team);
    return { idleMs };
  }
}
