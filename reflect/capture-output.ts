import { AsyncLocalStorage } from 'node:async_hooks';

/** What a captured run wrote to each stream. */
export interface CapturedOutput {
  stdout: string;
  stderr: string;
}

/** The longest text kept per stream of one run: more is cut, and said so, so one chatty action cannot fill memory. */
export const CAPTURE_MAX_CHARS = 1024 * 1024;

interface Sink {
  out: string[];
  err: string[];
  chars: number;
  cut: boolean;
  open: boolean;
}

const sinks = new AsyncLocalStorage<Sink>();
let patched = false;

/**
 * Runs `fn`, keeping what it (and whatever it starts, through promises and timers) writes to process.stdout and
 * process.stderr, console.log included, instead of letting it reach the streams. Only writes made inside this run are
 * kept: another run at the same time keeps its own, and the rest of the process writes as usual. A write made after
 * the run ended (a timer it left) goes to stderr, never stdout: over stdio, stdout is the MCP protocol.
 */
export async function captureOutput<T>(fn: () => Promise<T>): Promise<{ value: T; output: CapturedOutput }> {
  patchStreams();
  const sink: Sink = { out: [], err: [], chars: 0, cut: false, open: true };
  const output = () => ({ stdout: joined(sink.out, sink.cut), stderr: sink.err.join('') });
  try {
    const value = await sinks.run(sink, fn);
    return { value, output: output() };
  } catch (error) {
    throw new CaptureFailure(error, output());
  } finally {
    sink.open = false;
  }
}

/** A captured run that threw: the error, and what the run wrote before it did. */
export class CaptureFailure extends Error {
  constructor(
    readonly thrown: unknown,
    readonly output: CapturedOutput,
  ) {
    super(thrown instanceof Error ? thrown.message : String(thrown));
  }
}

function joined(parts: string[], cut: boolean): string {
  return parts.join('') + (cut ? `\n[output cut at ${CAPTURE_MAX_CHARS} characters]\n` : '');
}

// The streams' write methods are wrapped once, for the process's life; outside a captured run they write as before.
function patchStreams(): void {
  if (patched) return;
  patched = true;
  const stderrWrite = process.stderr.write.bind(process.stderr) as Write;
  wrap(process.stdout, 'out', stderrWrite);
  wrap(process.stderr, 'err', stderrWrite);
}

type Write = (chunk: unknown, encoding?: unknown, callback?: unknown) => boolean;

function wrap(stream: NodeJS.WriteStream, key: 'out' | 'err', lateWrite: Write): void {
  const original = stream.write.bind(stream) as Write;
  stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
    const sink = sinks.getStore();
    if (!sink) return original(chunk, encoding, callback);
    if (!sink.open) return lateWrite(chunk, encoding, callback);
    keep(sink, key, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  }) as NodeJS.WriteStream['write'];
}

function keep(sink: Sink, key: 'out' | 'err', text: string): void {
  const room = CAPTURE_MAX_CHARS - sink.chars;
  if (room <= 0) {
    sink.cut = true;
    return;
  }
  const kept = text.length > room ? text.slice(0, room) : text;
  if (kept.length < text.length) sink.cut = true;
  sink[key].push(kept);
  sink.chars += kept.length;
}
