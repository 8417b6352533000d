import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TMUXManager } from '../../../src/manager/tmux-manager.js';
import { startSshLab, type SshLab } from '../../helpers/ssh-lab.js';

// The core over ssh: one persistent control connection per host, commands pipelined on it, the same answers as a
// local server's, and the login's rc file read once for the connection, not per command.
let lab: SshLab;

beforeAll(async () => {
  lab = await startSshLab(['alpha'], { prefix: 'orc-h15-control' });
  lab.hosts.alpha!.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '600');
}, 30_000);

afterAll(async () => {
  await lab?.close();
});

test('a control connection over ssh: snapshot, pipelined commands, one login for all of them', async () => {
  const manager: TMUXManager = lab.manager('alpha', { transport: 'control' });
  const snap = await manager.snapshot({ fresh: true });
  expect(snap.serverRunning).toBe(true);
  expect(snap.sessions.map((s) => s.name)).toEqual(['keeper']);
  const outcomes = await manager.batch(Array.from({ length: 50 }, (_, i) => ['display-message', '-p', `n${i}`]));
  expect(outcomes.map((o) => (o.ok ? o.lines[0] : o.error.code))).toEqual(
    Array.from({ length: 50 }, (_, i) => `n${i}`),
  );
  expect(manager.coherent()).toBe(true);
  // One ssh login read the rc file once, whatever the number of commands.
  const reads = readFileSync(join(lab.dir, 'home-alpha', 'rc-reads'), 'utf8')
    .trim()
    .split('\n');
  expect(reads).toHaveLength(1);
});

test('UTF-8 over a login without a locale: the snapshot separators and non-ASCII names come back whole', async () => {
  const manager = lab.manager('alpha', { transport: 'control' });
  await manager.newSession('é文-ü', { command: ['sleep', '600'] });
  const snap = await manager.snapshot({ fresh: true });
  expect(snap.sessions.map((s) => s.name)).toContain('é文-ü');
  await manager.killSession('é文-ü');
});
