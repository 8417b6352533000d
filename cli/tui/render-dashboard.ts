import { countStates, type FleetRow, type FleetView } from '../../src/fleet/fleet-view.js';
import { selectedRow, visibleRows, type DashboardState } from './dashboard-state.js';
import { displayWidth, fitText, printable } from './terminal-text.js';

/** What a frame is drawn for. */
export interface FrameOptions {
  width: number;
  height: number;
  /** SGR colours and reverse video for the selection; off, the selection is the `>` in the first column. */
  color: boolean;
  now: number;
  /** The tmux server, as people name it (`default`, `-L work`). */
  server: string;
  /** Actions still running, as lines such as `restarting proj:dev…`. */
  pending: readonly string[];
}

interface Column {
  title: string;
  cell(row: FleetRow, now: number): string;
  /** The widest it gets, and the narrowest it may be squeezed to (0: it may go). */
  max: number;
  min: number;
  /** Always `max` wide (until squeezed), so the layout does not move when the states do. */
  fixed?: boolean;
}

const COLUMNS: readonly Column[] = [
  { title: 'SESSION', cell: (r) => r.session, max: 16, min: 4 },
  { title: 'AGENT', cell: (r) => r.name, max: 16, min: 5 },
  { title: 'ROLE', cell: (r) => r.role || '-', max: 12, min: 0 },
  { title: 'KIND', cell: (r) => r.kind, max: 6, min: 0, fixed: true },
  { title: 'STATE', cell: (r) => r.state, max: 12, min: 7, fixed: true },
  { title: 'SRC', cell: (r) => r.source, max: 6, min: 0, fixed: true },
  { title: 'FOR', cell: (r, now) => duration(now - r.sinceMs), max: 4, min: 3, fixed: true },
];
const HOST: Column = { title: 'HOST', cell: (r) => r.host ?? '', max: 14, min: 0 };
/** The last column, the screen's last line, gets what is left but at least this much before others are squeezed. */
const LAST_MIN = 16;

const HELP = [
  'Keys',
  '  j k ↓ ↑     select the next, previous agent (g G: first, last; PgUp PgDn)',
  '  Enter       go to it: switch this tmux client, or attach outside tmux',
  '  s           send it a line (Enter sends, Esc cancels), delivered once',
  '  a d         approve, deny the permission prompt it waits on',
  '  r x         restart, kill it (after a y)',
  '  /           filter: agents whose target, role, kind, state, last line',
  '              hold every word typed; Esc clears the filter',
  '  q Ctrl-C    quit',
  '',
  'Waiting, rate-limited and crashed agents come first. SRC: where the state',
  "comes from (the CLI's hook, its screen, or the pane). FOR: how long in it.",
  '',
  'Any key goes back.',
];

/**
 * Draws one frame of the interactive dashboard: exactly `height` lines, each at most `width - 1` columns (the last
 * column stays empty, so no terminal wraps). Agent text is made printable first: nothing a pane holds can reach the
 * terminal as a control sequence.
 */
