/** How a monitor watches and what it does about what it sees. */
export interface MonitorOptions {
  /** Watch only this session's agents; all sessions when absent. */
  session?: string;
  /** Send PMs batched reports (default true). */
  report: boolean;
  /** At most one report per team per this many milliseconds (default 30 s). */
  reportCooldownMs: number;
  /** Tell the PM (and orchestrators) when the whole team has been idle this long; 0 never (default 10 min). */
  idleEscalateMs: number;
  /** Press Enter on a message left unsent in an idle agent's input box. */
  autoSubmit: boolean;
  /** Restart crashed agents with their saved command and briefing. */
  recover: boolean;
  /** Bring the fleet back (restore) each time the tmux server is found gone (a kill-server, a reboot). */
  restore: boolean;
  /** Restarts per agent over the monitor's life (default 3). */
  maxRestarts: number;
  /** Hold reports about a rate-limited agent until its reset time. */
  untilReset: boolean;
  /** Capture every pane every N sweeps, changed or not (default 10). */
  fullEvery: number;
  /**
   * Sweeps in a row idle, unknown or starting must be seen before they count (default 2; other states count at once).
   */
  confirmSweeps: number;
  /** Auto-submit: sweeps and milliseconds the same text must sit in an idle box, and presses per text. */
  submit: { minSweeps: number; minMs: number; maxTries: number };
}

/** The defaults of {@link MonitorOptions}. */
export const DEFAULT_MONITOR_OPTIONS: MonitorOptions = {
  report: true,
  reportCooldownMs: 30_000,
  idleEscalateMs: 600_000,
  autoSubmit: false,
  recover: false,
  restore: false,
  maxRestarts: 3,
  untilReset: false,
  fullEvery: 10,
  confirmSweeps: 2,
  submit: { minSweeps: 2, minMs: 3000, maxTries: 3 },
};
