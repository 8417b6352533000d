/** Size limits on what tmux-orc reads from user input, in bytes (see docs/security-files.md). */

/** The largest team file `team deploy` reads: 1 MiB. */
export const TEAM_FILE_MAX_BYTES = 1024 * 1024;

/** The largest message or briefing, in UTF-8 bytes, whether inline, from `@file` or from stdin: 256 KiB. */
export const MESSAGE_MAX_BYTES = 256 * 1024;

/** A byte count as people read it (`256 KiB`, `1 MiB`). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