export function renderDashboard(view: FleetView, state: DashboardState, o: FrameOptions): string[] {
  const width = Math.max(20, o.width) - 1;
  const height = Math.max(6, o.height);
  const sgr = (code: string, text: string) => (o.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const shown = visibleRows(view.rows, state.filter);
  const selected = selectedRow(view.rows, state);
  const lines: string[] = [sgr('1', fitText(title(view, shown.length, state.filter, o), width))];
  const body = height - 4;
  if (state.mode.kind === 'help') {
    lines.push('', ...HELP.slice(0, body).map((l) => fitText(l, width)));
  } else {
    const columns = [...(view.hosts || view.rows.some((r) => r.host) ? [HOST] : []), ...COLUMNS];
    const widths = columnWidths(columns, shown, width, o.now);
    const last = width - 2 - widths.reduce((sum, w) => sum + (w > 0 ? w + 1 : 0), 0);
    const cells = (values: readonly string[], lastText: string) =>
      values.map((v, i) => (widths[i]! > 0 ? `${fitText(printable(v), widths[i]!, true)} ` : '')).join('') +
      fitText(printable(lastText), Math.max(0, last));
    lines.push(
      sgr(
        '2',
        `  ${cells(
          columns.map((c) => c.title),
          'LAST LINE',
        )}`,
      ),
    );
    if (shown.length === 0) {
      const empty = !view.serverRunning
        ? 'no tmux server on this socket'
        : view.rows.length
          ? `no agent matches "${state.filter}"`
          : 'no agents';
      lines.push(`  ${fitText(printable(empty), width - 2)}`);
    }
    const at = selected ? shown.indexOf(selected) : 0;
    const first = Math.max(0, Math.min(at - Math.floor(body / 2), shown.length - body));
    for (const row of shown.slice(first, first + body)) {
      const text = cells(
        columns.map((c) => c.cell(row, o.now)),
        row.lastLine,
      );
      const stateAt = columns.indexOf(COLUMNS[4]!);
      const coloured = o.color ? colourState(text, widths, stateAt, row.state) : text;
      lines.push(row === selected ? (o.color ? `\x1b[7m> ${text}\x1b[0m` : `> ${text}`) : `  ${coloured}`);
    }
  }
  while (lines.length < height - 2) lines.push('');
  lines.length = height - 2;
  lines.push(fitText(statusLine(state, selected, o.pending), width), sgr('2', fitText(hints(state, width), width)));
  return lines;
}

function title(view: FleetView, shown: number, filter: string, o: FrameOptions): string {
  const clock = new Date(o.now).toTimeString().slice(0, 8);
  const counts = Object.entries(countStates(view.rows))
    .map(([s, n]) => `${n} ${s}`)
    .join(', ');
  const agents = `${view.rows.length} agent${view.rows.length === 1 ? '' : 's'}${counts ? `: ${counts}` : ''}`;
  const filtered = filter ? ` · ${shown} shown` : '';
  const monitor = view.monitor.running ? ' · monitor running' : '';
  const error = view.error ? ` · tmux: ${view.error.message}` : '';
  const down = (view.hosts ?? [])
    .filter((h) => h.error)
    .map((h) => ` · ${h.host}: ${h.error!.code}`)
    .join('');
  return printable(`tmux-orc ${clock}  ${o.server}  ${agents}${filtered}${monitor}${error}${down}`);
}

function statusLine(state: DashboardState, selected: FleetRow | undefined, pending: readonly string[]): string {
  const mode = state.mode;
  if (mode.kind === 'send') return printable(`send to ${mode.target}: ${mode.draft}`) + '▏';
  if (mode.kind === 'filter') return printable(`/${state.filter}`) + '▏';
  if (mode.kind === 'confirm') return printable(`${mode.action} ${mode.target}? y/N`);
  if (pending.length) return printable(pending.join(' · '));
  if (state.status) return printable(state.status.text);
  if (state.filter) return printable(`filter: ${state.filter} (Esc clears)`);
  return selected ? printable(`${selected.target}: ${selected.reason}`) : '';
}

function hints(state: DashboardState, width: number): string {
  if (state.mode.kind === 'send') return 'Enter send · Esc cancel · Ctrl-U clear';
  if (state.mode.kind === 'filter') return 'type words · Enter keep · Esc cancel';
  if (state.mode.kind === 'confirm') return 'y confirm · any other key cancels';
  const long = 'j/k move · Enter go · s send · a/d approve/deny · r restart · x kill · / filter · ? help · q quit';
  return displayWidth(long) <= width
    ? long
    : 'j/k:move ⏎:go s:send a:approve d:deny r:restart x:kill /:filter ?:help q:quit';
}

/** Each column's width: its widest cell up to its max, then squeezed (widest first) until the last column has room. */
function columnWidths(columns: readonly Column[], rows: readonly FleetRow[], width: number, now: number): number[] {
  const widths = columns.map((c) =>
    c.fixed
      ? c.max
      : Math.min(c.max, Math.max(displayWidth(c.title), ...rows.map((r) => displayWidth(printable(c.cell(r, now)))))),
  );
  const room = () => width - 2 - widths.reduce((sum, w) => sum + (w > 0 ? w + 1 : 0), 0);
  while (room() < LAST_MIN) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > columns[i]!.min && (widest < 0 || w > widths[widest]!)) widest = i;
    });
    if (widest < 0) break;
    // A column squeezed below its title's width goes entirely, if it may.
    widths[widest] =
      widths[widest]! - 1 < Math.min(3, displayWidth(columns[widest]!.title)) && columns[widest]!.min === 0
        ? 0
        : widths[widest]! - 1;
  }
  return widths;
}

/** Colours the state cell of a row (the widths say where it is). */
function colourState(text: string, widths: readonly number[], at: number, state: string): string {
  const code =
    state === 'idle'
      ? '32'
      : state === 'waiting' || state === 'rate_limited'
        ? '33'
        : state === 'crashed' || state === 'unknown'
          ? '31'
          : '';
  if (!code || widths[at]! === 0) return text;
  const before = widths.slice(0, at).reduce((sum, w) => sum + (w > 0 ? w + 1 : 0), 0);
  const chars = [...text];
  // The columns before the state hold printable text fitted to their widths, so columns map to characters unless a
  // wide character came first; then the line stays plain.
  if (displayWidth(chars.slice(0, before).join('')) !== before) return text;
  const cell = chars.slice(before, before + widths[at]!).join('');
  return `${chars.slice(0, before).join('')}\x1b[${code}m${cell}\x1b[0m${chars.slice(before + widths[at]!).join('')}`;
}

/** A short duration: 42s, 5m, 3h, 2d. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}
