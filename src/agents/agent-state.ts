/** The states an agent can be in, as read from its pane. */
export const AGENT_STATES = ['starting', 'idle', 'busy', 'waiting', 'rate_limited', 'crashed', 'unknown'] as const;

/** One of {@link AGENT_STATES}. */
export type AgentState = (typeof AGENT_STATES)[number];

/** The kinds of agent program tmux-orc knows how to drive, from the registry (src/agents/kinds/). */
export { AGENT_KINDS, type AgentKind } from './kinds/index.js';

/** What tmux tells about a pane besides its screen text. */
export interface PaneFacts {
  /** `#{pane_title}`, set by the program through OSC 0/2. */
  title: string;
  /** `#{pane_current_command}`: the foreground process name. */
  currentCommand: string;
  /** `#{pane_dead}`: the program exited and remain-on-exit kept the pane. */
  dead: boolean;
  /** `#{pane_dead_status}` when dead. */
  deadStatus?: number;
  /** The program the agent was started with (basename), to tell it from the shell it fell back to. */
  startCommand?: string;
  /** Seconds since the pane last produced output, when known. */
  idleSeconds?: number;
}

/** A detector's verdict: the state and a short reason a person can read. */
export interface Detection {
  state: AgentState;
  reason: string;
  /** For rate_limited: the reset time as the screen shows it. */
  resetAt?: string;
  /**
   * The screen shows a dialog that takes keys (a permission prompt, Gemini's usage-limit choice): a typed key or an
   * Enter would answer it. Always true for `waiting`.
   */
  dialog?: boolean;
}

/** A pure function from the visible screen and pane facts to a state. */
export type Detector = (screen: string, facts: PaneFacts) => Detection;
