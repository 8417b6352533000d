const SAFE = /^[A-Za-z0-9_%@:.,/=+ -]*$/;

/**
 * Quotes one argument for tmux's command parser, as used on a control-mode line.
 * Double quotes with backslash escapes (`~` too: tmux expands a leading tilde even inside quotes): no `$VAR` or `~`
 * expansion, no `;` or `#` meaning, and newlines,
 * tabs and other control characters written as escapes so one command stays on one line.
 * @example quoteTmuxArg('it\'s "$HOME"; #1') // => "\"it's \\\"\\$HOME\\\"; #1\""
 */
export function quoteTmuxArg(value: string): string {
  // Ids, targets, flags and plain words need no escapes (most arguments are these).
  if (SAFE.test(value)) return `"${value}"`;
  return `"${value.replace(SPECIAL, escapeChar)}"`;
}

// Escaped: backslash, double quote, $ and ~, and every C0 control character and DEL. Everything else (UTF-8
// included) goes through as it is.
const SPECIAL = /[\\"$~\x00-\x1f\x7f]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(ch: string): string {
  if (ch === '\\' || ch === '"' || ch === '$' || ch === '~') return `\\${ch}`;
  return NAMED[ch] ?? `\\${ch.charCodeAt(0).toString(8).padStart(3, '0')}`;
}

/** Builds one control-mode command line from an argument array (command name first). */
export function toControlLine(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('empty tmux command');
  return argv.map((arg, i) => (i === 0 && /^[a-z-]+$/.test(arg) ? arg : quoteTmuxArg(arg))).join(' ');
}

/**
 * Protects one argv element for a spawned `tmux` process: tmux treats a trailing `;` on an argument as a
 * command separator, so it is escaped as `\;`.
 */
export function escapeTmuxArgv(arg: string): string {
  return arg.endsWith(';') ? arg.slice(0, -1) + '\\;' : arg;
}
