import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListToolsResultSchema, SUPPORTED_PROTOCOL_VERSIONS, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ReflectOptions } from '../../reflect/reflect-program.js';
import { TOOL_LIST_LIMITS } from '../../reflect/tool-list-size.js';
import { requireBuiltCli } from '../helpers/built-cli.js';
import { connectInMemory } from '../helpers/mcp-in-memory.js';
import { describeRealAgent, startHarness, type RealAgentHarness } from './real-agent-harness.js';
import { step } from './real-agent-suite.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Issue 17: the real Claude Code, offline against the fake LLM, as an orchestrator with `tmux-orc mcp` registered
// (flat and grouped, over stdio): its model is offered the tools with our names and input schemas, and a call the
// model makes reaches the server and comes back to the model as the envelope (Claude Code's SDK client checks the
// result against the tool's output schema first, so a wrong output schema would come back as an error instead).

/** One request as the fake LLM dumped it (only what these tests read). */
interface Dumped {
  body: {
    tools?: { name: string; description?: string; input_schema?: unknown }[];
    messages?: { role: string; content: string | Block[] }[];
  };
}

/** A content block of a message (text, tool_use, tool_result). */
interface Block {
  type: string;
  text?: string;
  is_error?: boolean;
  content?: unknown;
}

/** A tool_result as the model got it: its text and whether Claude Code marked it an error. */
interface ToolResult {
  text: string;
  isError: boolean;
}

const SERVERS = { flat: 'tmux-orc', grouped: 'tmux-orc-grouped' } as const;
const TAP = join(dirname(fileURLToPath(import.meta.url)), 'stdio-tap.mjs');

