import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBuiltCli } from './built-cli.js';

/** The built `tmux-orc mcp`, spawned with raw stdio: lines in, parsed lines out, as a client's process sees it. */
export interface McpProcess {
  child: ChildProcessWithoutNullStreams;
  /** Everything it wrote to stderr so far ('' when stderr was closed at once). */
  stderr(): string;
  /** Every line it wrote to stdout, parsed (a line that is not JSON fails the test through `notJson`). */
  lines: Record<string, any>[];
  /** Lines on stdout that were not JSON (there must be none: stdout is the protocol). */
  notJson: string[];
  /** Writes one message (an object is serialized; a string is written as it is, plus a newline). */
  send(message: object | string): void;
  /** The initialize request and the initialized notification. */
  handshake(): void;
  /** Resolves with the line whose id is `id`; fails after ms. */
  response(id: string | number, ms?: number): Promise<Record<string, any>>;
  /** Resolves once the process has exited: how, and when (Date.now()). */
  exited(): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Kills the process and the tmux control clients on its socket, if still there (cleanup after a failure). */
  kill(): void;
}

/** Options for {@link spawnMcp}. */
export interface SpawnMcpOptions {
  /** The tmux socket name (-L). */
  socketName: string;
  /** A scratch folder: HOME, state and XDG dirs go under it. */
  dir: string;
  /** Close stderr's read end at once, so every write of the server's fails with EPIPE. */
  brokenStderr?: boolean;
  args?: string[];
  /** More environment, over the throwaway one (TMUX_ORC_HOSTS, ...). */
  env?: Record<string, string>;
}

/** This process's environment with a throwaway HOME, state and XDG dirs under `dir` (made here). */
export function throwawayEnv(dir: string): Record<string, string> {
  const home = join(dir, 'home');
  for (const sub of ['', '.config', '.cache', 'state']) mkdirSync(join(home, sub), { recursive: true });
  return {
    ...Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string')),
    HOME: home,
    TMUX_ORC_STATE_DIR: join(home, 'state'),
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
  };
}

/** Spawns `tmux-orc -L <socket> mcp` with a throwaway HOME, state and XDG dirs. */
export function spawnMcp(options: SpawnMcpOptions): McpProcess {
  const env = { ...throwawayEnv(options.dir), ...options.env };
  const argv = [requireBuiltCli(), '-L', options.socketName, 'mcp', ...(options.args ?? [])];
  const child = spawn(process.execPath, argv, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  if (options.brokenStderr) child.stderr.destroy();
  else child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.on('error', () => undefined);
  const lines: Record<string, any>[] = [];
  const notJson: string[] = [];
  const waiters = new Set<() => void>();
  let buffered = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    buffered += d;
    for (let end = buffered.indexOf('\n'); end !== -1; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      try {
        lines.push(JSON.parse(line) as Record<string, any>);
      } catch {
        notJson.push(line);
      }
    }
    for (const wake of waiters) wake();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() }));
  });
  const send = (message: object | string) => {
    child.stdin.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`);
  };
  return {
    child,
    stderr: () => stderr,
    lines,
    notJson,
    send,
    handshake() {
      const clientInfo = { name: 'orc-test', version: '0' };
      const params = { protocolVersion: '2025-06-18', capabilities: {}, clientInfo };
      send({ jsonrpc: '2.0', id: 'init', method: 'initialize', params });
      send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    },
    response(id, ms = 10000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find((l) => l.id === id);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no response with id ${JSON.stringify(id)} within ${ms} ms; got ${JSON.stringify(lines)}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    exited: () => exit,
    kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // A control client whose parent is killed keeps a tmux server from exiting (kill-server then waits on it).
      for (const pid of controlClientPids(options.socketName)) killQuietly(pid);
      child.kill('SIGKILL');
    },
  };
}

/** The pids of the control-mode clients attached to a server. */
export function controlClientPids(socketName: string): number[] {
  try {
    const argv = ['-L', socketName, 'list-clients', '-F', '#{client_control_mode} #{client_pid}'];
    const out = execFileSync('tmux', argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out
      .split('\n')
      .filter((l) => l.startsWith('1 '))
      .map((l) => Number(l.slice(2)));
  } catch {
    return [];
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone already
  }
}

/** CPU time (user + system, in ms) a process has used so far, from /proc; undefined where there is no /proc. */
export function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after "pid (comm) ".
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}
