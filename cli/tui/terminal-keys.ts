/** A key press, or a bracketed paste, read from a terminal in raw mode. */
export type Key =
  | { name: 'char'; ch: string }
  | { name: 'paste'; text: string }
  | { name: 'up' | 'down' | 'left' | 'right' | 'home' | 'end' | 'pageup' | 'pagedown' }
  | { name: 'enter' | 'escape' | 'backspace' | 'tab' | 'ctrl-c' | 'ctrl-d' | 'ctrl-l' | 'ctrl-u' };

const CSI_KEYS: Record<string, Key['name']> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
  '1~': 'home',
  '7~': 'home',
  '4~': 'end',
  '8~': 'end',
  '5~': 'pageup',
  '6~': 'pagedown',
};
const CONTROL_KEYS: Record<string, Key['name']> = {
  '\r': 'enter',
  '\n': 'enter',
  '\x7f': 'backspace',
  '\b': 'backspace',
  '\t': 'tab',
  '\x03': 'ctrl-c',
  '\x04': 'ctrl-d',
  '\x0c': 'ctrl-l',
  '\x15': 'ctrl-u',
};
const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

/**
 * Reads keys from raw terminal input, chunk by chunk: arrows and the other cursor keys (CSI and SS3 forms), Enter,
 * Backspace, a few Ctrl keys, printable characters, and a bracketed paste as one `paste` (its text kept whole, across
 * chunks). A lone ESC in a chunk is the Escape key; other escape sequences and control characters are ignored.
 */
export class KeyReader {
  private paste: string | undefined;

  /** The keys in one chunk of input. */
  feed(chunk: string): Key[] {
    const keys: Key[] = [];
    let i = 0;
    while (i < chunk.length) {
      if (this.paste !== undefined) {
        const end = chunk.indexOf(PASTE_END, i);
        this.paste += chunk.slice(i, end < 0 ? chunk.length : end);
        if (end < 0) break;
        keys.push({ name: 'paste', text: this.paste });
        this.paste = undefined;
        i = end + PASTE_END.length;
        continue;
      }
      if (chunk.startsWith(PASTE_START, i)) {
        this.paste = '';
        i += PASTE_START.length;
        continue;
      }
      const ch = chunk[i]!;
      if (ch === '\x1b') {
        const rest = chunk.slice(i);
        const sequence = /^\x1b(?:\[([0-9;]*)([~A-Za-z])|O([A-Za-z]))/.exec(rest);
        if (sequence) {
          const code = sequence[3] ?? (sequence[2] === '~' ? `${sequence[1]!.split(';')[0]}~` : sequence[2]!);
          const name = CSI_KEYS[code];
          if (name) keys.push({ name } as Key);
          i += sequence[0].length;
          continue;
        }
        // ESC alone, or before a character (Alt+key): the Escape key; other sequences are skipped whole.
        const other = /^\x1b[[\]][\x20-\x3f]*[\x40-\x7e]?/.exec(rest);
        if (other && other[0].length > 2) i += other[0].length;
        else {
          keys.push({ name: 'escape' });
          i += 1;
        }
        continue;
      }
      const control = CONTROL_KEYS[ch];
      if (control) {
        keys.push({ name: control } as Key);
        // CRLF is one Enter.
        i += ch === '\r' && chunk[i + 1] === '\n' ? 2 : 1;
        continue;
      }
      const cp = chunk.codePointAt(i)!;
      const char = String.fromCodePoint(cp);
      if (cp >= 0x20 && !(cp >= 0x7f && cp <= 0x9f)) keys.push({ name: 'char', ch: char });
      i += char.length;
    }
    return keys;
  }
}
