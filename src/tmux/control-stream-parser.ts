import { parseNotification, type ControlNotification } from './control-notification.js';

/** The reply to one control-mode command: its `%begin`...`%end` (ok) or `%error` block. */
export interface ControlReply {
  number: number;
  ok: boolean;
  lines: string[];
}

/** What the parser hands on: a command reply or a notification. */
export type ControlEvent =
  | { type: 'begin'; number: number }
  | { type: 'reply'; reply: ControlReply }
  | { type: 'notification'; notification: ControlNotification };

const GUARD = /^%(begin|end|error) (\d+) (\d+) (\d+)$/;

/**
 * Turns the byte stream of `tmux -C` into replies and notifications.
 * Lines are split on bytes before decoding, so UTF-8 split across chunks survives; inside a reply block only the
 * `%end`/`%error` carrying the block's own number closes it, so pane text that starts with `%end` stays output.
 * A CRLF stream (`-CC` on a terminal) is recognised by its `%begin` line, so output ending in a CR survives on a pipe.
 */
export class ControlStreamParser {
  private pending: Buffer[] = [];
  private block: { number: number; time: string; crlf: boolean; lines: string[] } | null = null;

  constructor(private readonly onEvent: (event: ControlEvent) => void) {}

  /** Feeds a chunk of stdout. */
  push(chunk: Buffer): void {
    const last = chunk.lastIndexOf(10);
    if (last < 0) {
      this.pending.push(Buffer.from(chunk));
      return;
    }
    let start = 0;
    if (this.pending.length > 0) {
      const first = chunk.indexOf(10);
      this.pending.push(chunk.subarray(0, first));
      this.handleLine(Buffer.concat(this.pending).toString('utf8'));
      this.pending = [];
      start = first + 1;
    }
    // Every complete line of the chunk decoded at once: a UTF-8 sequence never holds a newline byte, so a cut at the
    // last newline cuts no character.
    if (start <= last) {
      const lines = chunk.toString('utf8', start, last).split('\n');
      for (const line of lines) this.handleLine(line);
    }
    if (last + 1 < chunk.length) this.pending.push(Buffer.from(chunk.subarray(last + 1)));
  }

  private handleLine(raw: string): void {
    const trimmed = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (this.block) {
      // Output may itself end in a CR (an option value, a pane line): only strip one when the stream is CRLF.
      const line = this.block.crlf ? trimmed : raw;
      const guard = line.charCodeAt(0) === 37 /* % */ ? GUARD.exec(line) : null;
      if (guard && guard[1] !== 'begin' && Number(guard[3]) === this.block.number && guard[2] === this.block.time) {
        const { number, lines } = this.block;
        this.block = null;
        this.onEvent({ type: 'reply', reply: { number, ok: guard[1] === 'end', lines } });
      } else {
        this.block.lines.push(line);
      }
      return;
    }
    const guard = GUARD.exec(trimmed);
    if (guard && guard[1] === 'begin') {
      this.block = { number: Number(guard[3]), time: guard[2]!, crlf: trimmed !== raw, lines: [] };
      this.onEvent({ type: 'begin', number: this.block.number });
      return;
    }
    if (trimmed.startsWith('%')) this.onEvent({ type: 'notification', notification: parseNotification(trimmed) });
  }
}
