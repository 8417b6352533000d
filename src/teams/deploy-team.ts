import { OrcError } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import { kindProfile } from '../agents/kind-profiles.js';
import type { AgentRecord } from '../agents/agent-record.js';
import { paneQuery } from '../agents/agent-status.js';
import { readPaneStates } from '../agents/read-pane-state.js';
import { createAgentWindow, finishStart, type SpawnResult } from '../agents/spawn-agent.js';
import { forgetInFleet } from '../restore/record-agent.js';
import type { AgentWorktree } from '../worktrees/agent-worktree.js';
import { teamBriefing, type MemberCheckout } from './team-briefing.js';
import type { TeamMember, TeamSpec } from './team-spec.js';
import { getsWorktree, makeTeamWorktrees, removeTeamWorktrees } from './team-worktrees.js';

/** How to deploy a team. */
export interface DeployOptions {
  session: string;
  /** Overrides for every member (e.g. run all as codex, or as a test program). */
  kind?: TeamSpec['agents'][number]['kind'];
  command?: string[];
  cwd?: string;
  /** Wait for readiness and brief each agent (default true). */
  wait?: boolean;
  readyTimeoutMs?: number;
  progress?: (message: string) => void;
  /** Ends the readiness waits at once (the agents stay; no more briefings are sent). */
  signal?: AbortSignal;
  /**
   * Give every member but the PM and orchestrator (team-worktrees.ts) a git worktree and branch of its own, in the
   * repository holding its directory.
   */
  worktrees?: boolean;
  /** The team's name, kept in the fleet file with each member (the template or team file's name). */
  team?: string;
}

/** One deployed member. */
export interface DeployedAgent {
  target: string;
  name: string;
  role: string;
  kind: string;
  ready: boolean;
  briefed: boolean;
  /** Its own branch and worktree (`--worktrees`). */
  branch?: string;
  worktree?: string;
}

/**
 * Deploys a team into a new session: the PM first, every window created up front (with `worktrees`, every member's
 * worktree before that), then all agents waited on in parallel and briefed. If a window cannot be created the
 * session, the members' fleet entries and their worktrees are removed again, so nothing is left half-made.
 */
