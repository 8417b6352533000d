/** Latency figures for one operation. */
export interface OperationStats {
  operation: string;
  count: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/** One operation that took longer than the slow threshold. */
export interface SlowOperation {
  operation: string;
  ms: number;
  at: string;
  target?: string;
}

const WINDOW = 512;

/** Records how long each core operation takes; keeps the last 512 samples per operation for percentiles. */
export class LatencyRecorder {
  private readonly ops = new Map<
    string,
    { count: number; errors: number; max: number; samples: number[]; next: number }
  >();
  private readonly slow: SlowOperation[] = [];

  constructor(
    private readonly slowThresholdMs = 300,
    private readonly slowKept = 100,
  ) {}

  /** Adds one sample. */
  record(operation: string, ms: number, options: { target?: string; failed?: boolean } = {}): void {
    let op = this.ops.get(operation);
    if (!op) this.ops.set(operation, (op = { count: 0, errors: 0, max: 0, samples: [], next: 0 }));
    op.count++;
    if (options.failed) op.errors++;
    op.max = Math.max(op.max, ms);
    if (op.samples.length < WINDOW) op.samples.push(ms);
    else op.samples[op.next++ % WINDOW] = ms;
    if (ms >= this.slowThresholdMs) {
      this.slow.push({
        operation,
        ms: round(ms),
        at: new Date().toISOString(),
        ...(options.target ? { target: options.target } : {}),
      });
      if (this.slow.length > this.slowKept) this.slow.shift();
    }
  }

  /** Times an async function under an operation name. */
  async time<T>(operation: string, fn: () => Promise<T>, target?: string): Promise<T> {
    const start = performance.now();
    let failed = false;
    try {
      return await fn();
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      this.record(operation, performance.now() - start, { target, failed });
    }
  }

  /** Count, errors and p50/p95/max per operation, sorted by name. */
  stats(): OperationStats[] {
    return [...this.ops.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([operation, op]) => {
        const sorted = [...op.samples].sort((a, b) => a - b);
        return {
          operation,
          count: op.count,
          errors: op.errors,
          p50Ms: round(quantile(sorted, 0.5)),
          p95Ms: round(quantile(sorted, 0.95)),
          maxMs: round(op.max),
        };
      });
  }

  /** The slow operations seen, oldest first. */
  slowOperations(): SlowOperation[] {
    return [...this.slow];
  }

  /** The threshold in milliseconds. */
  get thresholdMs(): number {
    return this.slowThresholdMs;
  }
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
