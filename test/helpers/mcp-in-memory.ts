import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult, ClientCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { buildProgram } from '../../cli/build-program.js';
import type { CommandGroup } from '../../cli/command-spec.js';
import type { Envelope } from '../../cli/envelope.js';
import { createMcpServer } from '../../reflect/mcp-server.js';
import type { ReflectOptions } from '../../reflect/reflect-program.js';
import { LiveFleet } from '../../src/agents/live-fleet.js';
import type { TMUXManager } from '../../src/manager/tmux-manager.js';

/** An SDK Client connected in-process to a tmux-orc MCP server. */
export interface InMemoryMcp {
  client: Client;
  /** Server diagnostics (what would go to stderr). */
  logs: string[];
  /** Calls a tool and returns its result with the envelope typed. */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult & { structuredContent: Envelope }>;
  close(): Promise<void>;
}

/** The live parts: the fleet behind the resources (made per connection unless given), the relay, the client's side. */
export interface LiveOptions {
  fleet?: LiveFleet;
  relayPermissions?: boolean;
  /** The client's capabilities (`{ elicitation: {} }` for the relay); none by default. */
  capabilities?: ClientCapabilities;
  /** Called when the server asks the client something (register handlers on the client here, before it connects). */
  setUp?: (client: Client) => void;
}

/** Builds the program and the server on one manager, and links an SDK Client to it over InMemoryTransport. */
export async function connectInMemory(
  manager: TMUXManager,
  options: ReflectOptions = {},
  groups?: readonly CommandGroup[],
  live: LiveOptions = {},
): Promise<InMemoryMcp> {
  const logs: string[] = [];
  const { program } = buildProgram({ manager, ...(groups ? { groups } : {}) });
  const fleet = live.fleet ?? new LiveFleet(manager, (line) => logs.push(line));
  const { server } = createMcpServer({
    program,
    manager,
    options,
    fleet,
    relayPermissions: live.relayPermissions === true,
    log: (line) => logs.push(line),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'tmux-orc-test', version: '0.0.0' }, { capabilities: live.capabilities ?? {} });
  live.setUp?.(client);
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return {
    client,
    logs,
    call: async (name, args = {}) =>
      (await client.callTool({ name, arguments: args })) as CallToolResult & { structuredContent: Envelope },
    close: async () => {
      await client.close();
      await server.close();
      if (!live.fleet) fleet.close();
    },
  };
}

/** The envelope without its timing, to compare a tool call with its CLI twin. */
export function withoutTiming(envelope: Envelope): Omit<Envelope, 'meta'> & { meta: { version: string } } {
  return { ...envelope, meta: { version: envelope.meta.version } } as Omit<Envelope, 'meta'> & {
    meta: { version: string };
  };
}
