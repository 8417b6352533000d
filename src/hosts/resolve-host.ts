import { OrcError } from '../errors.js';
import type { RemoteHost } from '../tmux/transport.js';
import { checkDestination, HOST_NAME, LOCAL_HOST, loadHostsFile, type HostsFile } from './hosts-file.js';

/** Where a host's tmux server is: this machine, or a remote host with the server the hosts file names there. */
export interface ResolvedHost {
  /** The name as given (`local`, a hosts-file name, or a destination). */
  name: string;
  /** Absent for this machine. */
  remote?: RemoteHost;
  /** The hosts file's `tmuxSocketName` for it. */
  socketName?: string;
  /** The hosts file's `tmux` for it. */
  tmuxBin?: string;
}

/**
 * What `-H <host>` (or a target's `host/` prefix) names: `local`, a host of the hosts file, or else (when
 * `allowDestination`) an ssh destination as it is, so `~/.ssh/config` aliases work. Over MCP only the hosts file's
 * names are taken: a model must not pick machines for the user's keys to log in to.
 * @example await resolveHost('build', { allowDestination: true }) // { name: 'build', remote: { destination:
 * 'ci@build', ... } }
 */
export async function resolveHost(
  host: string,
  options: { allowDestination: boolean; file?: HostsFile },
): Promise<ResolvedHost> {
  if (host === LOCAL_HOST) return { name: host };
  const file = options.file ?? (await loadHostsFile());
  const entry = Object.hasOwn(file.hosts, host) ? file.hosts[host] : undefined;
  if (entry) {
    return {
      name: host,
      remote: { name: host, destination: entry.destination, sshArgs: entry.sshArgs },
      ...(entry.tmuxSocketName ? { socketName: entry.tmuxSocketName } : {}),
      ...(entry.tmux ? { tmuxBin: entry.tmux } : {}),
    };
  }
  const shown = JSON.stringify(host.length > 60 ? `${host.slice(0, 60)}...` : host);
  if (!options.allowDestination) {
    throw new OrcError('usage.invalid', `no host named ${shown} in the hosts file (${file.path})`, {
      hint: `the hosts are: ${[LOCAL_HOST, ...Object.keys(file.hosts)].join(', ')}`,
    });
  }
  const why = checkDestination(host);
  if (why)
    throw new OrcError(
      'usage.invalid',
      `invalid host ${shown}: a name from the hosts file or an ssh destination, which ${why}`,
    );
  return { name: host, remote: { name: host, destination: host, sshArgs: [] } };
}

/** The host names a target prefix may use: `local` and the hosts file's. */
export async function knownHostNames(file?: HostsFile): Promise<string[]> {
  return [LOCAL_HOST, ...Object.keys((file ?? (await loadHostsFile())).hosts)];
}

/**
 * Splits `host/rest` when the part before the first `/` names a known host (so a session whose name holds a `/`
 * still works as before); undefined when the value names no host.
 * @example splitHostPrefix('build/proj:dev', ['local', 'build']) // { host: 'build', rest: 'proj:dev' }
 */
export function splitHostPrefix(value: string, hosts: readonly string[]): { host: string; rest: string } | undefined {
  const slash = value.indexOf('/');
  if (slash <= 0) return undefined;
  const host = value.slice(0, slash);
  if (!HOST_NAME.test(host) || !hosts.includes(host)) return undefined;
  return { host, rest: value.slice(slash + 1) };
}

/**
 * The global options for a command on `host`: `-L`/`-S` name the server of the host they were given for (`-H`'s, or
 * this machine's), so on any other host (a target's prefix, a fleet view, an MCP call) the hosts file's socket is used.
 * @example onOtherHost({ socketName: 'work' }, 'build') // {}
 */
export function onOtherHost<T extends { socketName?: string; socketPath?: string; host?: string }>(
  globals: T,
  host: string,
): T {
  if (host === (globals.host ?? LOCAL_HOST)) return globals;
  const { socketName: _name, socketPath: _path, ...rest } = globals;
  return rest as T;
}