describeRealAgent('claude', () => {
  let h: RealAgentHarness;
  let dump = '';
  let target = '';
  let tapLog = '';

  beforeAll(async () => {
    dump = mkdtempSync(join(tmpdir(), 'orc-l17-claude-dump-'));
    h = await startHarness('claude', { prefix: 'orc-l17-claude', dump });
    tapLog = join(dump, '..', `${basename(dump)}-tap.jsonl`);
    // User-scope servers in the throwaway ~/.claude.json (no approval dialog, unlike a project's .mcp.json), and the
    // tools the test calls allowed in the throwaway user settings (no permission prompt).
    const config = join(h.home, '.claude.json');
    const json = JSON.parse(readFileSync(config, 'utf8')) as { mcpServers?: unknown };
    // Each through stdio-tap.mjs, which logs the initialize exchange (the protocol version Claude Code negotiated).
    const server = (...more: string[]) => ({
      type: 'stdio', command: process.execPath,
      args: [TAP, tapLog, process.execPath, requireBuiltCli(), '-L', h.tmux.socketName, 'mcp', ...more],
      env: { TMUX_ORC_STATE_DIR: h.stateDir },
    });
    json.mcpServers = { [SERVERS.flat]: server(), [SERVERS.grouped]: server('--shape', 'grouped') };
    writeFileSync(config, `${JSON.stringify(json, null, 2)}\n`);
    mkdirSync(join(h.home, '.claude'), { recursive: true });
    const allow = [`mcp__${SERVERS.flat}__agent_status`, `mcp__${SERVERS.grouped}__agent`];
    writeFileSync(join(h.home, '.claude', 'settings.json'), `${JSON.stringify({ permissions: { allow } }, null, 2)}\n`);
  }, 60_000);

  afterAll(async () => {
    const left = await h?.close();
    rmSync(dump, { recursive: true, force: true });
    rmSync(tapLog, { force: true });
    // Claude Code's MCP servers (tmux-orc mcp, with the throwaway HOME) ended with it.
    expect(left ?? []).toEqual([]);
  }, 60_000);

  /** The dumped requests, oldest first. */
  const dumped = (): Dumped[] => readdirSync(dump).sort()
    .map((f) => JSON.parse(readFileSync(join(dump, f), 'utf8')) as Dumped);
  const lastUserText = (d: Dumped) => {
    const last = d.body.messages?.findLast((m) => m.role === 'user');
    if (!last) return '';
    if (typeof last.content === 'string') return last.content;
    return last.content.filter((b) => b.type === 'text' && !/^\s*</.test(b.text ?? '')).map((b) => b.text).join('\n');
  };
  /** The tool_result the model got back for the call a message asked for (the request after the call). */
  const resultFor = (text: string): ToolResult | undefined => {
    for (const d of dumped()) {
      const messages = d.body.messages ?? [];
      const says = (m: { content: string | Block[] }) =>
        (typeof m.content === 'string' ? m.content === text : m.content.some((b) => b.text === text));
      const asked = messages.findIndex((m) => m.role === 'user' && says(m));
      if (asked < 0) continue;
      for (const m of messages.slice(asked + 1)) {
        const block = typeof m.content === 'string' ? undefined : m.content.find((b) => b.type === 'tool_result');
        if (!block) continue;
        const content = block.content;
        const joined = typeof content === 'string' ? content
          : (content as { type: string; text?: string }[]).filter((c) => c.type === 'text').map((c) => c.text).join('');
        return { text: joined, isError: block.is_error === true };
      }
    }
    return undefined;
  };
  /** Sends a message that makes the fake LLM call a tool, and waits for the model to get its result. */
  let calls = 0;
  const callThroughClaude = async (tool: string, input: Record<string, unknown>): Promise<ToolResult> => {
    // Each message its own text: the requests of one call are told from those of another by it.
    const text = `CALLTOOL=${tool} ${JSON.stringify(input)} (call ${++calls})`;
    expect(await h.cli('agent', 'send', target, text)).toMatchObject({ ok: true });
    await h.waitForRequest((r) => r.role === 'followup' && (r.userTexts ?? []).includes(text), 30_000)
      .catch((e: Error) => {
        throw new Error(`${e.message}; screen:\n${h.screen(target)}`);
      });
    const result = resultFor(text);
    if (!result) throw new Error(`no tool_result for ${tool}; screen:\n${h.screen(target)}`);
    expect(await h.cli('agent', 'wait', target, '--until', 'idle', '--timeout', '30')).toMatchObject({ ok: true });
    return result;
  };
  /** tools/list as our server answers it (the SDK's own client, in memory, on the same tmux server). */
  const listed = async (options: ReflectOptions): Promise<Tool[]> => {
    const mcp = await connectInMemory(h.tmux.manager(), options);
    try {
      return (await mcp.client.request({ method: 'tools/list' }, ListToolsResultSchema)).tools;
    } finally {
      await mcp.close();
    }
  };

  step('spawns with tmux-orc mcp registered, flat and grouped; each is served the version it asks for', async () => {
    const spawned = await h.spawn('dev');
    expect(spawned).toMatchObject({ ok: true, data: { ready: true } });
    if (spawned.ok) target = spawned.data.agent.target;
    type Tapped = { direction: string; line: string };
    type Initialize = { params?: { protocolVersion: string }; result?: { protocolVersion: string } };
    const versions = (direction: string) => (existsSync(tapLog) ? readFileSync(tapLog, 'utf8') : '')
      .split('\n').filter(Boolean).map((l) => JSON.parse(l) as Tapped).filter((t) => t.direction === direction)
      .map((t) => JSON.parse(t.line) as Initialize).map((m) => m.params?.protocolVersion ?? m.result?.protocolVersion);
    for (const end = Date.now() + 10_000; versions('out').length < 2 && Date.now() < end;) await sleep(100);
    // Two servers: two initialize requests, two answers, each with the version asked for (one the SDK supports).
    expect(versions('in')).toHaveLength(2);
    expect(versions('out')).toEqual(versions('in'));
    expect(SUPPORTED_PROTOCOL_VERSIONS).toContain(versions('in')[0]);
    console.log(`claude code negotiated MCP protocol ${versions('in').join(', ')}`);
  });

  step('its model is offered every tool with our name, description and input schema, within the limit', async () => {
    const result = await callThroughClaude(`mcp__${SERVERS.flat}__agent_status`, { target });
    expect(result.isError).toBe(false);
    const turn = dumped().find((d) => lastUserText(d).startsWith('CALLTOOL=') && (d.body.tools?.length ?? 0) > 0);
    expect(turn).toBeDefined();
    const offered = turn!.body.tools!;
    for (const [shape, server] of Object.entries(SERVERS)) {
      const ours = await listed(shape === 'grouped' ? { shape: 'grouped' } : {});
      const prefix = `mcp__${server}__`;
      const seen = offered.filter((t) => t.name.startsWith(prefix));
      expect(seen.map((t) => t.name).sort()).toEqual(ours.map((t) => `${prefix}${t.name}`).sort());
      for (const tool of ours) {
        const got = seen.find((t) => t.name === `${prefix}${tool.name}`)!;
        expect(got.input_schema).toEqual(tool.inputSchema);
        expect(got.description).toContain(tool.description!);
      }
      // What Claude Code puts in front of its model for our tools, less the prefix it adds to every name.
      const bytes = Buffer.byteLength(JSON.stringify(seen.map((t) => ({ ...t, name: t.name.slice(prefix.length) }))));
      console.log(`claude code offers its model ${seen.length} ${shape} tmux-orc tools in ${bytes} B`);
      if (shape === 'flat') expect(bytes).toBeLessThanOrEqual(TOOL_LIST_LIMITS.flatModelBytes);
    }
  });

  step('a flat tool call comes back to the model as the envelope; a failed one as an error with its code', async () => {
    const ok = await callThroughClaude(`mcp__${SERVERS.flat}__agent_status`, { target });
    expect(ok.isError).toBe(false);
    // The agent itself is mid-turn while its own call runs.
    const busy = { ok: true, command: 'agent status', data: { agents: [{ target, state: 'busy' }] } };
    expect(JSON.parse(ok.text)).toMatchObject(busy);
    const failed = await callThroughClaude(`mcp__${SERVERS.flat}__agent_status`, { target: `${h.session}:nobody` });
    expect(failed.isError).toBe(true);
    expect(failed.text).toContain('agent.notFound');
  });

  step('a grouped tool call (action) comes back as the same envelope', async () => {
    const result = await callThroughClaude(`mcp__${SERVERS.grouped}__agent`, { action: 'status', target });
    expect(result.isError).toBe(false);
    expect(JSON.parse(result.text)).toMatchObject({
      ok: true, command: 'agent status', data: { agents: [{ target, state: 'busy' }] },
    });
  });
});
