import type { ErrorJson } from '../src/errors.js';

/** The one JSON shape every command prints with `--json`, and every MCP tool returns. */
export type Envelope<D = unknown> =
  | { ok: true; command: string; data: D; meta: EnvelopeMeta }
  | { ok: false; command: string; error: ErrorJson; meta: EnvelopeMeta };

/** Facts about the run. */
export interface EnvelopeMeta {
  durationMs: number;
  version: string;
}
