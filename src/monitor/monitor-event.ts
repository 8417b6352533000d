import type { AgentState } from '../agents/agent-state.js';

/** One thing the monitor saw or did; each becomes one JSON line in its log, with a `time`. */
export type MonitorEvent =
  /** An agent changed state (`from` is null the first time the monitor sees it). */
  | { type: 'transition'; agent: string; from: AgentState | null; to: AgentState; reason: string }
  /** An agent's window went away. */
  | { type: 'gone'; agent: string }
  /** A batched report to a team's PM. */
  | { type: 'report'; team: string; pm: string; agents: string[]; ok: boolean; error?: string }
  /** The whole team has been idle for the escalation time. */
  | { type: 'escalation'; team: string; idleSeconds: number; to: string[]; ok: boolean; error?: string }
  /** Enter pressed on a message left unsent in an agent's input box. */
  | { type: 'submit'; agent: string; text: string; attempt: number; ok: boolean; error?: string }
  /** A crashed agent restarted with its saved command, resuming its conversation (its id) or not (false). */
  | { type: 'recover'; agent: string; attempt: number; ok: boolean; resumed?: string | false; error?: string }
  /** An agent exited with status 0 (a /exit, a QUIT): with --recover it is reported, never restarted. */
  | { type: 'exited'; agent: string; status: 0 }
  /** Reports about a rate-limited agent held until its reset time, and resumed. */
  | { type: 'hold'; agent: string; until: string; resetAt?: string }
  | { type: 'resume'; agent: string; state: AgentState }
  /** `--restore`: the tmux server was gone, and the fleet was brought back (each agent's outcome). */
  | {
      type: 'restore';
      ok: boolean;
      agents: Array<{ agent: string; outcome: string; resumed?: string | false; error?: string }>;
      error?: string;
    }
  /** The monitor itself: started, stopped, lost or regained its tmux server. */
  | { type: 'monitor'; event: 'start' | 'stop' | 'disconnected' | 'reconnected'; detail?: string }
  | { type: 'error'; message: string; code?: string };

/** An event as written to the log. */
export type LoggedEvent = MonitorEvent & { time: string };

/** Where the monitor's events go. */
export type EmitEvent = (event: MonitorEvent) => void;
