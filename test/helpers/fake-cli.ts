import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_AGENT } from './fake-agent-support.js';

/**
 * A `claude` of the test's own: the fake agent under the real CLI's name, so tmux-orc treats it as Claude Code (a
 * `--session-id` of its choosing, `--settings` with its hooks, `--resume <id>`), logging to `$FAKE_LOG`. Its path is
 * absolute, so it runs whatever the tmux server's PATH.
 */
export function fakeClaude(dir: string): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const path = join(bin, 'claude');
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  writeFileSync(
    path,
    `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(FAKE_AGENT)} --kind claude --log "$FAKE_LOG" --ready-ms 50 --busy-ms 150 "$@"\n`,
  );
  chmodSync(path, 0o755);
  return path;
}

/** One line of a fake agent's log: a start (its conversation, and the one it resumed) or a message it was sent. */
export interface FakeLogLine {
  session?: string;
  resumed?: string;
  cwd?: string;
  text?: string;
}

/** Every line of a fake agent's log, oldest first. */
export function fakeLog(log: string): FakeLogLine[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as FakeLogLine);
}

/** The starts a fake agent logged (each with the conversation it ran and the one it resumed). */
export function fakeStarts(log: string): FakeLogLine[] {
  return fakeLog(log).filter((l) => l.session !== undefined);
}
