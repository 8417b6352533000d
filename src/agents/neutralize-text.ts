/** A message made safe to type or paste: nothing in it can act as a key, and how much had to change. */
export interface NeutralizedText {
  text: string;
  /** How many characters were replaced. */
  replaced: number;
}

/**
 * Turns a message into text that a terminal can only show, never act on: CR and CRLF become newlines; every other
 * C0 control character and DEL becomes its Unicode control picture (ESC is `␛`, so `ESC [201~` cannot end a
 * bracketed paste and `\x03` cannot press Ctrl-C); C1 controls and lone surrogates become U+FFFD. Newlines and tabs
 * stay (they go in a bracketed paste, where they are text).
 * @example neutralizeText('keep\x1b[201~\x03') // => { text: 'keep␛[201~␃', replaced: 2 }
 */
export function neutralizeText(message: string): NeutralizedText {
  let replaced = 0;
  const text = message.replace(/\r\n?/g, '\n').replace(UNSAFE, (ch) => {
    replaced++;
    const code = ch.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return '\ufffd';
  });
  return { text, replaced };
}

// C0 controls but tab and newline, DEL, C1 controls, and UTF-16 surrogates that are not part of a pair.

const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
