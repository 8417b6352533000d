import { neutralizeText } from '../../src/agents/neutralize-text.js';

/**
 * Text from agents (names, roles, screen lines) as one line a terminal can only show: control characters become
 * their control pictures (ESC is `␛`), C1 controls and lone surrogates U+FFFD, newlines `⏎`, tabs a space.
 * @example printable('a\x1b[2Jb\nc') // 'a␛[2Jb⏎c'
 */
export function printable(text: string): string {
  return neutralizeText(text).text.replace(/\n/g, '⏎').replace(/\t/g, ' ');
}

/** The columns a code point takes in a terminal: 0 for combining marks and zero-width characters, 2 for wide ones. */
function columns(cp: number): number {
  if (cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0xfeff || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

const MARK = /\p{M}/u;

/** How many terminal columns a line of printable text takes. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += MARK.test(ch) ? 0 : columns(ch.codePointAt(0)!);
  return width;
}

/**
 * Cuts printable text to at most `width` columns, with `…` where it was cut, and pads it with spaces to exactly
 * `width` when `pad` is set.
 * @example fitText('waiting for you', 8) // 'waiting…'
 */
export function fitText(text: string, width: number, pad = false): string {
  if (width <= 0) return '';
  let out = '';
  let used = 0;
  if (displayWidth(text) > width) {
    for (const ch of text) {
      const w = MARK.test(ch) ? 0 : columns(ch.codePointAt(0)!);
      if (used + w > width - 1) break;
      out += ch;
      used += w;
    }
    out += '…';
    used += 1;
  } else {
    out = text;
    used = displayWidth(text);
  }
  return pad ? out + ' '.repeat(Math.max(0, width - used)) : out;
}
