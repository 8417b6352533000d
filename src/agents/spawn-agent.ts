import { OrcError } from '../errors.js';
import type { CreatedWindow, TMUXManager } from '../manager/tmux-manager.js';
import { validateSessionName } from '../manager/tmux-manager.js';
import type { AgentRecord } from './agent-record.js';
import type { AgentKind } from './agent-state.js';
import { deliverMessage, type DeliveryReport } from './deliver-message.js';
import { kindProfile } from './kind-profiles.js';
import { waitForState } from './wait-for-state.js';
import { readPaneStates } from './read-pane-state.js';
import { paneQuery } from './agent-status.js';

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
    throw new OrcError('usage.invalid', `invalid agent name ${JSON.stringify(name)}: use letters, digits, "_" and "-" (up to 64)`);
  }
}

/**
 * Starts an agent program in its own window (creating the session if needed) from an argument array, records its
 * metadata in window options, keeps a crashed pane visible (remain-on-exit), waits until it is ready and delivers
 * the briefing.
 */
export async function spawnAgent(manager: TMUXManager, request: SpawnRequest): Promise<SpawnResult> {
  const { agent, configured } = await createAgentWindow(manager, request);
  await configured;
  return finishStart(manager, agent, request.wait !== false, request.readyTimeoutMs ?? kindProfile(request.kind).readyTimeoutMs, request.briefing);
}

/** A window made by createAgentWindow. */
export interface CreatedAgentWindow {
  agent: AgentRecord;
  /** The id of the session the window is in (team deploy places the next windows by it). */
  sessionId: string;
  /**
   * Settles once the window's options (remain-on-exit, metadata) are set; rejects if tmux refused one. They are sent
   * right after the window is created, before anything else on the connection; team deploy creates the next window
   * meanwhile and awaits them all at the end.
   */
  configured: Promise<void>;
}

/** The first half of a spawn: the window, its program and its metadata, without waiting or reading its state. */
export async function createAgentWindow(manager: TMUXManager, request: SpawnRequest): Promise<CreatedAgentWindow> {
  validateSessionName(request.session);
  validateAgentName(request.name);
  // Metadata is read back one line per pane, so free-text fields must stay on one line.
  for (const [field, value] of [['role', request.role], ['cwd', request.cwd ?? '']] as const) {
    if (/[\x00-\x1f\x7f]/.test(value)) throw new OrcError('usage.invalid', `invalid ${field} ${JSON.stringify(value)}: it contains control characters`);
  }
  const profile = kindProfile(request.kind);
  const command = request.command?.length ? [...request.command] : [...profile.defaultCommand];
  if (command.length === 0) throw new OrcError('usage.invalid', `kind "${request.kind}" needs a command: give it after --`);
  const session = request.into ? undefined : (await manager.snapshot()).sessions.find((s) => s.name === request.session);
  if (session?.windows.some((w) => w.meta.name === request.name || w.name === request.name)) {
    throw new OrcError('agent.exists', `an agent or window named "${request.name}" exists already in session "${request.session}"`);
  }
  const env: Record<string, string> = { ...profile.defaultEnv, ...request.env };
  const hasEnv = Object.keys(env).length > 0;
  const start = { name: request.name, command, ...(request.cwd ? { cwd: request.cwd } : {}), ...(hasEnv ? { env } : {}) };
  const created: CreatedWindow = request.into && 'sessionId' in request.into ? await manager.newWindowIn(request.into.sessionId, start, request.session)
    : session ? await manager.newWindow(request.session, start)
    : await manager.newSession(request.session, { ...start, width: 200, height: 50 });
  const meta: Record<string, string> = {
    name: request.name, role: request.role, kind: request.kind, command: JSON.stringify(command),
    created: new Date().toISOString(), ...(request.cwd ? { cwd: request.cwd } : {}),
    ...(hasEnv ? { env: JSON.stringify(env) } : {}),
    // JSON keeps a multi-line briefing on one line: the snapshot reads all options as one line per pane.
    ...(request.briefing ? { briefing: JSON.stringify(request.briefing) } : {}),
  };
  // All in one pipelined round trip right after creation, before the program can have exited. (automatic-rename is
  // off already: tmux turns it off for a window created with a name.)
  const configured = manager.batch([
    ['set-option', '-w', '-t', created.windowId, 'remain-on-exit', 'on'],
    ...Object.entries(meta).map(([k, v]) => ['set-option', '-w', '-t', created.windowId, `@tmux-orc-${k}`, v]),
  ]).then((outcomes) => {
    const failed = outcomes.find((o) => !o.ok);
    if (failed && !failed.ok) throw failed.error;
  });
  // Awaited by the caller; until then a failure must not surface as an unhandled rejection.
  configured.catch(() => undefined);
  // The record is what was just written; reading it back would cost a full snapshot per agent.
  const agent: AgentRecord = {
    target: `${request.session}:${request.name}`, name: request.name, role: request.role, kind: request.kind, session: request.session,
    windowIndex: created.windowIndex, windowId: created.windowId, paneId: created.paneId, command, created: meta.created!,
    ...(request.cwd ? { cwd: request.cwd } : {}), ...(hasEnv ? { env } : {}),
    ...(request.briefing ? { briefing: request.briefing } : {}),
  };
  return { agent, sessionId: created.sessionId, configured };
}

/** Waits for readiness and sends the briefing; shared by spawn and restart. */
export async function finishStart(manager: TMUXManager, agent: AgentRecord, wait: boolean, timeoutMs: number, briefing?: string): Promise<SpawnResult> {
  if (!wait) {
    const [state] = await readPaneStates(manager, [paneQuery(agent)]);
    return { agent, ready: state!.state === 'idle', state: state!.state };
  }
  const plain = agent.kind === 'shell' || agent.kind === 'custom';
  try {
    const state = await waitForState(manager, agent, plain ? { text: /\S/ } : { state: 'idle' }, { timeoutMs });
    const result: SpawnResult = { agent, ready: true, state: state.state };
    if (briefing) result.briefing = await deliverMessage(manager, agent, briefing);
    return result;
  } catch (error) {
    if (error instanceof OrcError && error.code === 'agent.waitTimeout') {
      throw new OrcError('agent.notReady', `${agent.target} did not become ready within ${timeoutMs} ms; it is still running`, { hint: `check it with: tmux-orc agent status ${agent.target}` });
    }
    throw error;
  }
}
