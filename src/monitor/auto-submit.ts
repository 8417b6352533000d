import type { AgentKind } from '../agents/agent-state.js';
import { KIND_MODULES, type KindProfile } from '../agents/kinds/index.js';

/** Kinds whose input box can be read reliably; a plain program's last line (a shell's) is not a pending message. */
export const SUBMITTABLE_KINDS: ReadonlySet<AgentKind> = new Set(
  KIND_MODULES.filter((k) => (k.profile as KindProfile).plain !== true).map((k) => k.name),
);

/**
 * Decides when to press Enter on a message left unsent in an agent's input box: the agent is idle and its box
 * has held the same text for at least `minSweeps` sweeps and `minMs`; at most `maxTries` presses per text.
 */
export class AutoSubmitter {
  private readonly seen = new Map<string, { text: string; sweeps: number; firstAt: number; tries: number }>();

  constructor(private readonly options: { minSweeps: number; minMs: number; maxTries: number }) {}

  /** Feeds one sweep's view of an agent; returns the attempt number when Enter should be pressed now. */
  consider(agent: string, idle: boolean, pending: string | undefined, now: number): number | undefined {
    if (!idle || !pending) {
      this.seen.delete(agent);
      return undefined;
    }
    const entry = this.seen.get(agent);
    if (!entry || entry.text !== pending) {
      this.seen.set(agent, { text: pending, sweeps: 1, firstAt: now, tries: 0 });
      return undefined;
    }
    entry.sweeps++;
    if (entry.sweeps < this.options.minSweeps || now - entry.firstAt < this.options.minMs) return undefined;
    if (entry.tries >= this.options.maxTries) return undefined;
    return ++entry.tries;
  }

  /** Forgets an agent. */
  forget(agent: string): void {
    this.seen.delete(agent);
  }
}
