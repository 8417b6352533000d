import { OrcError } from '../errors.js';
import type { CreatedWindow, StartOptions, TMUXManager } from '../manager/tmux-manager.js';
import { validateSessionName } from '../manager/tmux-manager.js';
import { killWindow } from '../tmux/tmux-commands.js';
import { HOOK_CHANNEL } from '../tmux/channel-waiter.js';
import { recordInFleet } from '../restore/record-agent.js';
import { addAgentWorktree, type AgentWorktree } from '../worktrees/agent-worktree.js';
import { removeAgentWorktree } from '../worktrees/remove-worktree.js';
import type { AgentRecord } from './agent-record.js';
import type { AgentKind } from './agent-state.js';
import { deliverMessage, type DeliveryReport } from './deliver-message.js';
import { kindProfile } from './kind-profiles.js';
import { sleep, waitForState } from './wait-for-state.js';
import { readPaneStates, type PaneState } from './read-pane-state.js';
import { paneQuery } from './agent-status.js';
import { withHooks } from './hooks/agent-hooks.js';
import { freshConversationId } from './conversation.js';

/** What an agent is started from. */
export interface SpawnRequest {
  session: string;
  name: string;
  role: string;
  kind: AgentKind;
  /** The program and its arguments; the kind's default when absent. */
  command?: readonly string[];
  cwd?: string;
  env?: Readonly<Record<string, string>>;
  briefing?: string;
  /** Wait for the agent to be ready (default true); the briefing needs it. */
  wait?: boolean;
  /**
   * Where the window goes, from a caller that knows already and keeps the agent names distinct itself (team deploy):
   * `{ newSession: true }` when it has checked that the session does not exist, `{ sessionId }` for the session it
   * has created. Spawning then reads no snapshot, which at 200 panes is a large part of a spawn's time.
   */
  into?: { newSession: true } | { sessionId: string };
  readyTimeoutMs?: number;
  /**
   * A git worktree of its own: made from `base` (HEAD) on `branch` (`tmux-orc/<session>/<name>`) in the repo of `cwd`.
   */
  worktree?: { branch?: string; base?: string };
  /** Environment variables whose values the fleet file on disk must not keep (see fleet-store.ts). */
  secretEnv?: readonly string[];
  /** A restore: continue this conversation (the kind's resume command), and keep its id in the record. */
  resumeId?: string;
  /** A restore: the agent's worktree as it was (still on disk): it runs there again, none is made. */
  existingWorktree?: AgentWorktree;
  /** Ends the readiness wait at once (the agent stays; no briefing is sent). */
  signal?: AbortSignal;
  /** Install the CLI's hooks (default true; docs/real-agents.md, "Hooks"); false is kept and holds for restarts. */
  hooks?: boolean;
  /** The team it was deployed in (the template or team file's name), kept in the fleet file. */
  team?: string;
}

/** The outcome of a spawn. */
export interface SpawnResult {
  agent: AgentRecord;
  ready: boolean;
  state: string;
  briefing?: DeliveryReport;
}

/** Agent names become window names and target parts, so they are kept to what a target can carry. */
export function validateAgentName(name: string): void {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/.test(name)) {
    throw new OrcError(
      'usage.invalid',
      `invalid agent name ${JSON.stringify(name)}: use letters, digits, "_" and "-" (up to 64)`,
    );
  }
}

/**
 * Starts an agent program in its own window (creating the session if needed) from an argument array, records its
 * metadata in window options, keeps a crashed pane visible (remain-on-exit), waits until it is ready and delivers
 * the briefing.
 */
