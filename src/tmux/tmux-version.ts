import { tmuxClientCommand } from './tmux-client.js';
import type { SocketOptions } from './transport.js';

/** A tmux version as `tmux -V` prints it, reduced to what decisions need. */
export interface TmuxVersion {
  /** What tmux printed after "tmux " (`3.3a`, `next-3.7`, `master`). */
  text: string;
  major: number;
  minor: number;
}

/**
 * Parses the output of `tmux -V`: `tmux 3.3a`, `tmux next-3.7`, `tmux openbsd-7.5` (OpenBSD's base tmux, which
 * follows -current), `tmux master`. An unnumbered build (master, a distribution's snapshot) is taken as the newest.
 * @example parseTmuxVersion('tmux 3.3a') // => { text: '3.3a', major: 3, minor: 3 }
 */
export function parseTmuxVersion(output: string): TmuxVersion {
  const text = output.trim().replace(/^tmux\s+/, '');
  const m = /(\d+)\.(\d+)/.exec(text);
  if (!m || /^openbsd-/.test(text)) return { text, major: Number.POSITIVE_INFINITY, minor: 0 };
  return { text, major: Number(m[1]), minor: Number(m[2]) };
}

/**
 * Whether control-mode clients may connect while other clients come and go. Before 3.7 the server marks a client
 * as a control client before it has allocated its control state, and a notification to all control clients in
 * between (another control client detaching, a session renamed, ...) dereferences NULL: the server dies with every
 * agent on it (tmux PR #4980, fixed in 3.7; docs/security.md).
 */
export function controlClientsSafe(version: TmuxVersion): boolean {
  return version.major > 3 || (version.major === 3 && version.minor >= 7);
}

const versions = new Map<string, Promise<TmuxVersion | undefined>>();

/**
 * The version of the tmux these options run (`tmux -V`, ~1 ms here; one command over the master connection on a
 * remote host), once per process and binary (and host); undefined when it cannot run.
 */
export function tmuxVersion(options: SocketOptions = {}): Promise<TmuxVersion | undefined> {
  const bin = options.tmuxBin ?? 'tmux';
  const key = options.remote ? `${bin}\0${options.remote.destination}\0${options.remote.sshArgs.join('\0')}` : bin;
  let known = versions.get(key);
  if (!known) {
    const [file, args] = options.remote
      ? tmuxClientCommand({ remote: options.remote, tmuxBin: bin }, ['-V'])
      : [bin, ['-V']];
    const timeout = options.remote ? 10_000 : 4000;
    known = import('node:child_process').then(
      ({ execFile }) =>
        new Promise<TmuxVersion | undefined>((resolve) => {
          execFile(file, args, { encoding: 'utf8', timeout }, (error, stdout) =>
            resolve(error ? undefined : parseTmuxVersion(stdout)),
          );
        }),
    );
    versions.set(key, known);
    // A host that could not be reached is asked again next time.
    if (options.remote) void known.then((v) => v === undefined && versions.delete(key));
  }
  return known;
}
