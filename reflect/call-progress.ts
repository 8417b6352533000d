/** How a running tool call tells its client how it goes. */
export interface CallProgress {
  /** A step the command reports (its ctx.progress): sent at once, and repeated by the heartbeat after. */
  report(message: string): void;
  /** Stops the heartbeat: the call ended or was cancelled. Safe to call twice. */
  stop(): void;
}

/** What {@link startCallProgress} needs. */
export interface CallProgressOptions {
  /** Sends one `notifications/progress`; `progress` grows by one each time, as MCP requires it to grow. */
  send(progress: number, message: string): void;
  /** What the call is, for the heartbeat's message: `agent wait proj:dev1`. */
  label: string;
  /** How often the heartbeat goes out; Claude Code resets its tool timeout on each one. */
  intervalMs: number;
}

/**
 * Progress for a client that gave a progress token: each step the command reports, and a heartbeat every interval
 * with the last step (or what the call is) and the time so far, `agent wait proj:dev1 (3 s)`, so a wait of minutes
 * is neither silent nor timed out by the client. The timer is unref'd and stopped with the call.
 */
export function startCallProgress(options: CallProgressOptions): CallProgress {
  const started = Date.now();
  let count = 0;
  let last = options.label;
  const send = (message: string) => options.send(++count, message);
  const timer = setInterval(() => send(`${last} (${Math.round((Date.now() - started) / 1000)} s)`), options.intervalMs);
  timer.unref();
  return {
    report(message) {
      last = message;
      send(message);
    },
    stop: () => clearInterval(timer),
  };
}

/**
 * What a call is about, from its input: `agent wait proj:dev1`, `agent spawn proj:dev1`, `team deploy shop`.
 * The input is the client's own; it is cut short so a long one does not make every heartbeat long.
 */
export function callLabel(path: string, input: Record<string, unknown>): string {
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const session = text(input.session);
  const name = text(input.name);
  const about = text(input.target) ?? (session && name ? `${session}:${name}` : (text(input.project) ?? session));
  return about ? `${path} ${about.length > 80 ? `${about.slice(0, 80)}...` : about}` : path;
}
