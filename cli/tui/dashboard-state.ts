import { matchesFilter, type FleetRow } from '../../src/fleet/fleet-view.js';
import type { Key } from './terminal-keys.js';

/** The actions the dashboards offer on an agent, each run by the `agent <action>` command. */
export type FleetAction = 'send' | 'approve' | 'deny' | 'restart' | 'kill';

/** What the dashboard is doing with the keyboard. */
export type Mode =
  | { kind: 'browse' }
  | { kind: 'filter'; before: string }
  | { kind: 'send'; target: string; draft: string }
  | { kind: 'confirm'; action: 'kill' | 'restart'; target: string }
  | { kind: 'help' };

/** The interactive dashboard's state besides the fleet itself. */
export interface DashboardState {
  /** The selected agent, by target: it stays selected when the rows move. */
  selected?: string;
  filter: string;
  mode: Mode;
  /** The last thing to tell the user (an action's outcome). */
  status?: { text: string; error: boolean };
}

/** What a key asks the program to do besides changing the state. */
export type Effect =
  | { kind: 'quit' }
  | { kind: 'go'; target: string }
  | { kind: 'action'; action: FleetAction; target: string; text?: string };

/** The rows the filter lets through, in order. */
export function visibleRows(rows: readonly FleetRow[], filter: string): FleetRow[] {
  return rows.filter((r) => matchesFilter(r, filter));
}

/** The selected row among the visible ones: the one selected before if it is still shown, else the first. */
export function selectedRow(rows: readonly FleetRow[], state: DashboardState): FleetRow | undefined {
  const shown = visibleRows(rows, state.filter);
  return shown.find((r) => r.target === state.selected) ?? shown[0];
}

/**
 * The dashboard's keys, as a pure step: the next state and what to do. j/k or arrows select, Enter goes to the agent,
 * s sends a line, a/d approve/deny, r/x restart/kill after a y, / filters (Esc clears), ? shows help, q or Ctrl-C
 * quits.
 */
export function handleKey(
  state: DashboardState,
  key: Key,
  rows: readonly FleetRow[],
  page = 10,
): { state: DashboardState; effect?: Effect } {
  const mode = state.mode;
  if (mode.kind === 'help') return { state: { ...state, mode: { kind: 'browse' } } };
  if (mode.kind === 'confirm') {
    if (key.name === 'char' && (key.ch === 'y' || key.ch === 'Y')) {
      return {
        state: { ...state, mode: { kind: 'browse' } },
        effect: { kind: 'action', action: mode.action, target: mode.target },
      };
    }
    return {
      state: { ...state, mode: { kind: 'browse' }, status: { text: `${mode.action} cancelled`, error: false } },
    };
  }
  if (mode.kind === 'filter') {
    if (key.name === 'enter') return { state: { ...state, mode: { kind: 'browse' } } };
    if (key.name === 'escape' || key.name === 'ctrl-c')
      return { state: { ...state, filter: mode.before, mode: { kind: 'browse' } } };
    return { state: { ...state, filter: edit(state.filter, key) } };
  }
  if (mode.kind === 'send') {
    if (key.name === 'escape' || key.name === 'ctrl-c')
      return { state: { ...state, mode: { kind: 'browse' }, status: { text: 'send cancelled', error: false } } };
    if (key.name === 'enter') {
      if (mode.draft.trim() === '') return { state: { ...state, mode: { kind: 'browse' } } };
      return {
        state: { ...state, mode: { kind: 'browse' } },
        effect: { kind: 'action', action: 'send', target: mode.target, text: mode.draft },
      };
    }
    return { state: { ...state, mode: { ...mode, draft: edit(mode.draft, key) } } };
  }
  const shown = visibleRows(rows, state.filter);
  const current = selectedRow(rows, state);
  const at = current ? shown.indexOf(current) : -1;
  const select = (i: number) => ({
    state: { ...state, selected: shown[Math.max(0, Math.min(shown.length - 1, i))]?.target ?? state.selected },
  });
  switch (key.name) {
    case 'down':
      return select(at + 1);
    case 'up':
      return select(at - 1);
    case 'pagedown':
      return select(at + page);
    case 'pageup':
      return select(at - page);
    case 'home':
      return select(0);
    case 'end':
      return select(shown.length - 1);
    case 'enter':
      return current ? { state, effect: { kind: 'go', target: current.target } } : { state };
    case 'escape':
      return { state: { ...state, filter: '', status: undefined } };
    case 'ctrl-c':
      return { state, effect: { kind: 'quit' } };
    case 'char':
      break;
    default:
      return { state };
  }
  const ch = key.ch;
  if (ch === 'j') return select(at + 1);
  if (ch === 'k') return select(at - 1);
  if (ch === 'g') return select(0);
  if (ch === 'G') return select(shown.length - 1);
  if (ch === 'q') return { state, effect: { kind: 'quit' } };
  if (ch === '?') return { state: { ...state, mode: { kind: 'help' } } };
  if (ch === '/') return { state: { ...state, mode: { kind: 'filter', before: state.filter } } };
  if (!current) return { state: { ...state, status: { text: 'no agent selected', error: true } } };
  const target = current.target;
  if (ch === 's') return { state: { ...state, selected: target, mode: { kind: 'send', target, draft: '' } } };
  if (ch === 'a')
    return { state: { ...state, selected: target }, effect: { kind: 'action', action: 'approve', target } };
  if (ch === 'd') return { state: { ...state, selected: target }, effect: { kind: 'action', action: 'deny', target } };
  if (ch === 'r')
    return { state: { ...state, selected: target, mode: { kind: 'confirm', action: 'restart', target } } };
  if (ch === 'x') return { state: { ...state, selected: target, mode: { kind: 'confirm', action: 'kill', target } } };
  return { state };
}

/** A line being typed: characters and pastes add, Backspace takes one back, Ctrl-U clears. */
function edit(text: string, key: Key): string {
  if (key.name === 'char') return text + key.ch;
  if (key.name === 'paste') return text + key.text;
  if (key.name === 'backspace') return [...text].slice(0, -1).join('');
  if (key.name === 'ctrl-u') return '';
  return text;
}
