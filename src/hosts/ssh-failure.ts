import { OrcError } from '../errors.js';
import type { RemoteHost } from '../tmux/transport.js';

const AUTH =
  /Permission denied|Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|no matching host key type|Too many authentication failures|no mutual signature/i;
const NO_TMUX = /(tmux|exec)[^\n]*(not found|No such file or directory|Permission denied)/i;

/** What ssh said, without its chatter (known-hosts notices) and at most 300 characters. */
export function sshWords(stderr: string): string {
  const text = stderr
    .split('\n')
    .filter((l) => l.trim() && !/^Warning: Permanently added/.test(l))
    .join('; ')
    .trim();
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}

/**
 * The host's own error for a failed ssh, or undefined when ssh worked and tmux itself failed (the caller maps tmux's
 * words as for a local server). ssh exits with 255 for its own failures: keys refused or an unknown host key are
 * `host.authFailed`; anything else is `host.unreachable` while connecting and `host.connectionLost` once the
 * connection was up. A shell that cannot find tmux exits with 127 (126: not executable): `host.noTmux`.
 */
export function sshFailure(
  remote: RemoteHost,
  code: number | null,
  stderr: string,
  phase: 'connect' | 'running',
): OrcError | undefined {
  const said = sshWords(stderr);
  const at = `${remote.name}${remote.name === remote.destination ? '' : ` (${remote.destination})`}`;
  if ((code === 127 || code === 126) && (NO_TMUX.test(stderr) || code === 127)) {
    return new OrcError('host.noTmux', `tmux was not found on ${at}${said ? `: ${said}` : ''}`, {
      hint: 'install tmux 3.2 or newer there, or name its path with "tmux" in the hosts file',
    });
  }
  if (code !== 255) return undefined;
  if (AUTH.test(stderr)) {
    return new OrcError('host.authFailed', `ssh could not log in to ${at}${said ? `: ${said}` : ''}`, {
      hint: 'tmux-orc runs ssh with BatchMode=yes: the key must be in an agent or named with -i, and the host key known (connect once with ssh by hand)',
    });
  }
  if (phase === 'connect') {
    return new OrcError('host.unreachable', `cannot reach ${at}${said ? `: ${said}` : ''}`, {
      hint: `check with: ssh ${remote.destination} true`,
    });
  }
  return new OrcError('host.connectionLost', `the connection to ${at} was lost${said ? `: ${said}` : ''}`, {
    hint: 'the next command connects again; a command that was under way may or may not have run',
  });
}
