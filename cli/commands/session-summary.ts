import type { z as Zod } from 'zod';
import type { Snapshot } from '../../src/manager/snapshot.js';

/** One row of `list`. */
export interface SessionSummary {
  name: string;
  id: string;
  windows: number;
  panes: number;
  agents: number;
  attached: number;
  created: string;
}

/** The JSON shape of a {@link SessionSummary}. */
export function sessionSummarySchema(z: typeof Zod) {
  return z.object({
    name: z.string(),
    id: z.string(),
    windows: z.number().int(),
    panes: z.number().int(),
    agents: z.number().int(),
    attached: z.number().int(),
    created: z.string(),
  });
}

/** Counts windows, panes and agents per session. */
export function summarizeSessions(snap: Snapshot): SessionSummary[] {
  return snap.sessions.map((s) => ({
    name: s.name,
    id: s.id,
    windows: s.windows.length,
    panes: s.windows.reduce((n, w) => n + w.panes.length, 0),
    agents: s.windows.filter((w) => w.meta.name).length,
    attached: s.attached,
    created: new Date(s.created * 1000).toISOString(),
  }));
}
