import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostEntry } from '../../src/hosts/hosts-file.js';
import { sshMasterExit } from '../../src/hosts/ssh-command.js';
import { TMUXManager, type ManagerOptions } from '../../src/manager/tmux-manager.js';
import type { RemoteHost, SocketOptions } from '../../src/tmux/transport.js';
import { startLinkProxy, type LinkProxy } from './link-proxy.js';
import { killServer } from './private-tmux.js';

/**
 * One "host" of the lab: a real sshd of its own on a loopback port, behind a link proxy, in front of a tmux server
 * on a private socket (`orc-hosts15-...`). ssh reaches it by its name through the lab's own ssh config (`-F`), keys
 * and known_hosts: nothing of ~/.ssh is read.
 */
export interface LabHost {
  name: string;
  /** The remote tmux server's socket name (the same machine: tests can also look at it with `tmux -L`). */
  socketName: string;
  sshdPort: number;
  link: LinkProxy;
  /** Runs tmux on the host's server directly (argument array), for set-up and checks. */
  tmux(...args: string[]): string;
  /** The hosts-file entry for it. */
  entry: HostEntry;
  remote: RemoteHost;
  /** The socket options a manager for this host takes. */
  socket: SocketOptions;
  /**
   * Kills the host's tmux server and removes its socket: a server told to exit stays a moment (while a client holds
   * it), and a new-session on the old socket meanwhile would reach the dying one.
   */
  killTmux(): Promise<void>;
  /** Stops its sshd and every session sshd forked (as a host that goes down). */
  stopSshd(): Promise<void>;
  startSshd(): Promise<void>;
}

/** A lab of ssh hosts for one test file. */
export interface SshLab {
  dir: string;
  /** The lab's ssh config (`ssh -F`). */
  sshConfig: string;
  /** A hosts file naming every host (`$TMUX_ORC_HOSTS`). */
  hostsFile: string;
  hosts: Record<string, LabHost>;
  /** A manager for a host, closed with the lab. */
  manager(name: string, options?: Omit<ManagerOptions, keyof SocketOptions>): TMUXManager;
  /** The environment a CLI run needs to see the lab's hosts file (and nothing of the real HOME). */
  env(): NodeJS.ProcessEnv;
  /** Ends every ssh master, sshd and tmux server of the lab, and removes its folder; safe to call twice. */
  close(): Promise<void>;
}

const SSHD = '/usr/sbin/sshd';

/**
 * Starts sshd instances standing for hosts. Each sshd reads no global config (`-f /dev/null`, every setting given
 * with `-o`), listens on 127.0.0.1 only, accepts only the lab's key (AuthorizedKeysFile in the lab folder; StrictModes
 * off, since the folder is under /tmp), and gives the login a throwaway HOME (`SetEnv HOME=...`): the login shell
 * (bash for root) then reads the lab's empty rc files, not the real HOME's (root's ~/.bashrc runs `pyenv rehash`,
 * which can take a minute).
 */
