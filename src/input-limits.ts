/** Size limits on what tmux-orc reads from user input, in bytes (see docs/security.md). */

/** The largest team file `team deploy` reads: 1 MiB. */
export const TEAM_FILE_MAX_BYTES = 1024 * 1024;

/** The largest message or briefing, in UTF-8 bytes, whether inline, from `@file` or from stdin: 256 KiB. */
export const MESSAGE_MAX_BYTES = 256 * 1024;

/**
 * The longest text any argument or option may carry unless it says otherwise (`ParamSpec.maxLength`), in characters:
 * names, paths, roles, targets, program arguments. Messages and briefings may be longer (up to
 * {@link MESSAGE_MAX_BYTES}).
 */
export const TEXT_MAX_CHARS = 4096;

/** The longest session or window name: tmux-orc's own targets stop at 256 characters, `session:window` included. */
export const NAME_MAX_CHARS = 120;

/** A byte count as people read it (`256 KiB`, `1 MiB`). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
