import { FLEET_URI, SCREEN_TEMPLATE, STATUS_TEMPLATE } from './resource-uri.js';

/**
 * What `tmux-orc mcp` serves as resources, as plain data (no SDK): the server lists and reads them
 * (reflect/mcp-resources.ts), and docs/mcp-tools.md is rendered from the same entries.
 */
const JSON_TYPE = 'application/json';

/** The fleet resource, as resources/list gives it. */
export const FLEET_RESOURCE = {
  uri: FLEET_URI,
  name: 'fleet',
  title: 'Fleet',
  mimeType: JSON_TYPE,
  description: "Every agent of the server's own host with its state, as agent_status gives them (without allHosts).",
};

/** The resource templates, as resources/templates/list gives them. */
export const RESOURCE_TEMPLATES = [
  {
    uriTemplate: STATUS_TEMPLATE,
    name: 'agent-status',
    title: 'Agent status',
    mimeType: JSON_TYPE,
    description:
      "One agent's state, reason and source, as agent_status gives it; " +
      'target: session:name, or host/session:name for a host of the hosts file, percent-encoded.',
  },
  {
    uriTemplate: SCREEN_TEMPLATE,
    name: 'agent-screen',
    title: 'Agent screen',
    mimeType: 'text/plain',
    description:
      "What one agent's pane shows now (its visible screen); target: session:name, or " +
      'host/session:name for a host of the hosts file, percent-encoded.',
  },
];

/** What docs/mcp-tools.md says of the resources after their table: listing, errors, hosts, subscriptions. */
export const RESOURCE_NOTES = [
  "`resources/list` gives the fleet and each agent's status and screen (`tmux-orc://agent/proj%3Adev/status`); " +
    '`resources/templates/list` the two templates. A target is resolved by exact name, as the CLI resolves it. ' +
    'A malformed URI is JSON-RPC error -32602 with `resource.invalid` (or `target.invalid`) as its `data.code`; ' +
    'an agent that is not there is -32002 with `agent.notFound` (or `tmux.sessionNotFound`).',
  "**Other hosts.** A target may start with its host, as a tool's target does: " +
    "`tmux-orc://agent/build%2Fproj%3Adev/status` is `proj:dev` on the hosts file's `build`, read and followed on " +
    "the server's warm connection to that host (one live fleet per host, made on first need, closed with the " +
    'server), and shown as `build/proj:dev` with `host: "build"`. Only the hosts file\'s names route, as for every ' +
    "tool over MCP: a prefix that names no host there is part of a local session's name, so `nosuch/proj:dev` " +
    '(or a destination such as `me@build/proj:dev`) fails as `agent_status` fails on it (-32002, ' +
    '`tmux.sessionNotFound`). A host part no hosts file or ssh could name (empty, `.` or `..`, an ssh option such ' +
    'as `-oProxyCommand=...`, spaces or control characters) is -32602 `resource.invalid`, and the target is ' +
    'percent-decoded once (`%252F` is a literal `%2F`, never a host). A host that is down fails its own reads with ' +
    "its own code (`host.unreachable`, `host.connectionLost`; -32603) and never delays another host's reads, " +
    'subscriptions or updates.',
  "**The fleet is the server's own host**, what `agent_status` gives without `allHosts`, not every host's: clients " +
    'list and read resources unprompted when they connect, and a fleet of every host would then log in to every ' +
    'machine of the hosts file, wait on the slowest (or a dead) one for each read, and, subscribed, follow every ' +
    "agent's pane on every link. The whole fleet, with a part per host, is `agent_status` or `list` with " +
    "`allHosts`, which a model asks for. `resources/list` gives the own host's agents and, host-prefixed, those of " +
    'every host a subscription names (as last seen there: no round trip).',
  '`resources/subscribe` on any of them, also on an agent not there yet, holds from its answer on: ' +
    "`notifications/resources/updated` goes out when what the resource shows changes (an agent's state for " +
    '`status` and the fleet, its visible screen for `screen`, the agents coming and going for the fleet, and a ' +
    "target coming to name an agent or no longer naming one), pushed from tmux's events and the agents' hooks " +
    'rather than polled by the client. `notifications/resources/list_changed` goes out when agents come and go, ' +
    'on the own host and on every host a subscription names. The fleet is followed only for what is subscribed.',
];
