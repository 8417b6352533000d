import { spawnSync } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ListToolsResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { buildProgram } from '../cli/build-program.js';
import { createMcpServer } from '../reflect/mcp-server.js';
import { reflectProgram, type ReflectOptions } from '../reflect/reflect-program.js';
import { TOOL_LIST_LIMITS, toolListSize, type ToolListSize } from '../reflect/tool-list-size.js';
import { TMUXManager } from '../src/manager/tmux-manager.js';
import { measure } from './measure.js';
import { CLI } from './paths.js';
import type { Effort, TableRow } from './tmux-table.js';

/** Connects an SDK Client in-process to a freshly built tmux-orc MCP server. */
async function connectFresh(
  manager: TMUXManager,
  options: ReflectOptions = {},
): Promise<{ client: Client; close(): Promise<void> }> {
  const { program } = buildProgram({ manager });
  const { server } = createMcpServer({ program, manager, options, log: () => undefined });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'tmux-orc-bench', version: '0.0.0' });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return {
    client,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

/** tools/list as a protocol round trip, the result checked against the SDK's schema (no client-side schema compile). */
function listTools(client: Client): Promise<unknown> {
  return client.request({ method: 'tools/list' }, ListToolsResultSchema);
}

/** Spawns the built CLI for its tool list, as a spawn-per-command MCP server (the Python original) learns its tools. */
function reflectBySpawning(): number {
  const out = spawnSync(process.execPath, [CLI, 'reflect', '--format', 'json'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (out.status !== 0) throw new Error(`tmux-orc reflect failed: ${out.stderr}`);
  return (JSON.parse(out.stdout) as { tools: unknown[] }).tools.length;
}

/**
 * MCP tool generation, which touches no tmux: "spawn" runs `tmux-orc reflect --format json` in a new process;
 * "uncached" reflects in-process from a freshly built program (and, for tools/list, a fresh server and client);
 * "cached" reflects an already built program, or asks a live server that reflected once at start.
 */
export async function measureMcpTools(effort: Effort, progress: (line: string) => void): Promise<TableRow[]> {
  // Never contacted: reflection reads the command tree only.
  const manager = new TMUXManager({ socketName: 'tmux-orc-bench-unused', transport: 'control' });
  const quick = effort === 'quick';
  const spawnBudget = { iterations: quick ? 3 : 10, timeMs: 0, warmupIterations: 1 };
  const inProcess = { iterations: quick ? 10 : 40, timeMs: quick ? 0 : 500, warmupIterations: 3 };
  const live = await connectFresh(manager);
  try {
    const prebuilt = buildProgram({ manager }).program;
    const spawned = await measure('reflect/spawn', async () => reflectBySpawning(), spawnBudget);
    progress(`  mcp reflect     spawn     p50 ${spawned.p50.toFixed(2)} ms`);
    const reflect: TableRow = {
      label: 'MCP tool generation: reflect the whole program',
      sessions: '-',
      cells: {
        spawn: spawned,
        uncached: await measure('reflect/uncached', () => reflectProgram(buildProgram({ manager }).program), inProcess),
        cached: await measure('reflect/cached', () => reflectProgram(prebuilt), inProcess),
      },
    };
    const list: TableRow = {
      label: 'MCP tools/list, in-memory client',
      sessions: '-',
      cells: {
        spawn: spawned,
        uncached: await measure(
          'tools-list/uncached',
          async () => {
            const fresh = await connectFresh(manager);
            await listTools(fresh.client);
            await fresh.close();
          },
          inProcess,
        ),
        cached: await measure('tools-list/cached', () => listTools(live.client), inProcess),
      },
    };
    const sdkListTools = await measure('tools-list/sdk-listTools', () => live.client.listTools(), {
      ...inProcess,
      iterations: quick ? 5 : 20,
    });
    list.note = `the SDK's \`client.listTools()\` also compiles every output schema with Ajv on the client side: p50 ${sdkListTools.p50.toFixed(1)} ms per call, not counted here`;
    progress(`  mcp tools/list  cached    p50 ${list.cells.cached!.p50.toFixed(3)} ms`);
    return [reflect, list];
  } finally {
    await live.close();
    await manager.close();
  }
}

/** The size of one shape of the tool list, against its limit. */
export interface ToolListSizeRow extends ToolListSize {
  shape: 'flat' | 'grouped' | 'read-only';
  /** The limit on `bytes` (issue 17); for flat also `modelLimit` on what a model sees. */
  limit: number;
  modelLimit?: number;
}

/** The bytes of tools/list as the server answers it (flat, grouped, read-only), and what a model sees of them. */
export async function measureToolListSizes(progress: (line: string) => void): Promise<ToolListSizeRow[]> {
  const manager = new TMUXManager({ socketName: 'tmux-orc-bench-unused', transport: 'control' });
  const shapes: [ToolListSizeRow['shape'], ReflectOptions, number][] = [
    ['flat', {}, TOOL_LIST_LIMITS.flatBytes],
    ['grouped', { shape: 'grouped' }, TOOL_LIST_LIMITS.groupedBytes],
    ['read-only', { readOnly: true }, TOOL_LIST_LIMITS.readOnlyBytes],
  ];
  const rows: ToolListSizeRow[] = [];
  try {
    for (const [shape, options, limit] of shapes) {
      const fresh = await connectFresh(manager, options);
      const { tools } = await fresh.client.request({ method: 'tools/list' }, ListToolsResultSchema);
      await fresh.close();
      const size = toolListSize(tools as unknown as Parameters<typeof toolListSize>[0]);
      const modelLimit = shape === 'flat' ? { modelLimit: TOOL_LIST_LIMITS.flatModelBytes } : {};
      rows.push({ shape, ...size, limit, ...modelLimit });
      progress(
        `  mcp tools/list  ${shape.padEnd(9)} ${size.tools} tools, ${size.bytes} B (a model: ${size.modelBytes} B)`,
      );
    }
    return rows;
  } finally {
    await manager.close();
  }
}
