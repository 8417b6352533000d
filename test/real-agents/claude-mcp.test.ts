import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
// (flat, grouped, and flat with a 2 s timeout; over stdio): its model is offered the tools with our names and input
// schemas, and a call the model makes reaches the server and comes back to the model as the envelope (Claude Code's
// SDK client checks the result against the tool's output schema first, so a wrong output schema would come back as
// an error instead); a wait longer than Claude Code's timeout is cancelled by it, and ends.

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

// The third, flat too, with a per-server timeout of 2 s in Claude Code's config, for the long wait.
const SERVERS = { flat: 'tmux-orc', grouped: 'tmux-orc-grouped', short: 'tmux-orc-short' } as const;
const SHORT_TIMEOUT_MS = 2000;

/** One line a server got ('in') or sent, as stdio-tap.mjs logged it, parsed. */
interface Tapped {
  at: number;
  direction: 'in' | 'out';
  message: {
    id?: number | string;
    method?: string;
    params?: Record<string, unknown> & { _meta?: { progressToken?: unknown } };
    result?: Record<string, unknown>;
  };
}
const TAP = join(dirname(fileURLToPath(import.meta.url)), 'stdio-tap.mjs');

describeRealAgent('claude', () => {
  let h: RealAgentHarness;
  let dump = '';
  let target = '';
  /** Where each server's traffic is logged. */
  const tapLog = (server: string) => `${dump}-tap-${server}.jsonl`;
  const tapped = (server: string): Tapped[] =>
    (existsSync(tapLog(server)) ? readFileSync(tapLog(server), 'utf8') : '')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { at: number; direction: 'in' | 'out'; line: string })
      .map((t) => ({ at: t.at, direction: t.direction, message: JSON.parse(t.line) as Tapped['message'] }));

  beforeAll(async () => {
    dump = mkdtempSync(join(tmpdir(), 'orc-l17-claude-dump-'));
    h = await startHarness('claude', { prefix: 'orc-l17-claude', dump });
    // User-scope servers in the throwaway ~/.claude.json (no approval dialog, unlike a project's .mcp.json), and the
    // tools the test calls allowed in the throwaway user settings (no permission prompt).
    const config = join(h.home, '.claude.json');
    const json = JSON.parse(readFileSync(config, 'utf8')) as { mcpServers?: unknown };
    // Each through stdio-tap.mjs, which logs its traffic (the protocol version, progress tokens, cancellations).
    const server = (name: string, ...more: string[]) => ({
      type: 'stdio',
      command: process.execPath,
      args: [TAP, tapLog(name), process.execPath, requireBuiltCli(), '-L', h.tmux.socketName, 'mcp', ...more],
      env: { TMUX_ORC_STATE_DIR: h.stateDir },
    });
    json.mcpServers = {
      [SERVERS.flat]: server(SERVERS.flat),
      [SERVERS.grouped]: server(SERVERS.grouped, '--shape', 'grouped'),
      [SERVERS.short]: { ...server(SERVERS.short), timeout: SHORT_TIMEOUT_MS },
    };
    writeFileSync(config, `${JSON.stringify(json, null, 2)}\n`);
    mkdirSync(join(h.home, '.claude'), { recursive: true });
    const allow = [`mcp__${SERVERS.flat}__agent_status`, `mcp__${SERVERS.grouped}__agent`];
    allow.push(`mcp__${SERVERS.short}__agent_wait`);
    writeFileSync(join(h.home, '.claude', 'settings.json'), `${JSON.stringify({ permissions: { allow } }, null, 2)}\n`);
  }, 60_000);

  afterAll(async () => {
    const left = await h?.close();
    rmSync(dump, { recursive: true, force: true });
    for (const name of Object.values(SERVERS)) rmSync(tapLog(name), { force: true });
    // Claude Code's MCP servers (tmux-orc mcp, with the throwaway HOME) ended with it.
    expect(left ?? []).toEqual([]);
  }, 60_000);

  /** The dumped requests, oldest first. */
  const dumped = (): Dumped[] =>
    readdirSync(dump)
      .sort()
      .map((f) => JSON.parse(readFileSync(join(dump, f), 'utf8')) as Dumped);
  const lastUserText = (d: Dumped) => {
    const last = d.body.messages?.findLast((m) => m.role === 'user');
    if (!last) return '';
    if (typeof last.content === 'string') return last.content;
    return last.content
      .filter((b) => b.type === 'text' && !/^\s*</.test(b.text ?? ''))
      .map((b) => b.text)
      .join('\n');
  };
  /** The tool_result the model got back for the call a message asked for (the request after the call). */
  const resultFor = (text: string): ToolResult | undefined => {
    for (const d of dumped()) {
      const messages = d.body.messages ?? [];
      const says = (m: { content: string | Block[] }) =>
        typeof m.content === 'string' ? m.content === text : m.content.some((b) => b.text === text);
      const asked = messages.findIndex((m) => m.role === 'user' && says(m));
      if (asked < 0) continue;
      for (const m of messages.slice(asked + 1)) {
        const block = typeof m.content === 'string' ? undefined : m.content.find((b) => b.type === 'tool_result');
        if (!block) continue;
        const content = block.content;
        const joined =
          typeof content === 'string'
            ? content
            : (content as { type: string; text?: string }[])
                .filter((c) => c.type === 'text')
                .map((c) => c.text)
                .join('');
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
    await h
      .waitForRequest((r) => r.role === 'followup' && (r.userTexts ?? []).includes(text), 30_000)
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

  step('spawns with tmux-orc mcp registered (flat, grouped, short); each served the version it asks', async () => {
    const spawned = await h.spawn('dev');
    expect(spawned).toMatchObject({ ok: true, data: { ready: true } });
    if (spawned.ok) target = spawned.data.agent.target;
    type Initialize = { protocolVersion?: string };
    // Each server's initialize request, and the answer with its id.
    const versions = (direction: 'in' | 'out') =>
      Object.values(SERVERS).flatMap((name) => {
        const traffic = tapped(name);
        const asked = traffic.find((t) => t.direction === 'in' && t.message.method === 'initialize');
        const answer = traffic.find((t) => t.direction === 'out' && asked && t.message.id === asked.message.id);
        const picked = direction === 'in' ? asked?.message.params : answer?.message.result;
        return picked ? [(picked as Initialize).protocolVersion] : [];
      });
    for (const end = Date.now() + 10_000; versions('out').length < 3 && Date.now() < end;) await sleep(100);
    // Three servers: three initialize requests, three answers, each with the version asked for (one we support).
    expect(versions('in')).toHaveLength(3);
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
      ok: true,
      command: 'agent status',
      data: { agents: [{ target, state: 'busy' }] },
    });
  });

  step('a wait past its timeout: Claude Code gives up on its own clock despite progress, and cancels', async () => {
    // Claude Code 2.1.197 asks for progress, but a configured tool timeout is a hard wall clock (its config schema:
    // "progress notifications do not extend it"); without one it waits 1e8 ms. Our side: the cancel ends the wait.
    const started = Date.now();
    const input = { target, until: 'waiting', timeout: 8 };
    const result = await callThroughClaude(`mcp__${SERVERS.short}__agent_wait`, input);
    const took = Date.now() - started;
    expect(result).toMatchObject({ isError: true, text: expect.stringMatching(/timed out after 2s/) });
    expect(took).toBeLessThan(7000);
    await sleep(2500);
    const traffic = tapped(SERVERS.short);
    const call = traffic.find((t) => t.direction === 'in' && t.message.method === 'tools/call')!;
    const token = call.message.params?._meta?.progressToken;
    expect(token).toBeDefined();
    const progress = traffic.filter((t) => t.message.method === 'notifications/progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.message.params?.progressToken === token)).toBe(true);
    const cancelled = traffic.find((t) => t.direction === 'in' && t.message.method === 'notifications/cancelled')!;
    expect(cancelled.message.params).toMatchObject({ requestId: call.message.id });
    expect(cancelled.at - call.at).toBeGreaterThanOrEqual(SHORT_TIMEOUT_MS - 100);
    // The wait ended with the cancel: no answer to the call, and its heartbeat stopped (at most one in flight).
    expect(traffic.filter((t) => t.direction === 'out' && t.message.id === call.message.id)).toEqual([]);
    expect(progress.filter((p) => p.at > cancelled.at + 1100)).toEqual([]);
    console.log(
      `claude code: progress token ${String(token)}, ${progress.length} progress, cancelled after ` +
        `${cancelled.at - call.at} ms; the model got "${result.text}"`,
    );
  });
});