export async function deployTeam(
  manager: TMUXManager,
  spec: TeamSpec,
  options: DeployOptions,
): Promise<{ session: string; agents: DeployedAgent[] }> {
  const progress = options.progress ?? (() => undefined);
  const members = [...spec.agents].sort((a, b) => Number(b.role === 'pm') - Number(a.role === 'pm'));
  if (members.length === 0)
    throw new OrcError('usage.invalid', 'the team has no agents', { hint: 'list at least one agent in the team file' });
  // Checked here once, so the windows after the first need no snapshot read to look for a clash.
  const duplicate = members.find((m, i) => members.findIndex((o) => o.name === m.name) !== i);
  if (duplicate)
    throw new OrcError('usage.invalid', `the team names two agents "${duplicate.name}"`, {
      hint: 'give every agent its own name',
    });
  const started: AgentRecord[] = [];
  const cwdOf = (member: TeamMember) => options.cwd ?? member.cwd ?? spec.defaults?.cwd;
  const worktrees = options.worktrees
    ? await teamWorktrees(manager, options.session, members, cwdOf, progress)
    : undefined;
  const checkouts = worktrees && checkoutsOf(members, worktrees, cwdOf);
  const create = (member: TeamMember, into: { sessionId: string } | { newSession: true }) => {
    const kind = options.kind ?? member.kind ?? spec.defaults?.kind ?? 'claude';
    const command = options.command ?? member.command ?? spec.defaults?.command;
    const cwd = cwdOf(member);
    const env = { ...spec.defaults?.env, ...member.env };
    const secretEnv = [...(spec.defaults?.envSecret ?? []), ...(member.envSecret ?? [])];
    const worktree = worktrees?.get(member.name);
    progress(`starting ${member.name} (${member.role}, ${kind})`);
    return createAgentWindow(manager, {
      session: options.session,
      name: member.name,
      role: member.role,
      kind,
      ...(command ? { command } : {}),
      ...(cwd ? { cwd } : {}),
      ...(Object.keys(env).length ? { env } : {}),
      ...(secretEnv.length ? { secretEnv } : {}),
      ...(worktree ? { existingWorktree: worktree } : {}),
      ...(options.team ? { team: options.team } : {}),
      briefing: teamBriefing(options.session, member, members, checkouts),
      into,
    });
  };
  try {
    // The first window creates the session (tmux refuses an existing name: caught below). The others go into it by
    // id: on the control connection all requested in the same tick, one write that tmux runs in the team's order;
    // spawned processes could run in any order, so there one after the other. No snapshot is read: the names are
    // distinct (checked above).
    const first = await create(members[0]!, { newSession: true });
    started.push(first.agent);
    const into = { sessionId: first.sessionId };
    const others = members.slice(1);
    const rest = manager.coherent()
      ? await Promise.allSettled(others.map((member) => create(member, into)))
      : await inOrder(others, (member) => create(member, into));
    for (const r of rest) {
      if (r.status === 'fulfilled') started.push(r.value.agent);
    }
    const failed = rest.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (error) {
    // Nothing half-made: the session, the members' fleet entries and the worktrees made for them go again.
    if (started.length > 0) await manager.killSession(options.session).catch(() => undefined);
    for (const agent of started) forgetInFleet(manager, agent);
    if (worktrees) await removeTeamWorktrees(worktrees.values(), manager.socket.remote);
    if (started.length === 0 && error instanceof OrcError && error.code === 'tmux.sessionExists')
      throw sessionExists(options.session);
    throw error;
  }
  if (options.wait === false) {
    // Every agent's state in one round trip.
    const states = await readPaneStates(manager, started.map(paneQuery));
    return {
      session: options.session,
      agents: started.map((agent, i) =>
        deployed({ agent, ready: states[i]!.state === 'idle', state: states[i]!.state }),
      ),
    };
  }
  const settled = await Promise.allSettled(
    started.map(async (agent) => {
      const timeout = options.readyTimeoutMs ?? kindProfile(agent.kind).readyTimeoutMs;
      const result = await finishStart(manager, agent, true, timeout, agent.briefing, options.signal);
      progress(`${agent.name} ready${result.briefing ? ', briefed' : ''}`);
      return result;
    }),
  );
  if (options.signal?.aborted) {
    throw new OrcError('agent.waitTimeout', `the deploy of ${options.session} was cancelled`);
  }
  const agents = settled.map((r, i) =>
    r.status === 'fulfilled'
      ? deployed(r.value)
      : { ...deployed({ agent: started[i]!, ready: false, state: 'unknown' }), ready: false },
  );
  const failed = agents.filter((a) => !a.ready);
  if (failed.length > 0) {
    throw new OrcError(
      'agent.notReady',
      `team ${options.session} is up but ${failed.map((a) => a.name).join(', ')} did not become ready`,
      { hint: `check with: tmux-orc team status ${options.session}` },
    );
  }
  return { session: options.session, agents };
}

function deployed(result: SpawnResult): DeployedAgent {
  const { worktree } = result.agent;
  return {
    target: result.agent.target,
    name: result.agent.name,
    role: result.agent.role,
    kind: result.agent.kind,
    ready: result.ready,
    briefed: Boolean(result.briefing?.submitted),
    ...(worktree ? { branch: worktree.branch, worktree: worktree.path } : {}),
  };
}

/**
 * The worktrees of a deploy with `--worktrees`, made before any window: the session must not exist (its members'
 * branches and paths would be taken), and every member's directory must be in a git repository.
 */
async function teamWorktrees(
  manager: TMUXManager,
  session: string,
  members: readonly TeamMember[],
  cwdOf: (m: TeamMember) => string | undefined,
  progress: (message: string) => void,
): Promise<Map<string, AgentWorktree>> {
  if ((await manager.snapshot({ fresh: true })).sessions.some((s) => s.name === session)) throw sessionExists(session);
  const own = members.filter((m) => getsWorktree(m.role));
  progress(`making ${own.length} git worktrees`);
  const { remote } = manager.socket;
  const missing = remote && own.find((m) => !cwdOf(m));
  if (missing)
    throw new OrcError(
      'usage.invalid',
      `--worktrees on ${remote.name} needs --cwd (or each member's cwd): a directory of a git repository on that host`,
    );
  return makeTeamWorktrees(
    session,
    own.map((m) => ({ name: m.name, dir: cwdOf(m) ?? process.cwd() })),
    remote,
  );
}

/** Where each member works, for the briefings: its worktree and branch, or the main checkout of the repository. */
function checkoutsOf(
  members: readonly TeamMember[],
  worktrees: ReadonlyMap<string, AgentWorktree>,
  cwdOf: (m: TeamMember) => string | undefined,
): Map<string, MemberCheckout> {
  const main = [...worktrees.values()][0]?.repository;
  return new Map(
    members.map((m) => {
      const w = worktrees.get(m.name);
      return [m.name, w ? { path: w.path, branch: w.branch } : { path: cwdOf(m) ?? main ?? process.cwd() }];
    }),
  );
}

function sessionExists(session: string): OrcError {
  return new OrcError('tmux.sessionExists', `session "${session}" exists already`, {
    hint: `pick another --project, or remove it with: tmux-orc team kill ${session}`,
  });
}

/** Runs one after the other, up to the first failure, with the outcomes in Promise.allSettled's shape. */
async function inOrder<T, R>(items: readonly T[], run: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const outcomes: PromiseSettledResult<R>[] = [];
  for (const item of items) {
    try {
      outcomes.push({ status: 'fulfilled', value: await run(item) });
    } catch (reason) {
      outcomes.push({ status: 'rejected', reason });
      break;
    }
  }
  return outcomes;
}