export async function spawnAgent(manager: TMUXManager, request: SpawnRequest): Promise<SpawnResult> {
  const { agent } = await createAgentWindow(manager, request);
  try {
    const timeoutMs = request.readyTimeoutMs ?? kindProfile(request.kind).readyTimeoutMs;
    // A resumed conversation has had its briefing: it stays in the metadata, and is not sent again.
    const resumed = request.resumeId !== undefined && kindProfile(request.kind).resumeCommand !== undefined;
    return await finishStart(
      manager,
      agent,
      request.wait !== false,
      timeoutMs,
      resumed ? undefined : request.briefing,
      request.signal,
      { resumed },
    );
  } catch (error) {
    // A program that could not start leaves nothing behind (its screen is in the error); its session goes with its
    // last window, as tmux does.
    if (error instanceof OrcError && error.code === 'agent.spawnFailed')
      await manager.run(killWindow(agent.windowId)).catch(() => undefined);
    throw error;
  }
}

/** A window made by createAgentWindow, with its options already set (they come with the window). */
export interface CreatedAgentWindow {
  agent: AgentRecord;
  /** The id of the session the window is in (team deploy places the next windows by it). */
  sessionId: string;
}

/** The first half of a spawn: the window, its program and its metadata, without waiting or reading its state. */
export async function createAgentWindow(manager: TMUXManager, request: SpawnRequest): Promise<CreatedAgentWindow> {
  validateSessionName(request.session);
  validateAgentName(request.name);
  // Metadata is read back one line per pane, so free-text fields must stay on one line.
  for (const [field, value] of [
    ['role', request.role],
    ['cwd', request.cwd ?? ''],
  ] as const) {
    if (/[\x00-\x1f\x7f]/.test(value))
      throw new OrcError('usage.invalid', `invalid ${field} ${JSON.stringify(value)}: it contains control characters`);
  }
  const profile = kindProfile(request.kind);
  const command = request.command?.length ? [...request.command] : [...profile.defaultCommand];
  if (command.length === 0)
    throw new OrcError('usage.invalid', `kind "${request.kind}" needs a command: give it after --`);
  const session = request.into
    ? undefined
    : (await manager.snapshot()).sessions.find((s) => s.name === request.session);
  if (session?.windows.some((w) => w.meta.name === request.name || w.name === request.name)) {
    throw new OrcError(
      'agent.exists',
      `an agent or window named "${request.name}" exists already in session "${request.session}"`,
    );
  }
  // A conversation id of our own choosing, unless the arguments pick a conversation already; the saved command leaves
  // it out (a restart is a new conversation, or a resume of this one: the record keeps the id).
  const resuming = request.resumeId !== undefined && profile.resumeCommand !== undefined;
  const cliSessionId = resuming ? request.resumeId : freshConversationId(request.kind, command);
  const env: Record<string, string> = { ...profile.defaultEnv, ...request.env };
  const created = new Date().toISOString();
  // The agent's own worktree, made before its window: it runs there. git runs on the agent's host (over its SSH
  // connection for a remote one), where this machine's current directory means nothing: --cwd is needed there.
  const { remote } = manager.socket;
  if (request.worktree && remote && !request.cwd && !request.existingWorktree) {
    const why = `--worktree on ${remote.name} needs --cwd: a directory of a git repository on that host`;
    throw new OrcError('usage.invalid', why);
  }
  const made =
    request.worktree && !request.existingWorktree
      ? await addAgentWorktree(request.cwd ?? process.cwd(), request.session, request.name, {
          ...request.worktree,
          ...(remote ? { remote } : {}),
        })
      : undefined;
  const worktree = request.existingWorktree ?? made;
  const cwd = worktree?.path ?? request.cwd;
  // The hooks' arguments and environment, like the session id, are for this start only: the saved command and
  // environment stay as given, and a restart or a restore plans the hooks again (agent-hooks.ts).
  let hooked;
  try {
    // A remote agent's CLI could not run our hook script (it is a file on this machine): its state is read from its
    // screen, as with --no-hooks (docs/multi-host.md).
    const hookedAgent = {
      kind: request.kind,
      socket: manager.socket,
      session: request.session,
      name: request.name,
      ...(cwd ? { cwd } : {}),
      env,
    };
    hooked =
      request.hooks === false || manager.socket.remote
        ? { command, env: {}, events: [] }
        : withHooks(hookedAgent, command, cliSessionId ? { conversation: cliSessionId } : {});
  } catch (error) {
    if (made) await removeAgentWorktree(made, { force: true, ...(remote ? { remote } : {}) }).catch(() => undefined);
    throw error;
  }
  const launch = resuming
    ? profile.resumeCommand!(hooked.command, request.resumeId!)
    : cliSessionId
      ? [...hooked.command, profile.sessionIdFlag!, cliSessionId]
      : hooked.command;
  const startEnv = { ...env, ...hooked.env };
  const hasEnv = Object.keys(env).length > 0;
  const meta: Record<string, string> = {
    name: request.name,
    role: request.role,
    kind: request.kind,
    command: JSON.stringify(command),
    created,
    ...(cwd ? { cwd } : {}),
    ...(worktree ? { worktree: JSON.stringify(worktree) } : {}),
    ...(hasEnv ? { env: JSON.stringify(env) } : {}),
    ...(cliSessionId ? { 'session-id': cliSessionId } : {}),
    // What the CLI will report (agent-record.ts reads `off` back as hooks: false; merge-state.ts reads the list).
    ...(request.hooks === false
      ? { 'hook-reports': 'off' }
      : hooked.events.length
        ? { 'hook-reports': hooked.events.join(',') }
        : {}),
    // JSON keeps a multi-line briefing on one line (show-options prints one line per option).
    ...(request.briefing ? { briefing: JSON.stringify(request.briefing) } : {}),
  };
  // remain-on-exit and the metadata are set in the same tmux command list that creates the window: no other process
  // ever sees the window without them (and takes it for a plain window), and tmux cannot have noticed the program's
  // exit before remain-on-exit is on (it handles the exit only after the list). automatic-rename is off already:
  // tmux turns it off for a window created with a name.
  const windowOptions = {
    'remain-on-exit': 'on',
    ...Object.fromEntries(Object.entries(meta).map(([k, v]) => [`@tmux-orc-${k}`, v])),
  };
  // When the program exits, tmux itself wakes whoever waits on the hook channel (agent wait, the monitor): a crash is
  // seen at once, where polling or a subscription would see it up to a second later.
  const windowHooks = { 'pane-died': `wait-for -S ${HOOK_CHANNEL}` };
  const start = {
    name: request.name,
    command: launch,
    windowOptions,
    windowHooks,
    ...(cwd ? { cwd } : {}),
    ...(Object.keys(startEnv).length ? { env: startEnv } : {}),
  };
  let createdWindow: CreatedWindow;
  try {
    createdWindow = await openWindow(manager, request, session !== undefined, start);
  } catch (error) {
    // Nothing half-made: a worktree made for a window that could not be opened goes again.
    if (made) await removeAgentWorktree(made, { force: true, ...(remote ? { remote } : {}) }).catch(() => undefined);
    throw error;
  }
  // The record is what was just written; reading it back would cost a full snapshot per agent.
  const agent: AgentRecord = {
    target: `${request.session}:${request.name}`,
    name: request.name,
    role: request.role,
    kind: request.kind,
    session: request.session,
    windowIndex: createdWindow.windowIndex,
    windowId: createdWindow.windowId,
    paneId: createdWindow.paneId,
    command,
    created,
    ...(cwd ? { cwd } : {}),
    ...(hasEnv ? { env } : {}),
    ...(worktree ? { worktree } : {}),
    ...(request.briefing ? { briefing: request.briefing } : {}),
    ...(cliSessionId ? { cliSessionId } : {}),
    ...(request.hooks === false ? { hooks: false as const } : {}),
  };
  recordInFleet(manager, agent, {
    ...(request.secretEnv ? { secretEnv: request.secretEnv } : {}),
    ...(request.team ? { team: request.team } : {}),
  });
  return { agent, sessionId: createdWindow.sessionId };
}

