import { parseResetTime } from '../agents/parse-reset-time.js';

/** How long to hold when the screen shows no reset time the monitor can read. */
export const DEFAULT_HOLD_MS = 60 * 60_000;

/**
 * Holds PM reports about rate-limited agents until their reset time (`--until-reset`): while held, news about the
 * agent is not sent; when the time passes, the monitor resumes and reports where the agent stands.
 */
export class RateLimitHold {
  private readonly holds = new Map<string, number>();

  constructor(private readonly fallbackMs = DEFAULT_HOLD_MS) {}

  /** Starts holding an agent until the reset time its screen shows (or the fallback); returns the end time. */
  hold(agent: string, resetAt: string | undefined, now: number): number {
    const parsed = resetAt ? parseResetTime(resetAt, new Date(now)) : undefined;
    const until = parsed && parsed.getTime() > now ? parsed.getTime() : now + this.fallbackMs;
    this.holds.set(agent, until);
    return until;
  }

  /** True while reports about the agent are held. */
  isHeld(agent: string): boolean {
    return this.holds.has(agent);
  }

  /** The agents whose hold has ended; they are released. */
  expired(now: number): string[] {
    const done = [...this.holds.entries()].filter(([, until]) => until <= now).map(([agent]) => agent);
    for (const agent of done) this.holds.delete(agent);
    return done;
  }

  /** Stops holding an agent (it left). */
  release(agent: string): void {
    this.holds.delete(agent);
  }
}
