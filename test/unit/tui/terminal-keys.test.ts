import { KeyReader } from '../../../cli/tui/terminal-keys.js';
import { displayWidth, fitText, printable } from '../../../cli/tui/terminal-text.js';

test('keys: characters, arrows in both forms, Enter, Backspace, Ctrl keys, a lone Escape', () => {
  const keys = new KeyReader();
  expect(keys.feed('jk\x1b[A\x1bOB\x1b[5~\x1b[6~\r\r\n\x7f\x03\x15')).toEqual([
    { name: 'char', ch: 'j' },
    { name: 'char', ch: 'k' },
    { name: 'up' },
    { name: 'down' },
    { name: 'pageup' },
    { name: 'pagedown' },
    { name: 'enter' },
    { name: 'enter' },
    { name: 'backspace' },
    { name: 'ctrl-c' },
    { name: 'ctrl-u' },
  ]);
  expect(keys.feed('\x1b')).toEqual([{ name: 'escape' }]);
  // Unknown sequences and other controls are no keys at all.
  expect(keys.feed('\x1b[?1;2c\x1b[I\x01\x9b')).toEqual([]);
  expect(keys.feed('é😀')).toEqual([
    { name: 'char', ch: 'é' },
    { name: 'char', ch: '😀' },
  ]);
});

test('a bracketed paste is one key, its text whole, across chunks', () => {
  const keys = new KeyReader();
  expect(keys.feed('a\x1b[200~one\ntw')).toEqual([{ name: 'char', ch: 'a' }]);
  expect(keys.feed('o \x1b[A\x1b[201~b')).toEqual([
    { name: 'paste', text: 'one\ntwo \x1b[A' },
    { name: 'char', ch: 'b' },
  ]);
});

test('agent text is made printable: no control character reaches the terminal', () => {
  expect(printable('a\x1b[2Jb\nc\td\x9b\ud800')).toBe('a␛[2Jb⏎c d\ufffd\ufffd');
});

test('widths count wide and combining characters; text is cut with an ellipsis and padded', () => {
  expect(displayWidth('ab')).toBe(2);
  expect(displayWidth('日本')).toBe(4);
  expect(displayWidth('e\u0301')).toBe(1);
  expect(fitText('waiting for you', 8)).toBe('waiting…');
  expect(fitText('日本語', 4)).toBe('日…');
  expect(fitText('ab', 4, true)).toBe('ab  ');
  expect(displayWidth(fitText('日本語日本語', 7, true))).toBe(7);
});
