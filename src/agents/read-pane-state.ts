import { OrcError } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import { capturePane, displayFormat, listAllPanes, listSessionPanes } from '../tmux/tmux-commands.js';
import type { CommandOutcome } from '../tmux/transport.js';
import type { AgentKind, PaneFacts } from './agent-state.js';
import { HOOK_FORMATS, parseHookFacts, type HookFacts } from './hook-events.js';
import { mergeState, type SourcedDetection } from './merge-state.js';
import { detectState } from './detect/index.js';

// The pane id leads: a listing is keyed by it, and a display of a pane that is gone prints an empty line, no error.
// The title comes last: the one field tmux does not escape a separator in (an OSC title may hold anything).
const FACTS_FORMAT = [
  '#{pane_id}',
  '#{pane_current_command}',
  '#{pane_dead}',
  '#{pane_dead_status}',
  '#{window_activity}',
  ...HOOK_FORMATS,
  '#{pane_title}',
].join('\x1f');

/** A pane's state as read now: the detection (from its best source), the facts behind it, and the visible screen. */
export interface PaneState extends SourcedDetection {
  facts: PaneFacts;
  screen: string;
  /** What the agent's own hooks last reported (none for an agent without hooks). */
  hooks: HookFacts;
}

/** What to read for each pane. */
export interface PaneQuery {
  paneId: string;
  kind: AgentKind;
  /** The program's basename, to tell it from a shell it fell back to. */
  startCommand?: string;
  /** The pane's session and window, when known: panes of one session then share one `list-panes` for their facts. */
  session?: string;
  windowId?: string;
}

/**
 * The fact reads of one round trip: a `list-panes -s` per session holding several of the panes, a display for the rest.
 */
interface FactsPlan {
  commands: string[][];
  /** For each query, the command (index) whose output holds its facts, and whether it is a listing. */
  sources: { command: number; listed: boolean }[];
}

/**
 * Plans the fact reads. A command costs tmux ~30 µs whatever it does, and a pane's facts ~40 µs more: one
 * `list-panes -s` per session replaces a display per pane when a session holds two or more of the panes (the team
 * status, the monitor's sweeps, a batch of statuses). A lone pane keeps its display, which reads nothing else.
 */
function planFactReads(queries: readonly PaneQuery[]): FactsPlan {
  const bySession = new Map<string, number>();
  for (const q of queries)
    if (q.session !== undefined && q.windowId) bySession.set(q.session, (bySession.get(q.session) ?? 0) + 1);
  const commands: string[][] = [];
  const listing = new Map<string, number>();
  const sources = queries.map((q) => {
    if (q.session !== undefined && q.windowId && bySession.get(q.session)! > 1) {
      let command = listing.get(q.session);
      if (command === undefined) {
        // A window id as the target names the session holding that window, whatever the session's name.
        command = commands.push(listSessionPanes(q.windowId, FACTS_FORMAT)) - 1;
        listing.set(q.session, command);
      }
      return { command, listed: true };
    }
    return { command: commands.push(displayFormat(q.paneId, FACTS_FORMAT)) - 1, listed: false };
  });
  return { commands, sources };
}

const GONE = new Set(['tmux.paneNotFound', 'tmux.commandFailed']);

/** The facts line of each query from the outcomes; undefined when its pane was not found there. */
function factLines(
  queries: readonly PaneQuery[],
  plan: FactsPlan,
  outcomes: readonly CommandOutcome[],
): (string | undefined)[] {
  const listed = new Map<number, Map<string, string>>();
  return queries.map((q, i) => {
    const { command, listed: isListing } = plan.sources[i]!;
    const outcome = outcomes[command]!;
    if (!outcome.ok) {
      // The pane is gone, or (a listing) the window that named its session is: the listed panes are read again alone.
      if (GONE.has(outcome.error.code) || (isListing && outcome.error.code === 'tmux.windowNotFound')) return undefined;
      throw outcome.error;
    }
    let byPane = listed.get(command);
    if (!byPane) {
      byPane = factsByPane(outcome.lines);
      listed.set(command, byPane);
    }
    return byPane.get(q.paneId);
  });
}

/**
 * Reads facts and screens of many panes in one pipelined round trip (the facts, see {@link planFactReads}, and a
 * capture per pane), then runs each kind's detector. Pane facts are always read fresh: tmux sends no notification
 * when they change. A pane its session's listing did not hold (moved to another session meanwhile) is read again
 * on its own before it is called gone.
 */
export async function readPaneStates(manager: TMUXManager, queries: readonly PaneQuery[]): Promise<PaneState[]> {
  const plan = planFactReads(queries);
  const outcomes = await manager.batch([...plan.commands, ...queries.map((q) => capturePane(q.paneId))]);
  const lines = factLines(queries, plan, outcomes);
  const retry = queries.flatMap((q, i) => (lines[i] === undefined && plan.sources[i]!.listed ? [i] : []));
  if (retry.length > 0) {
    const again = await manager.batch(retry.map((i) => displayFormat(queries[i]!.paneId, FACTS_FORMAT)));
    retry.forEach((i, k) => {
      const outcome = again[k]!;
      if (outcome.ok) lines[i] = factsByPane(outcome.lines).get(queries[i]!.paneId);
    });
  }
  const nowMs = Date.now();
  const captures = plan.commands.length;
  return queries.map((q, i) => {
    const line = lines[i];
    if (line === undefined) throw new OrcError('agent.notFound', `pane ${q.paneId} is gone`);
    return paneStateOf(q, line, outcomes[captures + i]!, nowMs);
  });
}

/** The command that reads the facts of every pane of the server, one line each (see {@link factsByPane}). */
export function listAllFacts(): string[] {
  return listAllPanes(FACTS_FORMAT);
}

/** Facts lines (of {@link listAllFacts} or a listing or display of ours) keyed by their leading pane id. */
export function factsByPane(lines: readonly string[]): Map<string, string> {
  return new Map(
    lines.map((line) => {
      const cut = line.indexOf('\x1f');
      return [line.slice(0, cut), line.slice(cut + 1)] as const;
    }),
  );
}

/** A pane's state from its facts line (without the pane id) and the outcome of its capture. */
export function paneStateOf(q: PaneQuery, line: string, capture: CommandOutcome, nowMs: number): PaneState {
  const fields = line.split('\x1f');
  const [currentCommand = '', dead = '', deadStatus = '', activity = '0'] = fields;
  const hooks = parseHookFacts(fields.slice(4, 4 + HOOK_FORMATS.length));
  const title = fields.slice(4 + HOOK_FORMATS.length).join('\x1f');
  const paneFacts: PaneFacts = {
    title,
    currentCommand,
    dead: dead === '1',
    ...(deadStatus ? { deadStatus: Number(deadStatus) } : {}),
    ...(q.startCommand ? { startCommand: q.startCommand } : {}),
    idleSeconds: Math.max(0, Math.round(nowMs / 1000 - Number(activity))),
  };
  const screen = capture.ok ? trimEnd(capture.lines).join('\n') : '';
  return {
    ...mergeState(detectState(q.kind, screen, paneFacts), hooks, paneFacts, nowMs),
    facts: paneFacts,
    screen,
    hooks,
  };
}

function trimEnd(lines: string[]): string[] {
  const out = [...lines];
  while (out.length > 0 && out[out.length - 1]!.trim() === '') out.pop();
  return out;
}
