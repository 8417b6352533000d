/**
 * What the MCP server's resources and permission relay read and follow of the fleet, as plain data: the core's
 * LiveFleet (src/agents/live-fleet.ts) is one, and HostFleets (src/hosts/host-fleets.ts), which `tmux-orc mcp` hands
 * in, routes targets that name their host (`build/proj:dev`) to that host's. Targets are the CLI's (`session:name`),
 * resolved by exact name; reads reject with the CLI's error codes (OrcError).
 */
export interface FleetView {
  /** Every agent tmux-orc spawned (on the server's own host, and on the hosts it follows, host-prefixed). */
  agents(): Promise<readonly { target: string; name: string; role: string; kind: string }[]>;
  /** Every agent of the server's own host with its state (`agent status`'s data). */
  fleet(): Promise<unknown>;
  /** One agent's status. */
  status(target: string): Promise<unknown>;
  /** One agent's visible screen. */
  screen(target: string): Promise<{ target: string; screen: string }>;
  /** Answers the prompt `promptId` (and only it) once. */
  answer(target: string, promptId: string, answer: PromptChoice): Promise<unknown>;
  /** Follows the fleet for a listener. */
  follow(listener: FleetViewListener): {
    /** Resolves once the scope is followed: a change after it is heard. */
    follow(scope: { all?: boolean; targets?: readonly string[] }): Promise<void>;
    close(): void;
  };
}

/** How a permission prompt is answered. */
export type PromptChoice = 'approve' | 'always' | 'deny';

/** What a follower hears (LiveFleet's LiveChange). */
export interface FleetViewListener {
  /** Agents came or went on the server's own host (`host` absent) or on a followed host. */
  agentsChanged?(host?: string): void;
  changed?(change: FleetViewChange): void;
}

/** A change of one agent, for the followed targets that name it. */
export interface FleetViewChange {
  agent: string;
  /** The agent's host, when it is not the server's own. */
  host?: string;
  targets: readonly string[];
  statusChanged: boolean;
  screenChanged: boolean;
  first: boolean;
  status?: { state: string };
  prompt?: FleetViewPrompt;
}

/** A permission prompt on an agent's screen. */
export interface FleetViewPrompt {
  target: string;
  kind: string;
  role: string;
  id: string;
  text: string;
  choices: readonly PromptChoice[];
}
