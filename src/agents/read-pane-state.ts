import { OrcError } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import type { AgentKind, Detection, PaneFacts } from './agent-state.js';
import { detectState } from './detect/index.js';

const FACTS_FORMAT = ['#{pane_title}', '#{pane_current_command}', '#{pane_dead}', '#{pane_dead_status}', '#{window_activity}'].join('\x1f');

/** A pane's state as read now: the detection, the facts behind it, and the visible screen. */
export interface PaneState extends Detection {
  facts: PaneFacts;
  screen: string;
}

/** What to read for each pane. */
export interface PaneQuery {
  paneId: string;
  kind: AgentKind;
  /** The program's basename, to tell it from a shell it fell back to. */
  startCommand?: string;
}

/**
 * Reads facts and screens of many panes in one pipelined round trip (a display and a capture per pane), then
 * runs each kind's detector. Pane facts are always read fresh: tmux sends no notification when they change.
 */
export async function readPaneStates(manager: TMUXManager, queries: readonly PaneQuery[]): Promise<PaneState[]> {
  const outcomes = await manager.batch(queries.flatMap((q) => [
    ['display-message', '-p', '-t', q.paneId, FACTS_FORMAT],
    ['capture-pane', '-p', '-t', q.paneId],
  ]));
  const now = Date.now() / 1000;
  return queries.map((q, i) => {
    const facts = outcomes[2 * i]!;
    const capture = outcomes[2 * i + 1]!;
    if (!facts.ok) throw facts.error.code === 'tmux.paneNotFound' || facts.error.code === 'tmux.commandFailed'
      ? new OrcError('agent.notFound', `pane ${q.paneId} is gone`) : facts.error;
    const [title = '', currentCommand = '', dead = '', deadStatus = '', activity = '0'] = (facts.lines[0] ?? '').split('\x1f');
    const paneFacts: PaneFacts = {
      title, currentCommand, dead: dead === '1',
      ...(deadStatus ? { deadStatus: Number(deadStatus) } : {}),
      ...(q.startCommand ? { startCommand: q.startCommand } : {}),
      idleSeconds: Math.max(0, Math.round(now - Number(activity))),
    };
    const screen = capture.ok ? trimEnd(capture.lines).join('\n') : '';
    return { ...detectState(q.kind, screen, paneFacts), facts: paneFacts, screen };
  });
}

function trimEnd(lines: string[]): string[] {
  const out = [...lines];
  while (out.length > 0 && out[out.length - 1]!.trim() === '') out.pop();
  return out;
}
