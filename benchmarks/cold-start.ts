import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { benchServer } from './bench-server.js';
import { summarize, type Measured } from './measure.js';
import type { Effort } from './tmux-table.js';

/** Cold-start medians, each with its ratio to `node -e 0` measured in the same interleaved loop. */
export interface ColdStartResult {
  repetitions: number;
  cli: string;
  /**
   * Whether the CLI is the bin launcher with its code-cached bundle (`npm run build`) or tsc's one-file-per-module
   * output.
   */
  bundled: boolean;
  node: Measured;
  list: Measured;
  /** `list --json` on a socket where no server runs (the first thing a new user types). */
  listNoServer: Measured;
  mcpInitialize: Measured;
}

const INITIALIZE = `${JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'tmux-orc-bench', version: '0.0.0' } },
})}\n`;

/** Wall time from spawn until the process has exited (stdout is read, as a shell pipe would). */
function timeToExit(args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(performance.now() - start)
        : reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr}`)),
    );
  });
}

/** Wall time from spawn until `tmux-orc mcp` has written its reply to initialize; then stdin is closed. */
function timeToInitialize(cli: string, socketName: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [cli, '-L', socketName, 'mcp'], { stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    let ms: number | undefined;
    child.on('error', reject);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (ms === undefined && out.includes('\n')) {
        ms = performance.now() - start;
        child.stdin.end();
      }
    });
    child.on('close', () =>
      ms === undefined ? reject(new Error(`tmux-orc mcp exited before answering initialize: ${out}`)) : resolve(ms),
    );
    child.stdin.write(INITIALIZE);
  });
}

/**
 * `node -e 0`, `tmux-orc list --json` (with a server, and with none), and `tmux-orc mcp` up to the initialize reply,
 * interleaved in one loop on a
 * small private server (one session of 4 windows), so the ratios compare runs made under the same machine load.
 */
export async function measureColdStart(
  cli: string,
  effort: Effort,
  progress: (line: string) => void,
): Promise<ColdStartResult> {
  const server = benchServer('orc-bench-cold');
  try {
    server.tmux('new-session', '-d', '-s', 'cold', 'cat');
    for (let i = 0; i < 3; i++) server.tmux('new-window', '-d', '-t', 'cold:', 'cat');
    const repetitions = effort === 'quick' ? 10 : 40;
    const node: number[] = [];
    const list: number[] = [];
    const listNoServer: number[] = [];
    const mcp: number[] = [];
    const nowhere = `${server.socketName}-none`;
    // One untimed round first: the page cache, the tmux server and the compiled files are then as warm as a user's.
    await timeToExit(['-e', '0']);
    await timeToExit([cli, '-L', server.socketName, 'list', '--json']);
    await timeToInitialize(cli, server.socketName);
    for (let i = 0; i < repetitions; i++) {
      node.push(await timeToExit(['-e', '0']));
      list.push(await timeToExit([cli, '-L', server.socketName, 'list', '--json']));
      listNoServer.push(await timeToExit([cli, '-L', nowhere, 'list', '--json']));
      mcp.push(await timeToInitialize(cli, server.socketName));
    }
    const bundled = readFileSync(cli, 'utf8').includes('bundle/cli.cjs');
    const result = {
      repetitions,
      cli,
      bundled,
      node: summarize(node),
      list: summarize(list),
      listNoServer: summarize(listNoServer),
      mcpInitialize: summarize(mcp),
    };
    progress(
      `  cold start: node -e 0 ${result.node.p50.toFixed(1)} ms, list --json ${result.list.p50.toFixed(1)} ms, mcp initialize ${result.mcpInitialize.p50.toFixed(1)} ms`,
    );
    return result;
  } finally {
    server.kill();
  }
}
