import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Compiled to dist/benchmarks/, two folders below the repository root.
/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built CLI, as the `bin` runs it. */
export const CLI = join(ROOT, 'dist', 'cli', 'tmux-orc.cjs');

/** The fake AI agent used for every agent pane. */
export const FAKE_AGENT = join(ROOT, 'test', 'fixtures', 'fake-agent.mjs');

/** How the benchmark's agents are started: a fake Claude Code that is ready fast and busy briefly. */
export function fakeAgentCommand(): string[] {
  return [process.execPath, FAKE_AGENT, '--kind', 'claude', '--ready-ms', '100', '--busy-ms', '5'];
}
