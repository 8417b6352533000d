import { readdirSync, readFileSync } from 'node:fs';
import type { PrivateTmux } from '../helpers/private-tmux.js';

/** SIGKILLs the program in a pane and everything it started, as an OOM kill or `kill -9` would; returns the pids. */
export function killPaneProcesses(tmux: PrivateTmux, paneId: string): number[] {
  const root = Number(tmux.tmux('display', '-p', '-t', paneId, '#{pane_pid}').trim());
  const tree = [root, ...descendants(root)];
  for (const pid of tree) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return tree;
}

/** The pids below a process, read from /proc (Linux, where the real CLIs run). */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of pids()) {
    const ppid = parentOf(entry);
    if (ppid !== undefined) children.set(ppid, [...(children.get(ppid) ?? []), entry]);
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** Live processes whose command line holds `text`, as `pid command line` (to find CLIs or daemons left behind). */
export function processesMatching(text: string): string[] {
  return pids()
    .map((pid) => [pid, read(`/proc/${pid}/cmdline`)?.replace(/\0/g, ' ').trim()] as const)
    .filter(([pid, cmdline]) => pid !== process.pid && cmdline?.includes(text))
    .map(([pid, cmdline]) => `${pid} ${cmdline}`);
}

function pids(): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map(Number);
}

function parentOf(pid: number): number | undefined {
  const stat = read(`/proc/${pid}/stat`);
  // The command name is in brackets and may hold spaces: the fields after the last `)` are fixed.
  return stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : undefined;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended while we looked
  }
}

/** Live processes whose environment holds `text` (a throwaway HOME finds everything a CLI started, daemons too). */
export function processesWithEnv(text: string): string[] {
  return pids()
    .filter((pid) => pid !== process.pid && read(`/proc/${pid}/environ`)?.includes(text))
    .map((pid) => `${pid} ${read(`/proc/${pid}/cmdline`)?.replace(/\0/g, ' ').trim() ?? ''}`);
}
