import type { FleetRow, FleetView } from '../../src/fleet/fleet-view.js';

/** A fleet row with defaults, for tests of the views. */
export function row(target: string, state: FleetRow['state'], fields: Partial<FleetRow> = {}): FleetRow {
  const [session = '', name = ''] = target.split(':');
  return {
    target,
    session,
    name,
    role: 'developer',
    kind: 'claude',
    paneId: '%1',
    state,
    source: 'screen',
    reason: '',
    sinceMs: 0,
    lastLine: '',
    screenSeq: 1,
    ...fields,
  };
}

/** A fleet view of these rows. */
export function fleet(rows: FleetRow[]): FleetView {
  return { takenAt: 0, serverRunning: true, rows, monitor: { running: false } };
}
