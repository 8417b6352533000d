/**
 * True when the name matches one of the globs (`*` any run of characters, `?` one character).
 * @example matchesAny('session_list', ['session_*']) // true
 */
export function matchesAny(name: string, globs: readonly string[]): boolean {
  return globs.some((glob) => globToRegExp(glob).test(name));
}

/** Splits a comma- or space-separated glob list, as `--tools 'session_*,list'` gives it. */
export function splitGlobs(text: string | undefined): string[] {
  return (text ?? '').split(/[,\s]+/).filter(Boolean);
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}
