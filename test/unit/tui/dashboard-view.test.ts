import { handleKey, type DashboardState } from '../../../cli/tui/dashboard-state.js';
import { renderDashboard, type FrameOptions } from '../../../cli/tui/render-dashboard.js';
import type { Key } from '../../../cli/tui/terminal-keys.js';
import { displayWidth } from '../../../cli/tui/terminal-text.js';
import { sortRows } from '../../../src/fleet/fleet-view.js';
import { fleet, row } from '../../helpers/fleet-rows.js';

const rows = sortRows([
  row('shop:dev1', 'idle'),
  row('shop:qa', 'waiting', { lastLine: 'Do you want to proceed?' }),
  row('ops:dev2', 'busy'),
]);
const start: DashboardState = { filter: '', mode: { kind: 'browse' } };
const ch = (c: string): Key => ({ name: 'char', ch: c });

/** Presses keys in order from a state; returns the last state and every effect. */
function press(keys: Key[], state = start) {
  const effects = [];
  for (const key of keys) {
    const step = handleKey(state, key, rows);
    state = step.state;
    if (step.effect) effects.push(step.effect);
  }
  return { state, effects };
}

test('j/k and the arrows move the selection, which stays on its agent', () => {
  expect(press([ch('j')]).state.selected).toBe('ops:dev2');
  expect(press([ch('j'), ch('j'), ch('j'), { name: 'down' }]).state.selected).toBe('shop:dev1');
  expect(press([ch('j'), ch('k'), { name: 'up' }]).state.selected).toBe('shop:qa');
  expect(press([ch('G')]).state.selected).toBe('shop:dev1');
});

test('x asks first: y kills, any other key cancels; r the same for restart', () => {
  expect(press([ch('x'), ch('n')]).effects).toEqual([]);
  expect(press([ch('x'), ch('n')]).state.status?.text).toBe('kill cancelled');
  expect(press([ch('j'), ch('x'), ch('y')]).effects).toEqual([{ kind: 'action', action: 'kill', target: 'ops:dev2' }]);
  expect(press([ch('r'), ch('Y')]).effects).toEqual([{ kind: 'action', action: 'restart', target: 'shop:qa' }]);
});

test('s types a line (pastes too) and Enter sends it; Esc cancels; a and d answer at once', () => {
  const sent = press([
    ch('s'),
    ch('h'),
    ch('i'),
    { name: 'paste', text: ' there;#{pid}' },
    { name: 'backspace' },
    { name: 'enter' },
  ]);
  expect(sent.effects).toEqual([{ kind: 'action', action: 'send', target: 'shop:qa', text: 'hi there;#{pid' }]);
  expect(press([ch('s'), ch('q'), { name: 'escape' }]).effects).toEqual([]);
  // q typed into a message is text, not quit.
  expect(press([ch('s'), ch('q'), { name: 'enter' }]).effects).toEqual([
    { kind: 'action', action: 'send', target: 'shop:qa', text: 'q' },
  ]);
  expect(press([ch('a'), ch('j'), ch('d')]).effects).toEqual([
    { kind: 'action', action: 'approve', target: 'shop:qa' },
    { kind: 'action', action: 'deny', target: 'ops:dev2' },
  ]);
});

test('/ filters as it is typed; Enter keeps it, Esc in the filter restores the last, Esc after clears it', () => {
  const typed = press([ch('/'), ch('s'), ch('h'), ch('o'), ch('p')]);
  expect(typed.state.filter).toBe('shop');
  expect(press([ch('j')], typed.state).state.filter).toBe('shopj');
  const kept = press([{ name: 'enter' }, ch('j'), ch('j')], typed.state);
  expect(kept.state).toMatchObject({ filter: 'shop', selected: 'shop:dev1', mode: { kind: 'browse' } });
  expect(press([{ name: 'escape' }], kept.state).state.filter).toBe('');
  expect(press([ch('/'), ch('x'), { name: 'escape' }], kept.state).state.filter).toBe('shop');
});

test('q and Ctrl-C quit; Enter goes to the selected agent; ? shows help until any key', () => {
  expect(press([ch('q')]).effects).toEqual([{ kind: 'quit' }]);
  expect(press([{ name: 'ctrl-c' }]).effects).toEqual([{ kind: 'quit' }]);
  expect(press([{ name: 'enter' }]).effects).toEqual([{ kind: 'go', target: 'shop:qa' }]);
  expect(press([ch('?'), ch('q')]).effects).toEqual([]);
});

const frame: FrameOptions = { width: 80, height: 24, color: false, now: 60_000, server: '-L test', pending: [] };

test('a frame fills an 80x24 terminal exactly, no line reaching the last column, selection marked with >', () => {
  const lines = renderDashboard(fleet(rows), start, frame);
  expect(lines).toHaveLength(24);
  for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(79);
  expect(lines[1]).toMatch(/^ {2}SESSION +AGENT +ROLE +KIND +STATE +SRC +FOR +LAST LINE/);
  expect(lines[2]).toMatch(/^> shop +qa +developer +claude +waiting +screen +1m +Do you want to/);
  expect(lines.join('\n')).not.toMatch(/\x1b/);
});

test('hostile agent text is drawn as text: no escape or control character reaches the terminal', () => {
  const evil = row('x#(touch y);#{pid}:dev', 'waiting', {
    role: '\x1b[2J\x1b]2;t\x07',
    lastLine: 'a\x1b[31mb\rc\x9b\n</script>',
  });
  const lines = renderDashboard(fleet([evil]), start, { ...frame, color: true });
  const text = lines.join('\n').replace(/\x1b\[[0-9;]*m/g, '');
  expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/);
  expect(text).toContain('x#(touch y);#{pid}');
  expect(text).toContain('␛[2J');
});

test('narrow, short and wide terminals: every line fits; a host column only when a row has a host', () => {
  for (const [width, height] of [
    [40, 8],
    [80, 24],
    [200, 60],
  ] as const) {
    const lines = renderDashboard(fleet(rows), start, { ...frame, width, height });
    expect(lines).toHaveLength(height);
    for (const line of lines) expect(displayWidth(line)).toBeLessThan(width);
  }
  expect(renderDashboard(fleet(rows), start, frame)[1]).not.toContain('HOST');
  const hosted = renderDashboard(fleet([row('a:b', 'idle', { host: 'box2' })]), start, frame);
  expect(hosted[1]).toMatch(/^ {2}HOST +SESSION/);
  expect(hosted[2]).toMatch(/^> box2 +a +b/);
});