/**
 * Creates the window: in the session given by id, in the existing session, or in a new session. A session that
 * exists although the snapshot did not show it (another process made it meanwhile, or tmux restarted) gets the
 * window instead of a `tmux.sessionExists` error, unless the caller asked for a new session.
 */
async function openWindow(
  manager: TMUXManager,
  request: SpawnRequest,
  exists: boolean,
  start: StartOptions,
): Promise<CreatedWindow> {
  if (request.into && 'sessionId' in request.into)
    return manager.newWindowIn(request.into.sessionId, start, request.session);
  if (exists) return manager.newWindow(request.session, start);
  try {
    return await manager.newSession(request.session, { ...start, width: 200, height: 50 });
  } catch (error) {
    if (request.into || !(error instanceof OrcError && error.code === 'tmux.sessionExists')) throw error;
    const fresh = (await manager.snapshot({ fresh: true })).sessions.find((s) => s.name === request.session);
    if (fresh?.windows.some((w) => w.meta.name === request.name || w.name === request.name)) {
      throw new OrcError(
        'agent.exists',
        `an agent or window named "${request.name}" exists already in session "${request.session}"`,
      );
    }
    return manager.newWindow(request.session, start);
  }
}

/** Waits for readiness and sends the briefing; shared by spawn and restart. */
export async function finishStart(
  manager: TMUXManager,
  agent: AgentRecord,
  wait: boolean,
  timeoutMs: number,
  briefing?: string,
  signal?: AbortSignal,
  more: { resumed?: boolean } = {},
): Promise<SpawnResult> {
  if (!wait) {
    const [state] = await readPaneStates(manager, [paneQuery(agent)]);
    return { agent, ready: state!.state === 'idle', state: state!.state };
  }
  const started = Date.now();
  let state = await awaitReady(manager, agent, timeoutMs, signal);
  if (more.resumed && kindProfile(agent.kind).redrawsOnResume)
    state = await awaitResumed(manager, agent, Math.max(0, timeoutMs - (Date.now() - started)), signal);
  const result: SpawnResult = { agent, ready: true, state: state.state };
  if (signal?.aborted) throw cancelled(agent);
  // A shell would run the briefing as commands (docs/agents.md): it stays in the metadata only.
  if (briefing && !kindProfile(agent.kind).runsInput) result.briefing = await deliverMessage(manager, agent, briefing);
  return result;
}

