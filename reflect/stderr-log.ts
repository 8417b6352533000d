/** A writer of diagnostics that never throws; `broken` says whether its stream has failed. */
export interface StderrLog {
  /** Writes text as it is (commands' own output); nothing once the stream has failed. */
  write(text: string): void;
  /** Writes one line. */
  line(text: string): void;
  readonly broken: boolean;
}

/**
 * Diagnostics for a long-lived server whose stderr may go away first (the client closed its end of the pipe). The
 * first failed write marks the stream broken and it is never written again: an unhandled EPIPE would otherwise reach
 * an error handler that logs, which writes to stderr, which fails again, at 100% CPU, for ever.
 */
export function stderrLog(stream: NodeJS.WriteStream = process.stderr): StderrLog {
  let broken = false;
  const fail = () => {
    broken = true;
  };
  // Handled here, so a failed write is no uncaught exception; it stays, because writes queued before the failure
  // can report theirs later.
  stream.on('error', fail);
  const write = (text: string) => {
    if (broken || stream.destroyed || !stream.writable) return fail();
    try {
      stream.write(text, (error) => error && fail());
    } catch {
      fail();
    }
  };
  return {
    write,
    line: (text) => write(`${text}\n`),
    get broken() {
      return broken;
    },
  };
}
