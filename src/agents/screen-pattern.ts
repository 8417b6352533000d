import { OrcError } from '../errors.js';

/** What a screen is matched against: a RegExp literal of ours, or a user's pattern ({@link compileScreenPattern}). */
export interface TextMatcher {
  test(text: string): boolean;
  /** The pattern as messages show it (`/…/m`). */
  toString(): string;
}

/** The longest pattern accepted, in characters. */
export const MAX_PATTERN_LENGTH = 1000;

/** The largest compiled pattern (RE2 instructions): a match costs up to this much per character of text. */
export const MAX_PROGRAM_SIZE = 1000;

/** How much of a screen a pattern sees: its last 32 KiB, from a line start (a screen is ~10 KB at 200x50). */
export const MAX_MATCHED_TEXT = 32 * 1024;

/**
 * Compiles a user's regular expression for matching screens, on RE2 (re2js): linear in the text, so no pattern can
 * stall the event loop as a backtracking one (`^(a+)+b$`) does with JS RegExp. `^` and `$` match at line ends
 * (multiline). RE2 has no backreferences nor lookaround; those, and patterns past the limits above, are
 * usage.invalid. re2js is loaded on the first use only.
 * @example const m = await compileScreenPattern('^got: \\d+$', '--until text:'); m.test(screen);
 */
export async function compileScreenPattern(pattern: string, what: string): Promise<TextMatcher> {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new OrcError(
      'usage.invalid',
      `${what} the regular expression is ${pattern.length} characters long; at most ${MAX_PATTERN_LENGTH}`,
    );
  }
  const { RE2JS } = await import('re2js');
  let re: InstanceType<typeof RE2JS>;
  try {
    re = RE2JS.compile(pattern, RE2JS.MULTILINE);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new OrcError(
      'usage.invalid',
      `${what} invalid regular expression: ${reason} (RE2 syntax: no backreferences nor lookaround)`,
    );
  }
  if (re.programSize() > MAX_PROGRAM_SIZE) {
    throw new OrcError(
      'usage.invalid',
      `${what} the regular expression is too large (${re.programSize()} RE2 ` +
        `instructions; at most ${MAX_PROGRAM_SIZE}): use smaller repeat counts`,
    );
  }
  return { test: (text) => re.test(boundText(text)), toString: () => `/${pattern}/m` };
}

/** The end of a text, at most MAX_MATCHED_TEXT long and from a line start, so `^` keeps its meaning. */
export function boundText(text: string): string {
  if (text.length <= MAX_MATCHED_TEXT) return text;
  const tail = text.slice(-MAX_MATCHED_TEXT);
  const cut = tail.indexOf('\n');
  return cut < 0 ? tail : tail.slice(cut + 1);
}