/** How long a resumed CLI that redraws ({@link KindProfile.redrawsOnResume}) may take to load its conversation. */
const RESUME_LOAD_MS = 5000;
/** Without hooks to say it has loaded, the wait after its first idle screen before it is looked at again. */
const RESUME_SETTLE_MS = 1000;

/**
 * A resumed CLI that draws its empty screen first, then clears it and draws the conversation (Gemini CLI 0.61: 0.2 s
 * after its first idle frame, and keys typed in between are lost) is ready once its SessionStart hook has run (it runs
 * once the conversation is loaded), or, without hooks, a second later; then idle again on two reads.
 */
async function awaitResumed(
  manager: TMUXManager,
  agent: AgentRecord,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<PaneState> {
  const [first] = await readPaneStates(manager, [paneQuery(agent)]);
  if (first!.hooks.reports?.includes('session')) {
    for (
      const end = Date.now() + Math.min(RESUME_LOAD_MS, timeoutMs);
      Date.now() < end && !signal?.aborted;
      await sleep(50, signal)
    ) {
      const [now] = await readPaneStates(manager, [paneQuery(agent)]);
      if (now!.hooks.events.session) break;
    }
  } else await sleep(RESUME_SETTLE_MS, signal);
  return awaitReady(manager, agent, Math.max(1000, timeoutMs - RESUME_LOAD_MS), signal);
}

/** How long a plain program (shell, custom) must keep running before it counts as started, not exited at once. */
export const PLAIN_SETTLE_MS = 300;
/** A plain program that draws nothing (`cat`, a server writing only to files) is ready after running this long. */
export const PLAIN_QUIET_READY_MS = 1000;

/**
 * Waits until the agent is ready: an AI CLI when its idle screen holds for two reads; a plain program (shell,
 * custom) when it has kept running for {@link PLAIN_SETTLE_MS} and drawn something, or kept running for
 * {@link PLAIN_QUIET_READY_MS}. A program that exits first fails with `agent.spawnFailed`, carrying its exit status
 * and last lines; one that runs but does not get ready in time with `agent.notReady`.
 */
async function awaitReady(
  manager: TMUXManager,
  agent: AgentRecord,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<PaneState> {
  const started = Date.now();
  const plain = kindProfile(agent.kind).plain === true;
  try {
    if (!plain) return await waitForState(manager, agent, { state: 'idle' }, { timeoutMs, signal });
    for (;;) {
      if (signal?.aborted) throw cancelled(agent);
      const [now] = await readPaneStates(manager, [paneQuery(agent)]);
      if (now!.facts.dead) throw exitedAtStart(agent, await settledDeath(manager, agent, now!));
      const ran = Date.now() - started;
      if ((ran >= PLAIN_SETTLE_MS && /\S/.test(now!.screen)) || ran >= PLAIN_QUIET_READY_MS) return now!;
      if (ran >= timeoutMs) throw new OrcError('agent.waitTimeout', 'not ready');
      await sleep(manager.coherent() ? 25 : 60, signal);
    }
  } catch (error) {
    if (signal?.aborted) throw cancelled(agent);
    if (!(error instanceof OrcError)) throw error;
    if (error.code === 'agent.waitTimeout') {
      throw new OrcError(
        'agent.notReady',
        `${agent.target} did not become ready within ${timeoutMs} ms; it is still running`,
        { hint: `check it with: tmux-orc agent status ${agent.target}` },
      );
    }
    if (error.code === 'agent.paneDead') {
      const [now] = await readPaneStates(manager, [paneQuery(agent)]).catch(() => [undefined]);
      throw now ? exitedAtStart(agent, await settledDeath(manager, agent, now)) : error;
    }
    throw error;
  }
}

/**
 * tmux marks a pane dead when its terminal closes and learns the exit status when it reaps the process, a moment
 * later; this waits (briefly) for the status, so the error can say it (nudging tmux 3.3 to reap it: reapChildren).
 */
async function settledDeath(manager: TMUXManager, agent: AgentRecord, state: PaneState): Promise<PaneState> {
  for (let i = 0; i < 10 && state.facts.dead && state.facts.deadStatus === undefined; i++) {
    if (i === 2) await manager.reapChildren();
    await sleep(20);
    [state] = (await readPaneStates(manager, [paneQuery(agent)])) as [PaneState];
  }
  return state;
}

/** A readiness wait its caller cancelled (an MCP client, a stopping server): the agent stays as it is. */
function cancelled(agent: AgentRecord): OrcError {
  return new OrcError('agent.waitTimeout', `the wait for ${agent.target} to be ready was cancelled`);
}

/** The error for a program that exited (or fell back to its shell) before it was ready, with what it printed. */
function exitedAtStart(agent: AgentRecord, state: PaneState): OrcError {
  const status = state.facts.deadStatus;
  const last = state.screen
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .slice(-8)
    .join('\n')
    .slice(-1200);
  const how = state.facts.dead
    ? `exited${status !== undefined ? ` with status ${status}` : ''}`
    : `exited to its shell (${state.reason})`;
  const program = agent.command[0] ?? '';
  const hint =
    status === 127
      ? `is "${program}" installed and on the PATH of the tmux server (tmux-orc passes its environment, not yours)?`
      : `see the full screen with: tmux-orc agent read ${agent.target}`;
  return new OrcError(
    'agent.spawnFailed',
    `${agent.target}: ${program} ${how} before it was ready${last ? `; its last lines:\n${last}` : ''}`,
    { hint },
  );
}
