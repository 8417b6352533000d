import { OrcError } from '../errors.js';
import { NAME_MAX_CHARS } from '../input-limits.js';

/** Rejects names tmux would silently rewrite (it turns ":" and "." into "_"). */
export function validateSessionName(name: string): void {
  if (
    !name ||
    name.length > NAME_MAX_CHARS ||
    /[:.\x00-\x1f\x7f]/.test(name) ||
    /^\s|\s$/.test(name) ||
    hasLoneSurrogate(name)
  ) {
    const rule = `it must be 1-${NAME_MAX_CHARS} characters, without ":", "." or control characters`;
    throw new OrcError('usage.invalid', `invalid session name ${quoteName(name)}: ${rule}`);
  }
}

/** Rejects window names tmux would rewrite or that a target could not name again. */
export function validateWindowName(name: string): void {
  if (!name || name.length > NAME_MAX_CHARS || /[:\x00-\x1f\x7f]/.test(name) || hasLoneSurrogate(name)) {
    const rule = `it must be 1-${NAME_MAX_CHARS} characters, without ":" or control characters`;
    throw new OrcError('usage.invalid', `invalid window name ${quoteName(name)}: ${rule}`);
  }
}

/** Rejects a working directory that is not an absolute-or-relative path tmux can take as it is. */
export function validateCwd(cwd: string): void {
  if (cwd.length > 4096 || /[\x00-\x1f\x7f]/.test(cwd) || hasLoneSurrogate(cwd)) {
    const rule = 'at most 4096 characters, without control characters';
    throw new OrcError('usage.invalid', `invalid working directory ${quoteName(cwd)}: ${rule}`);
  }
}

function hasLoneSurrogate(text: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

function quoteName(name: string): string {
  const text = JSON.stringify(name);
  return text.length > 60 ? `${text.slice(0, 60)}..." (${name.length} characters)` : text;
}
