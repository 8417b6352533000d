import { sshFailure } from '../../../src/hosts/ssh-failure.js';

const remote = { name: 'build', destination: 'ci@build', sshArgs: [] };

// What ssh and the remote shell print, as OpenSSH 9 and bash/dash print it.
test.each([
  [255, 'ssh: connect to host build port 22: Connection refused', 'connect', 'host.unreachable'],
  [255, 'ssh: Could not resolve hostname nowhere: Name or service not known', 'connect', 'host.unreachable'],
  [255, 'ssh: connect to host 10.1.2.3 port 22: Connection timed out', 'connect', 'host.unreachable'],
  [255, 'kex_exchange_identification: Connection closed by remote host', 'connect', 'host.unreachable'],
  [255, 'root@127.0.0.1: Permission denied (publickey).', 'connect', 'host.authFailed'],
  [255, 'Host key verification failed.', 'connect', 'host.authFailed'],
  [255, '@@@ WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! @@@', 'connect', 'host.authFailed'],
  [255, 'Timeout, server build not responding.', 'running', 'host.connectionLost'],
  [255, 'Connection to 127.0.0.1 closed by remote host.', 'running', 'host.connectionLost'],
  [127, 'bash: line 1: exec: tmux: not found', 'connect', 'host.noTmux'],
  [127, 'sh: 1: exec: /opt/tmux: not found', 'connect', 'host.noTmux'],
  [126, 'bash: line 1: /opt/tmux: Permission denied', 'connect', 'host.noTmux'],
] as const)('exit %i, "%s" (%s) is %s', (code, stderr, phase, expected) => {
  expect(
    sshFailure(
      remote,
      code,
      `Warning: Permanently added 'build' (ED25519) to the list of known hosts.\n${stderr}\n`,
      phase,
    )?.code,
  ).toBe(expected);
});

test('a failure of tmux itself (ssh worked) is left to the tmux error mapping', () => {
  expect(sshFailure(remote, 1, 'no server running on /tmp/tmux-0/default', 'connect')).toBeUndefined();
  expect(sshFailure(remote, 0, '', 'running')).toBeUndefined();
});

test('the message names the host, and says what ssh said without its known-hosts notice', () => {
  const error = sshFailure(
    remote,
    255,
    "Warning: Permanently added 'x'.\nssh: connect to host build port 22: Connection refused\n",
    'connect',
  )!;
  expect(error.message).toBe('cannot reach build (ci@build): ssh: connect to host build port 22: Connection refused');
});
