import type { AgentRecord } from '../agents/agent-record.js';
import type { LiveChange, LiveFleet, LiveFollower, LiveListener, LiveScope } from '../agents/live-fleet.js';
import { knownHostNames, splitHostPrefix } from './resolve-host.js';

/** Where a target is read: the live fleet of its host, the target there, and the host when it is not the own one. */
interface Routed {
  fleet: LiveFleet;
  rest: string;
  host?: string;
}

/** What HostFleets is made from. */
export interface HostFleetsDeps {
  /** The live fleet of the server's own host. */
  own: LiveFleet;
  /**
   * The live fleet of a host named by a target's prefix (one per host manager, made on first need; `own` when the
   * host is the server's own): it throws the tools' error for a host it may not reach.
   */
  on(host: string): Promise<LiveFleet>;
  /** The names a prefix may use (default: `local` and the hosts file's, read again when it changes). */
  hostNames?(): Promise<string[]>;
}

/** One host's part of a follower: the follower on that host's fleet, and which given targets its targets stand for. */
interface Part {
  host: string | undefined;
  fleet: LiveFleet;
  follower: LiveFollower;
  /** The scope last handed to it, to skip a host whose scope did not change (a host that is down then holds nobody). */
  key: string;
  /** Its targets (as that host sees them) to the targets as they were given (host-prefixed). */
  given: Map<string, string[]>;
}

/**
 * The live fleet across hosts, as the MCP server's resources read it: a target that names its host (`build/proj:dev`,
 * routed as the tools route it: by the hosts file's names only) is read and followed on that host's live fleet, and
 * shown with its prefix; anything else is the own host's. The fleet is the own host's (as `agent_status` without
 * allHosts), and so is "every agent" in a scope; another host is followed while a followed target names it.
 */
export class HostFleets {
  private readonly parts = new Set<Part>();
  private readonly hostNames: () => Promise<string[]>;

  constructor(private readonly deps: HostFleetsDeps) {
    this.hostNames = deps.hostNames ?? (() => knownHostNames());
  }

  /** The own host's agents, then every followed host's as last listed (no round trip: a host down slows nothing). */
  async agents(): Promise<AgentRecord[]> {
    const own = await this.deps.own.agents();
    const others = new Map<LiveFleet, string>();
    for (const part of this.parts) if (part.host !== undefined) others.set(part.fleet, part.host);
    return [
      ...own,
      ...[...others].flatMap(([fleet, host]) => fleet.known().map((a) => ({ ...a, target: onHost(host, a.target) }))),
    ];
  }

  /** Every agent of the own host with its state. */
  fleet(): ReturnType<LiveFleet['fleet']> {
    return this.deps.own.fleet();
  }

  /** One agent's status; on another host with `host` and its prefixed target, as the tools' fleet views give it. */
  async status(target: string): Promise<Awaited<ReturnType<LiveFleet['status']>> & { host?: string }> {
    const routed = await this.route(target);
    const status = await routed.fleet.status(routed.rest);
    return routed.host === undefined
      ? status
      : { ...status, host: routed.host, target: onHost(routed.host, status.target) };
  }

  /** One agent's visible screen. */
  async screen(target: string): Promise<{ target: string; screen: string }> {
    const routed = await this.route(target);
    const read = await routed.fleet.screen(routed.rest);
    return routed.host === undefined ? read : { ...read, target: onHost(routed.host, read.target) };
  }

  /** Answers a prompt on the agent's own host. */
  async answer(
    target: string,
    promptId: string,
    answer: Parameters<LiveFleet['answer']>[2],
  ): ReturnType<LiveFleet['answer']> {
    const routed = await this.route(target);
    return routed.fleet.answer(routed.rest, promptId, answer);
  }

