import { escapeTmuxArgv, quoteTmuxArg, toControlLine } from '../../../src/tmux/quote-tmux-arg.js';

describe('quoteTmuxArg', () => {
  test.each([
    ['', '""'],
    ['plain', '"plain"'],
    ['two words', '"two words"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["it's", '"it\'s"'],
    ['$HOME', '"\\$HOME"'],
    ['~/x', '"\\~/x"'],
    ['a\\b\\', '"a\\\\b\\\\"'],
    ['a;', '"a;"'],
    ['#{session_name}', '"#{session_name}"'],
    ['{ }', '"{ }"'],
    ['l1\nl2', '"l1\\nl2"'],
    ['\t\r', '"\\t\\r"'],
    ['\x1b[0m', '"\\033[0m"'],
    ['\x00\x7f', '"\\000\\177"'],
    ['日本 🚀', '"日本 🚀"'],
    ['-x', '"-x"'],
  ])('%j -> %s', (value, quoted) => {
    expect(quoteTmuxArg(value)).toBe(quoted);
  });

  test('the result is one line with no raw control characters, wrapped in double quotes', () => {
    const hostile = Array.from({ length: 0x80 }, (_, i) => String.fromCharCode(i)).join('') + '🚀日本';
    const quoted = quoteTmuxArg(hostile);
    expect(quoted.startsWith('"') && quoted.endsWith('"')).toBe(true);
    expect(/[\x00-\x1f\x7f]/.test(quoted)).toBe(false);
  });

  test('every double quote, dollar and backslash inside is escaped', () => {
    const inner = quoteTmuxArg('"$\\"$\\').slice(1, -1);
    expect(inner).toBe('\\"\\$\\\\\\"\\$\\\\');
  });
});

describe('toControlLine', () => {
  test('leaves a plain command name bare and quotes every argument', () => {
    expect(toControlLine(['set-option', '-g', '@k', 'a b;'])).toBe('set-option "-g" "@k" "a b;"');
  });

  test('quotes a first word that is not a plain command name', () => {
    expect(toControlLine(['bad;name'])).toBe('"bad;name"');
  });

  test('rejects an empty command', () => {
    expect(() => toControlLine([])).toThrow();
  });
});

describe('escapeTmuxArgv', () => {
  test.each([
    ['a;', 'a\\;'],
    [';', '\\;'],
    ['x\\;', 'x\\\\;'],
    ['a;b', 'a;b'],
    ['plain', 'plain'],
    ['', ''],
    ['trailing\\', 'trailing\\'],
  ])('%j -> %j', (arg, escaped) => {
    expect(escapeTmuxArgv(arg)).toBe(escaped);
  });
});
