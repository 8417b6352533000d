import { Bench } from 'tinybench';

/** What one measured task gives the report, in milliseconds. */
export interface Measured {
  p50: number;
  p95: number;
  mean: number;
  min: number;
  samples: number;
}

/** How much to measure. */
export interface MeasureOptions {
  /** Minimum timed iterations. */
  iterations: number;
  /** Time budget in ms; iterations continue until both it and `iterations` are reached. */
  timeMs: number;
  warmupIterations: number;
  /** Untimed, before and after each iteration (warm-up included). */
  beforeEach?: () => void | Promise<void>;
  afterEach?: () => void | Promise<void>;
}

/** Runs one task under tinybench and returns its latency figures; a failing task throws. */
export async function measure(name: string, fn: () => Promise<unknown>, options: MeasureOptions): Promise<Measured> {
  const bench = new Bench({
    iterations: options.iterations,
    time: options.timeMs,
    warmup: options.warmupIterations > 0,
    warmupIterations: options.warmupIterations,
    warmupTime: 0,
    retainSamples: true,
    throws: true,
  });
  // Declared async: otherwise tinybench calls fn once more, untimed and unhooked, to find out.
  bench.add(name, fn, {
    async: true,
    ...(options.beforeEach ? { beforeEach: options.beforeEach } : {}),
    ...(options.afterEach ? { afterEach: options.afterEach } : {}),
  });
  const [task] = await bench.run();
  const result = task!.result;
  if (result.state !== 'completed')
    throw new Error(`${name}: ${result.state}${'error' in result ? `: ${result.error.message}` : ''}`);
  return summarize([...(result.latency.samples ?? [])]);
}

/** p50/p95/mean/min of raw samples (ms). */
export function summarize(samples: readonly number[]): Measured {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  const mid = sorted.length >> 1;
  const p50 = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    p50,
    p95: at(0.95),
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    min: sorted[0] ?? NaN,
    samples: sorted.length,
  };
}
