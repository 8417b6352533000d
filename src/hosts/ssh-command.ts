import { join } from 'node:path';
import { stateDir } from '../monitor/monitor-paths.js';
import { ensureStateDir } from '../monitor/state-dir.js';
import type { RemoteHost } from '../tmux/transport.js';
import { remoteCommandLine } from './remote-command-line.js';

/**
 * How a command reaches the remote host: `control`, the one persistent control-mode connection (a TCP connection of
 * its own, so losing it never takes the others down); `master`, a short command riding the host's one SSH master
 * connection (ControlMaster, kept 60 s after its last use), so the spawn fallback pays no handshake per command.
 */
export type SshMode = 'control' | 'master';

/** How long the master connection outlives its last command. */
const MASTER_PERSIST_S = 60;

/**
 * The options every ssh of ours starts with. BatchMode: never a prompt (a password, a new host key) that nobody can
 * answer; no agent or X11 forwarding and no port forwardings from a config (the remote side gets nothing of ours);
 * no tty. They come before the hosts file's arguments, so the file cannot turn them off (ssh keeps an option's
 * first value).
 */
const FIXED = [
  '-T',
  '-a',
  '-x',
  '-o',
  'BatchMode=yes',
  '-o',
  'ClearAllForwardings=yes',
  '-o',
  'ForwardAgent=no',
  '-o',
  'ForwardX11=no',
];

/**
 * Defaults that bound every fault in time, after the hosts file's arguments (which may set them otherwise): a host
 * that does not answer fails to connect after 5 s; a link that stops carrying bytes is given up after 3 missed
 * keep-alives 5 s apart (ssh exits, and the connection is reported lost).
 */
const BOUNDED = ['-o', 'ConnectTimeout=5', '-o', 'ServerAliveInterval=5', '-o', 'ServerAliveCountMax=3'];

let controlDir: string | undefined;

/** The private directory (0700, in the state directory) holding the SSH master connections' sockets. */
export function sshControlDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = join(stateDir(env), 'ssh');
  if (controlDir !== dir) {
    ensureStateDir(stateDir(env));
    ensureStateDir(dir);
    controlDir = dir;
  }
  return dir;
}

/** The ssh program and arguments that run `argv` on the host, never through a shell string of the user's text. */
export function sshCommand(remote: RemoteHost, argv: readonly string[], mode: SshMode): [string, string[]] {
  const multiplex =
    mode === 'master'
      ? [
          '-o',
          'ControlMaster=auto',
          '-o',
          `ControlPath=${join(sshControlDir(), '%C')}`,
          '-o',
          `ControlPersist=${MASTER_PERSIST_S}`,
        ]
      : ['-o', 'ControlMaster=no', '-o', 'ControlPath=none'];
  return [
    'ssh',
    [...FIXED, ...remote.sshArgs, ...BOUNDED, ...multiplex, '--', remote.destination, remoteCommandLine(argv)],
  ];
}

/** The ssh arguments that ask the host's master connection to exit (`ssh -O exit`); nothing runs remotely. */
export function sshMasterExit(remote: RemoteHost): [string, string[]] {
  return [
    'ssh',
    [
      ...FIXED,
      ...remote.sshArgs,
      '-o',
      `ControlPath=${join(sshControlDir(), '%C')}`,
      '-O',
      'exit',
      '--',
      remote.destination,
    ],
  ];
}
