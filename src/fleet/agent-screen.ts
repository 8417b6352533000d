import type { TMUXManager } from '../manager/tmux-manager.js';
import { capturePane, displayFormat } from '../tmux/tmux-commands.js';
import { OrcError } from '../errors.js';

/** An agent's visible screen with its colours, for a terminal emulator to draw. */
export interface AgentScreen {
  target: string;
  cols: number;
  rows: number;
  /** The screen's lines joined by CRLF, with SGR colour sequences and nothing else that a terminal would act on. */
  text: string;
}

/**
 * Reads a pane's visible screen with its colours (`capture-pane -e`) and its size, in one round trip, addressed by
 * pane id. The text keeps only SGR sequences (see {@link keepColours}).
 */
export async function readAgentScreen(manager: TMUXManager, target: string, paneId: string): Promise<AgentScreen> {
  const [size, capture] = await manager.batch([
    displayFormat(paneId, '#{pane_id} #{pane_width} #{pane_height}'),
    capturePane(paneId, { escapes: true }),
  ]);
  // tmux 3.3 answers a display of a pane that is gone with an empty line: the id is read back to tell.
  const [id, cols, rows] = size!.ok ? (size!.lines[0] ?? '').split(' ') : [];
  if (id !== paneId || !capture!.ok) throw new OrcError('agent.notFound', `${target} is gone`);
  return { target, cols: Number(cols), rows: Number(rows), text: capture!.lines.map(keepColours).join('\r\n') };
}

// An escape sequence: CSI (with its parameters, intermediates and final byte), OSC (to BEL or ST), DCS/SOS/PM/APC
// (to ST), or ESC and one character; or any other control character: C0 but tab and newline, DEL, and the C1
// controls (xterm.js takes U+009B as a CSI). One pass, so the ESC of a kept SGR is never taken for a lone control.

const ESCAPE =
  /\x1b(?:\[([0-?]*)([ -/]*)([@-~])?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[\s\S]?)|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f]/g;

/**
 * Keeps only the SGR sequences (colours, bold, ...) of a line and drops every other escape sequence and control
 * character, so a pane's content can move no cursor, set no title, touch no clipboard and open no link where it is
 * drawn. Text is kept as it is; a tab becomes a space.
 * @example keepColours('\x1b[31mred\x1b]52;c;Zm9v\x07\x1b[0m') // '\x1b[31mred\x1b[0m'
 */
export function keepColours(line: string): string {
  return line
    .replace(ESCAPE, (sequence, params?: string, intermediates?: string, final?: string) =>
      final === 'm' && intermediates === '' && /^[0-9;:]*$/.test(params ?? '') ? sequence : '',
    )
    .replace(/\t/g, ' ');
}
