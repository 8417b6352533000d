/** Where a JSON text first goes wrong, for error messages that must not quote the text itself. */
export interface JsonErrorAt {
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

const WS = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

type Expect = 'value' | 'valueOrClose' | 'keyOrClose' | 'key' | 'colon' | 'commaOrClose' | 'end';

/**
 * Finds the first offset at which `text` stops being JSON (RFC 8259), without recursion (deep nesting cannot
 * overflow the stack); undefined when it is valid. JSON.parse's own message quotes the text, so it is not used.
 */
export function locateJsonError(text: string): JsonErrorAt | undefined {
  const offset = firstBadOffset(text);
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { offset, line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

function firstBadOffset(text: string): number | undefined {
  const stack: string[] = [];
  let expect: Expect = 'value';
  let i = 0;
  for (;;) {
    while (i < text.length && WS.has(text[i]!)) i++;
    if (i >= text.length) return expect === 'end' ? undefined : i;
    const ch = text[i]!;
    const close = stack.at(-1) === '{' ? '}' : ']';
    const closes =
      (expect === 'valueOrClose' && ch === ']') ||
      (expect === 'keyOrClose' && ch === '}') ||
      (expect === 'commaOrClose' && ch === close);
    if (closes) {
      stack.pop();
      i++;
      expect = stack.length ? 'commaOrClose' : 'end';
    } else if (expect === 'commaOrClose' && ch === ',') {
      i++;
      expect = stack.at(-1) === '{' ? 'key' : 'value';
    } else if (expect === 'colon' && ch === ':') {
      i++;
      expect = 'value';
    } else if ((expect === 'key' || expect === 'keyOrClose') && ch === '"') {
      i = scanString(text, i);
      if (i < 0) return -i - 1;
      expect = 'colon';
    } else if ((expect === 'value' || expect === 'valueOrClose') && (ch === '{' || ch === '[')) {
      stack.push(ch);
      i++;
      expect = ch === '{' ? 'keyOrClose' : 'valueOrClose';
    } else if (expect === 'value' || expect === 'valueOrClose') {
      i = scanScalar(text, i);
      if (i < 0) return -i - 1;
      expect = stack.length ? 'commaOrClose' : 'end';
    } else {
      return i;
    }
  }
}

/** The offset after a string starting at `at`, or `-(bad offset) - 1`. */
function scanString(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') return i + 1;
    if (ch < ' ') return -i - 1;
    if (ch !== '\\') continue;
    const next = text[++i];
    if (next === 'u') {
      if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) return -i - 1;
      i += 4;
    } else if (next === undefined || !ESCAPES.has(next)) return -i - 1;
  }
  return -text.length - 1;
}

/** The offset after a string, number or literal starting at `at`, or `-(bad offset) - 1`. */
function scanScalar(text: string, at: number): number {
  if (text[at] === '"') return scanString(text, at);
  for (const literal of ['true', 'false', 'null']) if (text.startsWith(literal, at)) return at + literal.length;
  NUMBER.lastIndex = at;
  return NUMBER.test(text) ? NUMBER.lastIndex : -at - 1;
}
