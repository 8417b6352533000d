import { OrcError } from '../errors.js';

// Words a POSIX shell reads as themselves: no quoting needed (most of our arguments: flags, ids, socket names).
const PLAIN = /^[A-Za-z0-9_./%@-]+$/;

/**
 * Quotes one word for a POSIX shell (sh, dash, bash, zsh, ksh): single quotes, each `'` written as `'\''`. Inside
 * single quotes nothing is special, not `$`, `` ` ``, `\`, `;`, `#`, `!` (outside an interactive shell) nor a
 * newline, so the shell hands the word to the program exactly as it is.
 * @example shellWord("it's") // => "'it'\\''s'"
 */
export function shellWord(word: string): string {
  if (word.includes('\0'))
    throw new OrcError(
      'usage.invalid',
      'an argument for a remote host holds a NUL byte, which no command line can carry',
    );
  if (PLAIN.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The one place a command becomes shell text: ssh hands the remote login shell one string, which it parses (sshd
 * runs `$SHELL -c <string>`). Every word is quoted by {@link shellWord}, and `exec` replaces the shell with the
 * program, so what runs on the remote host is exactly this argument array.
 * (No word is an assignment: `=` is quoted, and `exec` comes first.)
 * @example remoteCommandLine(['tmux', '-u', '-L', 'work', 'list-sessions']) // => 'exec tmux -u -L work list-sessions'
 */
export function remoteCommandLine(argv: readonly string[]): string {
  if (argv.length === 0) throw new OrcError('internal.error', 'empty remote command');
  return ['exec', ...argv.map(shellWord)].join(' ');
}