export async function startSshLab(
  names: readonly string[],
  options: { delayMs?: number; sshArgs?: string[]; prefix?: string } = {},
): Promise<SshLab> {
  const dir = mkdtempSync(join(tmpdir(), 'orc-hosts15-lab-'));
  chmodSync(dir, 0o700);
  // sshd refuses to start without its privilege separation directory.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  keygen(join(dir, 'id'));
  // A key no host accepts, for the `<name>-stranger` aliases (host.authFailed).
  keygen(join(dir, 'stranger'));
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'id.pub')), { mode: 0o600 });
  const hosts: Record<string, LabHost> = {};
  const managers: TMUXManager[] = [];
  const config: string[] = [];
  const known: string[] = [];
  const sshConfig = join(dir, 'ssh_config');
  for (const name of names) {
    const home = join(dir, `home-${name}`);
    mkdirSync(home, { mode: 0o700 });
    writeFileSync(join(home, '.bashrc'), `echo "$$" >> ${join(home, 'rc-reads')}\n`);
    keygen(join(dir, `host-${name}`));
    known.push(
      `${name} ${readFileSync(join(dir, `host-${name}.pub`), 'utf8')
        .split(' ')
        .slice(0, 2)
        .join(' ')}`,
    );
    const sshdPort = await freePort();
    const link = await startLinkProxy(sshdPort, options.delayMs ?? 0);
    // The host as every test reaches it, and the same host as a client whose key it refuses (host.authFailed).
    config.push(hostBlock(name, name, link.port, join(dir, 'id'), dir));
    config.push(hostBlock(`${name}-stranger`, name, link.port, join(dir, 'stranger'), dir));
    const socketName = `${options.prefix ?? 'orc-hosts15'}-${name}-${process.pid}-${randomBytes(3).toString('hex')}`;
    let sshd: ChildProcess | undefined;
    // Faults found in a second or two, not tmux-orc's defaults (a connect in 5 s, a dead link in 15 s). As -o, since
    // ssh takes the command line's values over a config file's (tmux-orc's own defaults are on the command line).
    const quick = ['-o', 'ConnectTimeout=2', '-o', 'ServerAliveInterval=1', '-o', 'ServerAliveCountMax=2'];
    const entry: HostEntry = {
      destination: name,
      sshArgs: ['-F', sshConfig, ...(options.sshArgs ?? []), ...quick],
      tmuxSocketName: socketName,
    };
    const remote: RemoteHost = { name, destination: name, sshArgs: entry.sshArgs };
    const host: LabHost = {
      name,
      socketName,
      sshdPort,
      link,
      entry,
      remote,
      socket: { remote, socketName },
      tmux: (...args) =>
        execFileSync('tmux', ['-L', socketName, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
      async killTmux() {
        // The socket goes with it (killServer): a new server starts on a fresh one even while the old one exits.
        killServer(socketName);
      },
      async startSshd() {
        if (sshd) return;
        sshd = spawn(SSHD, ['-D', '-e', '-f', '/dev/null', '-p', String(sshdPort), ...sshdOptions(dir, name, home)], {
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let log = '';
        sshd.stderr!.on('data', (d: Buffer) => (log += d.toString()));
        // LogLevel ERROR says nothing when it listens: it is up once the port takes a connection.
        const started = sshd;
        let up = false;
        for (const deadline = Date.now() + 5000; !up && started.exitCode === null && Date.now() < deadline;) {
          up = await accepts(sshdPort);
          if (!up) await new Promise((r) => setTimeout(r, 10));
        }
        if (!up) throw new Error(`sshd for ${name} did not start: ${log}`);
      },
      async stopSshd() {
        if (!sshd?.pid) return;
        killTree(sshd.pid);
        const gone = sshd;
        sshd = undefined;
        if (gone.exitCode === null) await new Promise((r) => gone.once('exit', r));
      },
    };
    await host.startSshd();
    hosts[name] = host;
  }
  writeFileSync(sshConfig, `${config.join('\n\n')}\n`);
  writeFileSync(join(dir, 'known_hosts'), `${known.join('\n')}\n`);
  const hostsFile = join(dir, 'hosts.json');
  writeFileSync(
    hostsFile,
    JSON.stringify({ hosts: Object.fromEntries(Object.values(hosts).map((h) => [h.name, h.entry])) }, null, 2),
  );
  let closed = false;
  return {
    dir,
    sshConfig,
    hostsFile,
    hosts,
    manager(name, managerOptions = {}) {
      const m = new TMUXManager({ ...hosts[name]!.socket, reconnectBackoffMs: 100, ...managerOptions });
      managers.push(m);
      return m;
    },
    env: () => ({ ...process.env, TMUX_ORC_HOSTS: hostsFile }),
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all(managers.splice(0).map((m) => m.close().catch(() => undefined)));
      for (const host of Object.values(hosts)) {
        // The spawn fallback's master connection outlives its commands by a minute: ended here.
        try {
          const [ssh, args] = sshMasterExit(host.remote);
          execFileSync(ssh, args, { stdio: 'ignore', timeout: 5000 });
        } catch {
          // no master
        }
        await host.stopSshd();
        await host.link.close();
        killServer(host.socketName);
      }
      // A remote control client cut off mid-attach can hold a server told to exit for ever (tmux before 3.7; no
      // pdeathsig on the remote side): whatever still runs on the lab's sockets goes, by pid.
      const names = Object.values(hosts).map((h) => h.socketName);
      for (const pid of pidsMatching((cmdline) => names.some((n) => cmdline.includes(n)))) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function sshdOptions(dir: string, name: string, home: string): string[] {
  const o = (setting: string) => ['-o', setting];
  return [
    ...o('ListenAddress=127.0.0.1'),
    ...o(`HostKey=${join(dir, `host-${name}`)}`),
    ...o(`AuthorizedKeysFile=${join(dir, 'authorized_keys')}`),
    ...o('StrictModes=no'),
    ...o('UsePAM=no'),
    ...o('PidFile=none'),
    ...o('PasswordAuthentication=no'),
    ...o('KbdInteractiveAuthentication=no'),
    ...o('PermitRootLogin=prohibit-password'),
    ...o(`SetEnv=HOME=${home}`),
    ...o('PrintMotd=no'),
    ...o('PrintLastLog=no'),
    ...o('AllowAgentForwarding=no'),
    ...o('X11Forwarding=no'),
    ...o('LogLevel=ERROR'),
  ];
}

function keygen(path: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'orc-hosts15', '-f', path], { stdio: 'ignore' });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The processes whose command line (NULs as spaces) passes the check. */
function pidsMatching(check: (cmdline: string) => boolean): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e) && Number(e) !== process.pid)
    .flatMap((e) => {
      try {
        return check(readFileSync(`/proc/${e}/cmdline`, 'utf8').replace(/\0/g, ' ')) ? [Number(e)] : [];
      } catch {
        return [];
      }
    });
}

/** Kills a process and everything it forked (sshd forks one process per connection), by pid, children first. */
export function killTree(pid: number): void {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  const order: number[] = [];
  const visit = (p: number) => {
    for (const c of children.get(p) ?? []) visit(c);
    order.push(p);
  };
  visit(pid);
  for (const p of order) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

/** One `Host` entry of the lab's ssh_config: loopback at the link's port, this key only, the lab's known hosts. */
function hostBlock(alias: string, name: string, port: number, key: string, dir: string): string {
  return [
    `Host ${alias}`,
    '  HostName 127.0.0.1',
    `  Port ${port}`,
    '  User root',
    `  IdentityFile ${key}`,
    '  IdentitiesOnly yes',
    '  IdentityAgent none',
    `  HostKeyAlias ${name}`,
    `  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
    '  GlobalKnownHostsFile /dev/null',
    '  StrictHostKeyChecking yes',
    '  LogLevel ERROR',
  ].join('\n');
}
