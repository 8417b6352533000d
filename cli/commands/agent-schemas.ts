import type { z as Zod } from 'zod';
import { AGENT_KINDS, AGENT_STATES } from '../../src/agents/agent-state.js';

/** The JSON shape of an agent record. */
export function agentRecordSchema(z: typeof Zod) {
  return z.object({
    target: z.string(),
    name: z.string(),
    role: z.string(),
    kind: z.enum(AGENT_KINDS),
    session: z.string(),
    windowIndex: z.number().int(),
    windowId: z.string(),
    paneId: z.string(),
    command: z.array(z.string()),
    cwd: z.string().optional(),
    env: z.record(z.string(), z.string()).optional(),
    briefing: z.string().optional(),
    created: z.string().optional(),
    cliSessionId: z.string().optional(),
    worktree: z
      .object({
        repository: z.string(),
        path: z.string(),
        branch: z.string(),
        base: z.string(),
        baseCommit: z.string(),
      })
      .optional(),
  });
}

/** The JSON shape of an agent's status. */
export function agentStatusSchema(z: typeof Zod) {
  return z.object({
    target: z.string(),
    name: z.string(),
    role: z.string(),
    kind: z.string(),
    state: z.enum(AGENT_STATES),
    reason: z.string(),
    source: z.enum(['hook', 'screen', 'pane']),
    resetAt: z.string().optional(),
    resetsAt: z.string().optional(),
    title: z.string(),
    currentCommand: z.string(),
    idleSeconds: z.number().optional(),
    cliSessionId: z.string().optional(),
  });
}

/** The JSON shape of a delivery report. */
export function deliverySchema(z: typeof Zod) {
  return z.object({
    target: z.string(),
    method: z.enum(['keys', 'paste']),
    submitted: z.boolean(),
    enters: z.number().int(),
    confirmedBy: z.enum(['hook', 'box-cleared', 'state-changed', 'pane-exited', 'prompt-after-enter']).optional(),
    chars: z.number().int(),
    receipt: z.enum(['hook', 'screen']).optional(),
    neutralized: z.number().int().optional(),
    resumed: z.boolean().optional(),
  });
}

/** The JSON shape of a spawn or restart result. */
export function spawnResultSchema(z: typeof Zod) {
  return z.object({
    agent: agentRecordSchema(z),
    ready: z.boolean(),
    state: z.string(),
    briefing: deliverySchema(z).optional(),
  });
}