  /**
   * Follows for a listener: the own host at once (agents coming and going), another host from the first scope whose
   * targets name it until none does. A scope resolves once the hosts whose part of it changed have read their
   * targets: a host that is down never holds up a subscription on another.
   */
  follow(listener: LiveListener): LiveFollower {
    const mine = new Map<LiveFleet, Part>();
    let closed = false;
    const open = (fleet: LiveFleet, host: string | undefined): Part => {
      const known = mine.get(fleet);
      if (known) return known;
      const follower = fleet.follow({
        agentsChanged: () => listener.agentsChanged?.(host),
        changed: (change) => listener.changed?.(shown(change, part)),
      });
      const part: Part = { host, fleet, follower, key: '', given: new Map() };
      mine.set(fleet, part);
      this.parts.add(part);
      return part;
    };
    const drop = (part: Part) => {
      part.follower.close();
      mine.delete(part.fleet);
      this.parts.delete(part);
    };
    open(this.deps.own, undefined);
    // Scopes are applied in order (routing awaits the hosts file); what each host then reads is awaited apart.
    let applying: Promise<unknown> = Promise.resolve();
    const apply = async (scope: LiveScope): Promise<Promise<void>[]> => {
      if (closed) return [];
      const wanted = new Map<LiveFleet, { host: string | undefined; given: Map<string, string[]> }>();
      wanted.set(this.deps.own, { host: undefined, given: new Map() });
      for (const target of new Set(scope.targets ?? [])) {
        // A host that may not be reached (not in the hosts file any more) follows nothing; its reads say why.
        const routed = await this.route(target).catch(() => undefined);
        if (!routed) continue;
        const entry = wanted.get(routed.fleet) ?? { host: routed.host, given: new Map<string, string[]>() };
        wanted.set(routed.fleet, entry);
        entry.given.set(routed.rest, [...(entry.given.get(routed.rest) ?? []), target]);
      }
      if (closed) return [];
      for (const part of [...mine.values()]) if (!wanted.has(part.fleet)) drop(part);
      const reads: Promise<void>[] = [];
      for (const [fleet, { host, given }] of wanted) {
        const part = open(fleet, host);
        part.given = given;
        const next = { all: fleet === this.deps.own && scope.all === true, targets: [...given.keys()] };
        const key = JSON.stringify(next);
        if (key === part.key) continue;
        part.key = key;
        reads.push(part.follower.follow(next));
      }
      return reads;
    };
    return {
      follow: (scope) => {
        const step = applying.then(() => apply(scope));
        applying = step.catch(() => undefined);
        return step.then((reads) => Promise.all(reads)).then(() => undefined);
      },
      close: () => {
        closed = true;
        for (const part of [...mine.values()]) drop(part);
      },
    };
  }

  /** Routes a target as the tools do: a known host's prefix names that host; anything else is the own host's. */
  private async route(target: string): Promise<Routed> {
    const own = { fleet: this.deps.own, rest: target };
    // The hosts file is read only for a target with a `/` (as cli/host-routing.ts does).
    if (!target.includes('/')) return own;
    const split = splitHostPrefix(target, await this.hostNames());
    if (!split) return own;
    const fleet = await this.deps.on(split.host);
    return fleet === this.deps.own ? { fleet, rest: split.rest } : { fleet, rest: split.rest, host: split.host };
  }
}

/** A change on a host as the listener knows it: its targets as given, and the agent's with its prefix. */
function shown(change: LiveChange, part: Part): LiveChange & { host?: string } {
  const targets = change.targets.flatMap((t) => part.given.get(t) ?? []);
  if (part.host === undefined) return { ...change, targets };
  const host = part.host;
  return {
    ...change,
    targets,
    host,
    agent: change.agent && onHost(host, change.agent),
    ...(change.status ? { status: { ...change.status, target: onHost(host, change.status.target) } } : {}),
    ...(change.prompt ? { prompt: { ...change.prompt, target: onHost(host, change.prompt.target) } } : {}),
  };
}

/** A target on a host, as the fleet views print it (cli/every-host.ts). */
function onHost(host: string, target: string): string {
  return `${host}/${target}`;
}
