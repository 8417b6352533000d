import { execFileSync } from 'node:child_process';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';

/** The machine a run was made on, printed above its tables. */
export interface MachineInfo {
  cores: number;
  cpu: string;
  memoryGiB: number;
  os: string;
  node: string;
  tmux: string;
  loadAverage: string;
}

/** Reads the machine's cores, CPU model, memory, OS, and the Node and tmux versions. */
export function machineInfo(): MachineInfo {
  const list = cpus();
  let tmux = 'unknown';
  try {
    tmux = execFileSync('tmux', ['-V'], { encoding: 'utf8' }).trim();
  } catch {
    // reported as unknown
  }
  return {
    cores: list.length,
    cpu: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    tmux,
    loadAverage: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}
