/** The terminal a full-screen view draws on: the process's own stdout and stdin by default. */
export interface Terminal {
  out: NodeJS.WriteStream;
  input: NodeJS.ReadStream;
}

/**
 * A full-screen terminal view: the alternate screen, no cursor, raw keys, bracketed paste. Frames are drawn by line:
 * only the lines that changed since the last frame are rewritten (cursor to the line, the text, erase to its end),
 * inside a synchronized update where the terminal knows it (others ignore it), so the screen never flickers through
 * a blank. A resize or a resume redraws every line. Plain ANSI only, so it works in any terminal and over SSH.
 */
export class TerminalScreen {
  private last: string[] = [];
  private opened = false;

  constructor(
    private readonly terminal: Terminal,
    private readonly onKeys: (chunk: string) => void,
  ) {}

  /** The size now (80x24 when the terminal does not say). */
  size(): { width: number; height: number } {
    return { width: this.terminal.out.columns || 80, height: this.terminal.out.rows || 24 };
  }

  /** Takes the terminal: alternate screen, cursor hidden, bracketed paste, raw keys. */
  open(): void {
    if (this.opened) return;
    this.opened = true;
    const { out, input } = this.terminal;
    out.write('\x1b[?1049h\x1b[?25l\x1b[?2004h\x1b[H\x1b[2J');
    if (input.isTTY) input.setRawMode(true);
    input.setEncoding('utf8');
    input.on('data', this.onKeys);
    input.resume();
    this.last = [];
  }

  /** Gives the terminal back as it was (also before handing it to another program, then {@link open} again). */
  close(): void {
    if (!this.opened) return;
    this.opened = false;
    const { out, input } = this.terminal;
    input.off('data', this.onKeys);
    if (input.isTTY) input.setRawMode(false);
    input.pause();
    out.write('\x1b[?2004l\x1b[?25h\x1b[?1049l');
  }

  /** Draws a frame, rewriting only the lines that differ from the last one drawn. */
  draw(lines: readonly string[]): void {
    if (!this.opened) return;
    let update = '';
    const full = this.last.length !== lines.length;
    lines.forEach((line, i) => {
      if (!full && this.last[i] === line) return;
      update += `\x1b[${i + 1};1H${line}\x1b[0m\x1b[K`;
    });
    if (full) update += '\x1b[J';
    this.last = [...lines];
    if (update) this.terminal.out.write(`\x1b[?2026h${update}\x1b[?2026l`);
  }

  /** Forgets what is on the screen, so the next frame redraws every line (after a resize). */
  invalidate(): void {
    this.last = [];
  }
}
