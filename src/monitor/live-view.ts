import { sleep } from './sweep-loop.js';

/** A terminal to draw on: the process's own stdout and stdin by default. */
export interface LiveTerminal {
  out: NodeJS.WriteStream;
  input?: NodeJS.ReadStream;
}

/**
 * Redraws a frame in place every `intervalMs` on the alternate screen until Ctrl-C, `q`, or the signal. Each frame
 * overwrites the last line by line (home, then erase to end of line and below), so it never flickers through a
 * blank screen. The terminal is restored however it ends.
 */
export async function runLiveView(frame: () => Promise<string[]>, intervalMs: number, options: { signal?: AbortSignal; terminal?: LiveTerminal } = {}): Promise<void> {
  const { out, input } = options.terminal ?? { out: process.stdout, input: process.stdin };
  const controller = new AbortController();
  const stop = () => controller.abort();
  options.signal?.addEventListener('abort', stop);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const raw = Boolean(input?.isTTY);
  const onKey = (data: Buffer | string) => {
    const key = data.toString();
    if (key === 'q' || key === 'Q' || key === '\x03') stop();
  };
  if (raw) {
    input!.setRawMode(true);
    input!.on('data', onKey);
    input!.resume();
  }
  let last: string[] = [];
  const draw = () => {
    const width = out.columns || 80;
    const height = out.rows || 24;
    out.write(`\x1b[H${last.slice(0, height).map((line) => `${fit(line, width)}\x1b[K`).join('\r\n')}\x1b[J`);
  };
  out.on('resize', draw);
  out.write('\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J');
  try {
    while (!controller.signal.aborted) {
      last = await frame();
      draw();
      await sleep(intervalMs, controller.signal);
    }
  } finally {
    out.off('resize', draw);
    out.write('\x1b[?25h\x1b[?1049l');
    if (raw) {
      input!.off('data', onKey);
      input!.setRawMode(false);
      input!.pause();
    }
    options.signal?.removeEventListener('abort', stop);
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[[0-9;]*m/g;

/** Cuts a line to the terminal width; a line too long loses its colours rather than be cut inside an escape. */
function fit(line: string, width: number): string {
  const plain = line.replace(SGR, '');
  if ([...plain].length <= width) return line;
  return [...plain].slice(0, width).join('');
}
