import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { summarize, type Measured } from './measure.js';
import { CLI } from './paths.js';
import type { Effort } from './tmux-table.js';

const run = promisify(execFile);

/** The end-to-end MCP figures: the server's start, and warm tool calls against spawning the CLI per call. */
export interface McpStdioResult {
  initialize: Measured;
  calls: Array<{ tool: string; cli: string; mcp: Measured; spawned: Measured }>;
}

function childEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

async function connect(socketName: string): Promise<{ client: Client; ms: number }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, '-L', socketName, 'mcp'],
    env: childEnv(),
    stderr: 'ignore',
  });
  const client = new Client({ name: 'tmux-orc-bench', version: '0.0.0' });
  const start = performance.now();
  await client.connect(transport);
  return { client, ms: performance.now() - start };
}

async function callOk(client: Client, name: string, args: Record<string, unknown>): Promise<void> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.structuredContent)}`);
}

/**
 * `tmux-orc mcp` over real stdio with the SDK's Client: initialize time (spawn to initialize reply, repeated), then
 * warm tools/call latency, against the same request made by spawning `tmux-orc <command> --json` each time.
 */
export async function measureMcpStdio(
  socketName: string,
  target: string,
  effort: Effort,
  progress: (line: string) => void,
): Promise<McpStdioResult> {
  const quick = effort === 'quick';
  const inits: number[] = [];
  for (let i = 0; i < (quick ? 3 : 10); i++) {
    const { client, ms } = await connect(socketName);
    inits.push(ms);
    await client.close();
  }
  progress(`  mcp initialize  p50 ${summarize(inits).p50.toFixed(1)} ms`);
  const cases = [
    { tool: 'agent_status', args: { target }, cli: ['agent', 'status', target] },
    { tool: 'list', args: {}, cli: ['list'] },
  ];
  const { client } = await connect(socketName);
  const calls: McpStdioResult['calls'] = [];
  try {
    for (const c of cases) {
      for (let i = 0; i < 5; i++) await callOk(client, c.tool, c.args);
      const mcp: number[] = [];
      for (let i = 0; i < (quick ? 50 : 300); i++) {
        const start = performance.now();
        await callOk(client, c.tool, c.args);
        mcp.push(performance.now() - start);
      }
      const spawned: number[] = [];
      for (let i = 0; i < (quick ? 5 : 25); i++) {
        const start = performance.now();
        const { stdout } = await run(process.execPath, [CLI, '-L', socketName, ...c.cli, '--json'], {
          env: childEnv(),
        });
        spawned.push(performance.now() - start);
        if (!(JSON.parse(stdout) as { ok: boolean }).ok)
          throw new Error(`tmux-orc ${c.cli.join(' ')} failed: ${stdout}`);
      }
      calls.push({
        tool: c.tool,
        cli: `tmux-orc ${c.cli.join(' ')} --json`,
        mcp: summarize(mcp),
        spawned: summarize(spawned),
      });
      progress(
        `  mcp ${c.tool.padEnd(12)} warm p50 ${summarize(mcp).p50.toFixed(2)} ms, spawned CLI p50 ${summarize(spawned).p50.toFixed(1)} ms`,
      );
    }
  } finally {
    await client.close();
  }
  return { initialize: summarize(inits), calls };
}
