import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type ReadResourceResult,
  type Resource,
} from '@modelcontextprotocol/sdk/types.js';
import { toOrcError, type ErrorCode as OrcCode } from '../src/errors.js';
import type { FleetView, FleetViewChange } from './fleet-view.js';
import { ProtocolError } from './protocol-error.js';
import { FLEET_RESOURCE, RESOURCE_TEMPLATES } from './resource-catalog.js';
import { agentUri, parseResourceUri, type ResourceRef } from './resource-uri.js';

/** JSON-RPC's "resource not found" (MCP's own code). */
const RESOURCE_NOT_FOUND = -32002;
const NOT_FOUND: ReadonlySet<OrcCode> = new Set([
  'agent.notFound',
  'tmux.noServer',
  'tmux.sessionNotFound',
  'tmux.windowNotFound',
  'tmux.paneNotFound',
]);
const JSON_TYPE = 'application/json';

export { RESOURCE_TEMPLATES } from './resource-catalog.js';

/** A server's resources: its subscriptions, which end with it. */
export interface ServedResources {
  /** Stops following the fleet for this server. */
  close(): void;
}

/**
 * Serves the fleet as resources on a server: `tmux-orc://fleet`, and each agent's status and screen (templates, and
 * listed per agent). `resources/subscribe` on any of them sends `notifications/resources/updated` when what it shows
 * changes, pushed from the core's events; `notifications/resources/list_changed` goes out when agents come and go,
 * once the client has used a resource. The fleet is followed only for what is subscribed. A target may name its host
 * (`build/proj:dev`): the fleet view routes it (src/hosts/host-fleets.ts), and that host's agents are then listed
 * and announced too, while a subscription names it.
 */
export function serveResources(
  server: Server,
  fleet: () => Promise<FleetView>,
  log: (line: string) => void,
): ServedResources {
  const subscribed = new Map<string, ResourceRef>();
  let follower: Promise<ReturnType<FleetView['follow']>> | undefined;
  let closed = false;
  const notify = (uri: string) =>
    void server
      .sendResourceUpdated({ uri })
      .catch((e: unknown) => log(`tmux-orc mcp: resource update not sent: ${String(e)}`));
  const onChange = (change: FleetViewChange) => {
    if (change.first) return;
    for (const [uri, ref] of subscribed) {
      // The fleet is the server's own host's; another host's agent changes only what names it.
      const mine =
        ref.kind === 'fleet' ? change.host === undefined && change.agent !== '' : change.targets.includes(ref.target);
      const moved = change.agent === '';
      if (mine && (moved || (ref.kind === 'screen' ? change.screenChanged : change.statusChanged))) notify(uri);
    }
  };
  const onAgents = (host?: string) => {
    void server.sendResourceListChanged().catch(() => undefined);
    if (host === undefined) for (const [uri, ref] of subscribed) if (ref.kind === 'fleet') notify(uri);
  };
  // The first resource request starts following the fleet (for list_changed); subscriptions say what else to follow.
  const following = () =>
    (follower ??= fleet().then((view) => {
      const f = view.follow({ agentsChanged: onAgents, changed: onChange });
      if (closed) f.close();
      return f;
    }));
  // Answers once the subscription holds: the agent has been read once, so a change after the answer is pushed.
  const refollow = async () => {
    const refs = [...subscribed.values()];
    await (
      await following()
    ).follow({
      all: refs.some((r) => r.kind === 'fleet'),
      targets: refs.flatMap((r) => (r.kind === 'fleet' ? [] : [r.target])),
    });
  };

  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    await following();
    const agents = await (await fleet()).agents();
    const resources: Resource[] = [
      FLEET_RESOURCE,
      ...agents.flatMap((a) => [
        {
          uri: agentUri(a.target, 'status'),
          name: `${a.target} status`,
          description: `${a.kind} agent, ${a.role || 'no role'}`,
          mimeType: JSON_TYPE,
        },
        { uri: agentUri(a.target, 'screen'), name: `${a.target} screen`, mimeType: 'text/plain' },
      ]),
    ];
    return { resources };
  });
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => {
    await following();
    return { resourceTemplates: RESOURCE_TEMPLATES };
  });
  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const { uri } = request.params;
    try {
      const ref = parseResourceUri(uri);
      await following();
      return await readResource(await fleet(), uri, ref);
    } catch (error) {
      throw resourceError(error);
    }
  });
  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    const { uri } = request.params;
    try {
      // A well-formed URI may be subscribed to before its agent exists: it is updated when the agent comes.
      subscribed.set(uri, parseResourceUri(uri));
    } catch (error) {
      throw resourceError(error);
    }
    await refollow();
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    if (subscribed.delete(request.params.uri)) await refollow();
    return {};
  });
  return {
    close() {
      closed = true;
      subscribed.clear();
      void follower?.then(
        (f) => f.close(),
        () => undefined,
      );
    },
  };
}

async function readResource(view: FleetView, uri: string, ref: ResourceRef): Promise<ReadResourceResult> {
  if (ref.kind === 'screen')
    return { contents: [{ uri, mimeType: 'text/plain', text: (await view.screen(ref.target)).screen }] };
  const value = ref.kind === 'fleet' ? await view.fleet() : await view.status(ref.target);
  return { contents: [{ uri, mimeType: JSON_TYPE, text: JSON.stringify(value) }] };
}

/** A failed read as a JSON-RPC error: MCP's codes, and the CLI's error (code, message, hint) as its data. */
function resourceError(error: unknown): ProtocolError {
  const orc = toOrcError(error);
  const code =
    orc.code === 'resource.invalid' || orc.code === 'target.invalid'
      ? ErrorCode.InvalidParams
      : NOT_FOUND.has(orc.code)
        ? RESOURCE_NOT_FOUND
        : ErrorCode.InternalError;
  return new ProtocolError(code, orc.message, orc.toJSON());
}
