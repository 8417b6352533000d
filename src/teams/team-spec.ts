import type { z as Zod } from 'zod';
import { AGENT_KINDS, type AgentKind } from '../agents/agent-state.js';

/** One member of a team, as a template or a team file gives it. */
export interface TeamMember {
  name: string;
  role: string;
  kind?: AgentKind;
  command?: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** Keys of `env` whose values the fleet file on disk must not keep (as `agent spawn --env-secret`). */
  envSecret?: string[];
  /** Extra instructions added to the role's standard briefing. */
  briefing?: string;
}

/** A team: a session of agents, the PM first. */
export interface TeamSpec {
  name?: string;
  description?: string;
  defaults?: { kind?: AgentKind; command?: string[]; cwd?: string; env?: Record<string, string>; envSecret?: string[] };
  agents: TeamMember[];
}

/** Every field name the team schema defines (error messages may name these; other keys are the file's content). */
export const TEAM_FILE_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'description',
  'defaults',
  'agents',
  'role',
  'kind',
  'command',
  'cwd',
  'env',
  'envSecret',
  'briefing',
]);

/** The zod schema of a team file (loaded on demand: zod stays off the start-up path). */
export function teamSpecSchema(z: typeof Zod) {
  const name = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/, 'letters, digits, "_" and "-" (up to 64)');
  const env = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string());
  const command = z.array(z.string()).min(1);
  const envSecret = z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)).max(100);
  return z
    .object({
      name: z.string().optional(),
      description: z.string().optional(),
      defaults: z
        .object({
          kind: z.enum(AGENT_KINDS).optional(),
          command: command.optional(),
          cwd: z.string().optional(),
          env: env.optional(),
          envSecret: envSecret.optional(),
        })
        .strict()
        .optional(),
      agents: z
        .array(
          z
            .object({
              name,
              role: z
                .string()
                .min(1)
                .regex(/^[^\x00-\x1f\x7f]*$/, 'no control characters'),
              kind: z.enum(AGENT_KINDS).optional(),
              command: command.optional(),
              cwd: z.string().optional(),
              env: env.optional(),
              envSecret: envSecret.optional(),
              briefing: z.string().optional(),
            })
            .strict(),
        )
        .min(1)
        .max(50),
    })
    .strict()
    .superRefine((spec, ctx) => {
      const seen = new Set<string>();
      spec.agents.forEach((a, i) => {
        // The message does not quote the name: errors never show a file's content.
        const message = 'duplicate agent name (an earlier agent has it)';
        if (seen.has(a.name)) ctx.addIssue({ code: 'custom', path: ['agents', i, 'name'], message });
        seen.add(a.name);
      });
    });
}
