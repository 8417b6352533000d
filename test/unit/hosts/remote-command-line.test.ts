import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { remoteCommandLine, shellWord } from '../../../src/hosts/remote-command-line.js';

// The one place a command becomes shell text (ssh hands the remote login shell a string): every hostile string must
// reach the program as one argument, unchanged, through every POSIX shell a remote account may log in with.
const HOSTILE: readonly [string, string][] = [
  ['empty', ''],
  ['#(command)', '#(touch /tmp/orc-hosts15-ran)'],
  ['#{format}', 'p#{pid}q'],
  ['; separators', 'a;b ; touch x ;'],
  ['single quotes', "it's 'quoted' ''"],
  ['double quotes and $', '"$HOME" ${PATH} $(id) `id`'],
  ['backslashes', "\\ \\\\ \\n \\'"],
  ['globs and tilde', '* ? [a-z] ~ ~root'],
  ['history and redirection', '!! !$ > /tmp/x < /etc/passwd 2>&1 | cat &'],
  ['newlines and tabs', 'one\ntwo\r\nthree\tfour'],
  ['escapes', 'x\x1b[201~\x03\x1b]2;title\x07y'],
  ['a leading dash', '-oProxyCommand=touch x'],
  ['an assignment', 'A=1'],
  ['unicode', 'é文 ✳ 🙂'],
  ['100 KB', 'm'.repeat(100_000)],
];

const SHELLS = ['/bin/sh', '/usr/bin/dash', '/bin/bash', '/usr/bin/zsh', '/bin/ksh'].filter((s) => existsSync(s));
const PRINT_ARGV = [process.execPath, '-e', 'process.stdout.write(JSON.stringify(process.argv.slice(1)))'];

test.each(SHELLS)('every hostile string reaches the program unchanged through %s -c', (shell) => {
  const words = HOSTILE.map(([, w]) => w);
  const out = execFileSync(shell, ['-c', remoteCommandLine([...PRINT_ARGV, ...words])], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH },
  });
  expect(JSON.parse(out)).toEqual(words);
  expect(existsSync('/tmp/orc-hosts15-ran')).toBe(false);
});

test('plain words stay plain; the rest is single-quoted, and the line execs', () => {
  expect(remoteCommandLine(['tmux', '-u', '-L', 'orc-x_1.2', '-C', 'attach-session', '%3', '@1'])).toBe(
    'exec tmux -u -L orc-x_1.2 -C attach-session %3 @1',
  );
  expect(shellWord("it's")).toBe("'it'\\''s'");
  expect(shellWord('no-output,ignore-size')).toBe("'no-output,ignore-size'");
  expect(shellWord('A=1')).toBe("'A=1'");
  expect(shellWord('')).toBe("''");
});

test('a NUL byte, which no command line can carry, is refused', () => {
  expect(() => remoteCommandLine(['tmux', 'a\0b'])).toThrow(expect.objectContaining({ code: 'usage.invalid' }));
});
