import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { findAgent } from '../../../src/agents/find-agent.js';
import { killAgent, restartAgent } from '../../../src/agents/agent-lifecycle.js';
import { agentHookDir } from '../../../src/agents/hooks/agent-hooks.js';
import { spawnAgent } from '../../../src/agents/spawn-agent.js';
import { paneLaunch } from '../../helpers/pane-launch.js';
import { killAllPrivateTmux, privateTmux, type PrivateTmux } from '../../helpers/private-tmux.js';

// The hooks are planned at every start (agent-hooks.ts): the saved command never carries them, so a restart gets
// them again (files made again when they went away), never twice, and an agent spawned without them stays without.
// A `claude` on the PATH that only sleeps is enough: what is checked is what tmux started and what is on disk.
let bin: string;
let savedPath: string | undefined;
let tmux: PrivateTmux;

beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'orc-hook-restart-'));
  writeFileSync(join(bin, 'claude'), '#!/bin/sh\nexec sleep 600\n');
  chmodSync(join(bin, 'claude'), 0o755);
  savedPath = process.env.PATH;
  process.env.PATH = `${bin}${delimiter}${process.env.PATH}`;
  tmux = privateTmux('orc-hook-restart');
  // Jest gives the test a copy of process.env; child processes get the real one, so the server is given it.
  execFileSync('tmux', ['-L', tmux.socketName, 'new-session', '-d', '-s', 'keeper', 'sleep', '600'], {
    env: { ...process.env },
  });
});

afterAll(async () => {
  await killAllPrivateTmux();
  process.env.PATH = savedPath;
  rmSync(bin, { recursive: true, force: true });
});

const settingsOf = (pane: string) => paneLaunch(tmux, pane).argv.filter((a) => a === '--settings').length;

test('a restart plans the hooks again: made again when gone, never twice; a kill removes them', async () => {
  const manager = tmux.manager();
  const spawned = await spawnAgent(manager, {
    session: 'proj',
    name: 'dev',
    role: 'developer',
    kind: 'claude',
    wait: false,
  });
  const dir = agentHookDir({ socket: manager.socket, session: 'proj', name: 'dev' });
  expect(settingsOf(spawned.agent.paneId)).toBe(1);
  expect(existsSync(join(dir, 'claude-settings.json'))).toBe(true);
  expect((await findAgent(manager, 'proj:dev')).command).toEqual(['claude']);

  rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < 3; i++) {
    await restartAgent(manager, 'proj:dev', { wait: false });
    expect(settingsOf(spawned.agent.paneId)).toBe(1);
    expect(existsSync(join(dir, 'claude-settings.json'))).toBe(true);
  }
  expect((await findAgent(manager, 'proj:dev')).command).toEqual(['claude']);

  await killAgent(manager, 'proj:dev');
  expect(existsSync(dir)).toBe(false);
});

test('an agent spawned with hooks off is restarted without them', async () => {
  const manager = tmux.manager();
  const spawned = await spawnAgent(manager, {
    session: 'proj',
    name: 'plain',
    role: 'developer',
    kind: 'claude',
    hooks: false,
    wait: false,
  });
  expect(settingsOf(spawned.agent.paneId)).toBe(0);
  await restartAgent(manager, 'proj:plain', { wait: false });
  expect(settingsOf(spawned.agent.paneId)).toBe(0);
  expect(existsSync(agentHookDir({ socket: manager.socket, session: 'proj', name: 'plain' }))).toBe(false);
  expect((await findAgent(manager, 'proj:plain')).hooks).toBe(false);
});
