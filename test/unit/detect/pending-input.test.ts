import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { boxHolds, pendingInput } from '../../../src/agents/pending-input.js';

const SCREENS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'screens');
const screen = (path: string) => readFileSync(join(SCREENS, path), 'utf8');

describe('pendingInput on real captures', () => {
  it.each([
    ['claude', 'claude/idle.txt', ''],
    ['claude', 'claude/idle.box-with-text.txt', 'a request typed but not sent yet'],
    ['codex', 'codex/idle.txt', ''],
    ['codex', 'codex/idle.box-with-text.txt', 'a request typed but not sent yet'],
    ['gemini', 'gemini/idle.txt', ''],
    ['gemini', 'gemini/idle.box-with-text.txt', 'a request typed but not sent yet'],
    // OpenCode's placeholder on a fresh start, the empty box under a transcript of `┃` blocks, and while busy.
    ['opencode', 'opencode/idle.txt', ''],
    ['opencode', 'opencode/idle.after-reply.txt', ''],
    ['opencode', 'opencode/busy.txt', ''],
    ['opencode', 'opencode/idle.box-with-text.txt', 'a request typed but not sent yet'],
    ['opencode', 'opencode/idle.multiline-paste.txt', '[Pasted ~3 lines]'],
    // A dialog takes the box's place.
    ['opencode', 'opencode/waiting.txt', undefined],
    ['opencode', 'opencode/waiting.always-confirm.txt', undefined],
  ] as const)('%s: %s holds %j', (kind, file, pending) => {
    expect(pendingInput(kind, screen(file))).toBe(pending);
  });

  it("reads Codex's other placeholder and Claude's queued-message hint as an empty box", () => {
    expect(pendingInput('codex', '› Ask a follow-up question\n\n  gpt-5-codex default')).toBe('');
    const rule = '─'.repeat(20);
    expect(
      pendingInput('claude', ['  ❯ queued text', rule, '❯ Press up to edit queued messages', rule].join('\n')),
    ).toBe('');
  });

  it("reads OpenCode's box under its command list, and text over several rows", () => {
    const edge = `  ╹${'▀'.repeat(40)}`;
    const list = ['  ┃ /exit         Exit the app      ┃', '  ┃ /export       Export session    ┃'];
    const box = (...text: string[]) => [
      ...list,
      '  ┃',
      ...text.map((t) => `  ┃  ${t}`),
      '  ┃',
      '  ┃  Build · Claude Fake',
      edge,
    ];
    expect(pendingInput('opencode', [...box('/ex'), '   ~/project   ctrl+p commands'].join('\n'))).toBe('/ex');
    expect(pendingInput('opencode', box('a long message that', 'wrapped in the box').join('\n'))).toBe(
      'a long message that\nwrapped in the box',
    );
    expect(pendingInput('opencode', '  ┃  Build · Claude Fake\n  ┃\n')).toBeUndefined();
  });
});

describe('boxHolds', () => {
  it.each([
    ['Claude', '[Pasted text #1 +14 lines]'],
    ['Gemini', '[Pasted Text: 15 lines]'],
    ['Codex', '[Pasted Content 1200 chars]'],
    ['OpenCode', '[Pasted ~14 lines]'],
  ])("takes %s's folded paste %j as still holding the message", (_cli, token) => {
    expect(boxHolds(token, 'line 1\nline 2\n...\nline 14')).toBe(true);
  });

  it('compares the end of the message without whitespace', () => {
    expect(
      boxHolds('a message that the box\nwrapped over two rows', 'a message that the box wrapped over two rows'),
    ).toBe(true);
    expect(boxHolds('', 'anything')).toBe(false);
    expect(boxHolds('something else', 'anything at all')).toBe(false);
  });
});
