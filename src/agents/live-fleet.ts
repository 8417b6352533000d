import type { TMUXManager } from '../manager/tmux-manager.js';
import type { AgentRecord } from './agent-record.js';
import { agentStatuses, paneQuery, type AgentStatus } from './agent-status.js';
import { answerPrompt, type PromptAnswered } from './answer-prompt.js';
import { findAgent, listAgents } from './find-agent.js';
import { FleetWatch, type AgentChange } from './fleet-watch.js';
import { pendingPrompt, type PendingPrompt, type PromptAnswer } from './pending-prompt.js';
import { readPaneStates } from './read-pane-state.js';

/** What changed about an agent, for the targets that name it. */
export interface LiveChange {
  /** The agent's own target (`session:name`); empty when the change is that a target now names no agent. */
  agent: string;
  /** The followed targets (as they were given) that name this agent, or named it until now. */
  targets: string[];
  statusChanged: boolean;
  screenChanged: boolean;
  /** The first read since the agent was followed. */
  first: boolean;
  status?: AgentStatus;
  /** The permission prompt its screen shows, if it shows one. */
  prompt?: PendingPrompt;
}

/** What a follower of the live fleet hears. */
export interface LiveListener {
  /** Agents came or went, or one was renamed (`host`: which, for a view of several hosts). */
  agentsChanged?(host?: string): void;
  changed?(change: LiveChange): void;
}

/** What to follow closely: every agent, and targets as given (each resolved as the CLI resolves it). */
export interface LiveScope {
  all?: boolean;
  targets?: readonly string[];
}

/** A follower's handle. */
export interface LiveFollower {
  /** Follows this scope; resolves once its targets are resolved and read once: any later change is heard. */
  follow(scope: LiveScope): Promise<void>;
  close(): void;
}

/**
 * The fleet as live views read it (the MCP server's resources and permission relay): reads by target, resolved by
 * exact name as the CLI does, and changes pushed from the core's events (FleetWatch), by the targets followed.
 */
export class LiveFleet {
  private readonly watch: FleetWatch;

  constructor(
    private readonly manager: TMUXManager,
    log?: (line: string) => void,
  ) {
    this.watch = new FleetWatch(manager, log);
  }

  /** Every agent tmux-orc spawned. */
  agents(): Promise<AgentRecord[]> {
    return listAgents(this.manager);
  }

  /** The agents as the live events last listed them (no round trip; empty before anything followed the fleet). */
  known(): readonly AgentRecord[] {
    return this.watch.agents();
  }

  /** Every agent with its state: what `agent status` gives. */
  async fleet(): Promise<{ agents: AgentStatus[] }> {
    return { agents: await agentStatuses(this.manager, await listAgents(this.manager)) };
  }

  /** One agent's status: what `agent status <target>` gives of it. */
  async status(target: string): Promise<AgentStatus> {
    const [status] = await agentStatuses(this.manager, [await findAgent(this.manager, target)]);
    return status!;
  }

  /** The agent's visible screen, as the detectors read it. */
  async screen(target: string): Promise<{ target: string; screen: string }> {
    const agent = await findAgent(this.manager, target);
    const [read] = await readPaneStates(this.manager, [paneQuery(agent)]);
    return { target: agent.target, screen: read!.screen };
  }

  /** The permission prompt the agent shows now, if any. */
  async prompt(target: string): Promise<PendingPrompt | undefined> {
    const agent = await findAgent(this.manager, target);
    const [read] = await readPaneStates(this.manager, [paneQuery(agent)]);
    return pendingPrompt(agent, read!);
  }

  /** Answers that prompt, exactly once (answerPrompt: nothing is typed when another prompt shows by now). */
  answer(target: string, promptId: string, answer: PromptAnswer): Promise<PromptAnswered> {
    return answerPrompt(this.manager, target, answer, { prompt: promptId });
  }

  /** Follows agents for a listener; it hears of agents coming and going at once, of changes once it follows some. */
  follow(listener: LiveListener): LiveFollower {
    let scope: LiveScope = {};
    let resolved = new Map<string, AgentRecord | undefined>();
    let resolving = Promise.resolve();
    let closed = false;
    const resolve = () =>
      (resolving = resolving
        .then(async () => {
          if (closed) return;
          // At once: on a slow host, one lookup's time for the whole scope.
          const found = await Promise.all(
            (scope.targets ?? []).map(
              async (target) => [target, await findAgent(this.manager, target).catch(() => undefined)] as const,
            ),
          );
          const next = new Map<string, AgentRecord | undefined>(found);
          const moved = [...next]
            .filter(([t, a]) => resolved.has(t) && resolved.get(t)?.paneId !== a?.paneId)
            .map(([t]) => t);
          resolved = next;
          if (closed) return;
          const agents = [...next.values()].filter((a): a is AgentRecord => a !== undefined);
          await inner.follow({ all: scope.all === true, agents });
          if (moved.length > 0)
            listener.changed?.({ agent: '', targets: moved, statusChanged: true, screenChanged: true, first: false });
        })
        .catch(() => undefined));
    const inner = this.watch.watch({
      agents: () => {
        listener.agentsChanged?.();
        void resolve();
      },
      agent: (change: AgentChange) => {
        const targets = [...resolved].filter(([, a]) => a?.paneId === change.agent.paneId).map(([t]) => t);
        if (!scope.all && targets.length === 0) return;
        const prompt = pendingPrompt(change.agent, change.read);
        listener.changed?.({
          agent: change.agent.target,
          targets,
          statusChanged: change.statusChanged,
          screenChanged: change.screenChanged,
          first: change.first,
          status: change.status,
          ...(prompt ? { prompt } : {}),
        });
      },
    });
    return {
      follow: (next) => {
        scope = { ...next, targets: [...new Set(next.targets ?? [])] };
        return resolve();
      },
      close: () => {
        closed = true;
        inner.close();
      },
    };
  }

  /** How many panes are followed closely now (none while nothing is subscribed). */
  followed(): number {
    return this.watch.followed();
  }

  /** Stops every follower and the events behind them. */
  close(): void {
    this.watch.close();
  }
}
