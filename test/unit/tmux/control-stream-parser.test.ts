import { ControlStreamParser, type ControlEvent } from '../../../src/tmux/control-stream-parser.js';

/** Feeds the chunks to a new parser and returns every event it produced. */
function parse(...chunks: (string | Buffer)[]): ControlEvent[] {
  const events: ControlEvent[] = [];
  const parser = new ControlStreamParser((e) => events.push(e));
  for (const chunk of chunks) parser.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  return events;
}

const replies = (events: ControlEvent[]) => events.flatMap((e) => (e.type === 'reply' ? [e.reply] : []));
const notifications = (events: ControlEvent[]) =>
  events.flatMap((e) => (e.type === 'notification' ? [e.notification] : []));

describe('ControlStreamParser', () => {
  test('a %begin/%end block becomes begin then an ok reply with its lines', () => {
    const events = parse('%begin 1795738149 268 1\nline one\nline two\n%end 1795738149 268 1\n');
    expect(events).toEqual([
      { type: 'begin', number: 268 },
      { type: 'reply', reply: { number: 268, ok: true, lines: ['line one', 'line two'] } },
    ]);
  });

  test('an empty block gives a reply with no lines', () => {
    expect(replies(parse('%begin 1 5 1\n%end 1 5 1\n'))).toEqual([{ number: 5, ok: true, lines: [] }]);
  });

  test('a %end line with another command number inside the output stays output', () => {
    const events = parse('%begin 1795738149 268 1\n%end 1795738149 267 1\nafter\n%end 1795738149 268 1\n');
    expect(replies(events)).toEqual([{ number: 268, ok: true, lines: ['%end 1795738149 267 1', 'after'] }]);
  });

  test('a %end line with the same number but another time inside the output stays output', () => {
    const events = parse(
      '%begin 1795738149 268 1\n%end 1795738000 268 1\n%error 1795738000 268 1\n%end 1795738149 268 1\n',
    );
    expect(replies(events)).toEqual([
      { number: 268, ok: true, lines: ['%end 1795738000 268 1', '%error 1795738000 268 1'] },
    ]);
  });

  test('output lines that look like notifications inside a block stay output', () => {
    const events = parse('%begin 9 3 1\n%window-add @7\n%output %1 hi\n%end 9 3 1\n');
    expect(notifications(events)).toEqual([]);
    expect(replies(events)[0]!.lines).toEqual(['%window-add @7', '%output %1 hi']);
  });

  test('a %error block becomes a failed reply carrying the error text', () => {
    const events = parse("%begin 1700000000 12 0\ncan't find session: nope\n%error 1700000000 12 0\n");
    expect(replies(events)).toEqual([{ number: 12, ok: false, lines: ["can't find session: nope"] }]);
  });

  test('lines split across chunks at every byte position give the same events', () => {
    const text = '%sessions-changed\n%begin 1 2 1\nhello world\n%end 1 2 1\n%window-add @3\n';
    const whole = parse(text);
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse(text.slice(0, cut), text.slice(cut))).toEqual(whole);
    }
    // One byte per chunk.
    expect(parse(...[...Buffer.from(text)].map((b) => Buffer.from([b])))).toEqual(whole);
  });

  test('a UTF-8 multibyte character split across two chunks is decoded whole', () => {
    const bytes = Buffer.from('%begin 1 4 1\nnaïve 日本 🚀\n%end 1 4 1\n', 'utf8');
    const emoji = bytes.indexOf(Buffer.from('🚀', 'utf8'));
    const cjk = bytes.indexOf(Buffer.from('日', 'utf8'));
    for (const cut of [emoji + 1, emoji + 2, emoji + 3, cjk + 1, cjk + 2]) {
      expect(replies(parse(bytes.subarray(0, cut), bytes.subarray(cut)))).toEqual([
        { number: 4, ok: true, lines: ['naïve 日本 🚀'] },
      ]);
    }
  });

  test('notifications between blocks are handed on in order, between the replies', () => {
    const events = parse(
      '%begin 1 1 1\na\n%end 1 1 1\n%window-add @1\n%sessions-changed\n%begin 1 2 1\nb\n%end 1 2 1\n',
    );
    expect(events.map((e) => e.type)).toEqual(['begin', 'reply', 'notification', 'notification', 'begin', 'reply']);
    expect(notifications(events)).toEqual([{ name: 'window-add', windowId: '@1' }, { name: 'sessions-changed' }]);
  });

  test('CRLF line endings are stripped from output, guards and notifications', () => {
    const events = parse('%sessions-changed\r\n%begin 1 7 1\r\nabc\r\n%end 1 7 1\r\n');
    expect(notifications(events)).toEqual([{ name: 'sessions-changed' }]);
    expect(replies(events)).toEqual([{ number: 7, ok: true, lines: ['abc'] }]);
  });

  test('in an LF stream a CR that ends an output line is data and is kept', () => {
    expect(replies(parse('%begin 1 7 1\nvalue\r\n\r\n%end 1 7 1\n'))).toEqual([
      { number: 7, ok: true, lines: ['value\r', '\r'] },
    ]);
  });

  test('in a CRLF stream only the one CR of the line ending is stripped', () => {
    expect(replies(parse('%begin 1 7 1\r\nvalue\r\r\n%end 1 7 1\r\n'))).toEqual([
      { number: 7, ok: true, lines: ['value\r'] },
    ]);
  });

  test('in an LF stream a guard followed by a CR does not close the block', () => {
    expect(replies(parse('%begin 1 7 1\n%end 1 7 1\r\n%end 1 7 1\n'))).toEqual([
      { number: 7, ok: true, lines: ['%end 1 7 1\r'] },
    ]);
  });

  test('a CR split from its LF across chunks is still stripped', () => {
    expect(replies(parse('%begin 1 7 1\r', '\nabc\r', '\n%end 1 7 1\r', '\n'))).toEqual([
      { number: 7, ok: true, lines: ['abc'] },
    ]);
  });

  test('an incomplete last line is held until its newline arrives', () => {
    const events: ControlEvent[] = [];
    const parser = new ControlStreamParser((e) => events.push(e));
    parser.push(Buffer.from('%begin 1 1 1\nx\n%end 1 1'));
    expect(replies(events)).toEqual([]);
    parser.push(Buffer.from(' 1\n'));
    expect(replies(events)).toEqual([{ number: 1, ok: true, lines: ['x'] }]);
  });

  test('text outside a block that is not a notification is ignored', () => {
    expect(parse('stray text\n\n')).toEqual([]);
  });
});
