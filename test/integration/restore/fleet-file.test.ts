import { lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fleetDir, readFleet } from '../../../src/restore/fleet-store.js';
import { runCli } from '../../helpers/built-cli.js';
import { testServers } from '../../helpers/test-servers.js';

// The fleet file on disk: a private folder per tmux server, one 0600 file per agent, replaced atomically (a fresh
// temp file renamed over it) on every spawn, restart and kill; secret environment values never written.
const servers = testServers('orc-w16-fleet');

const modeOf = (path: string) => lstatSync(path).mode & 0o777;

test('0700 folder, 0600 files, no temp files left, secret values never on disk; restart rewrites, kill forgets', async () => {
  const tmux = servers.server();
  const socket = { socketName: tmux.socketName };
  const cli = (...args: string[]) => runCli<any>(tmux.socketName, args);
  const spawned = await cli(
    'agent',
    'spawn',
    'shop',
    '--name',
    'dev',
    '--kind',
    'custom',
    '--no-wait',
    '--env',
    'PLAIN=visible',
    '--env',
    'GITHUB_TOKEN=tok-by-name',
    '--env',
    'MY_VAR=hush-marked',
    '--env-secret',
    'MY_VAR',
    '--',
    'sleep',
    '600',
  );
  expect(spawned.envelope).toMatchObject({ ok: true });
  const dir = fleetDir(socket);
  expect(modeOf(dir)).toBe(0o700);
  const files = () => readdirSync(dir);
  expect(files()).toHaveLength(1);
  const file = join(dir, files()[0]!);
  expect(modeOf(file)).toBe(0o600);
  const text = readFileSync(file, 'utf8');
  expect(text).not.toContain('tok-by-name');
  expect(text).not.toContain('hush-marked');
  expect(readFleet(socket)).toEqual([
    expect.objectContaining({
      host: 'local',
      session: 'shop',
      name: 'dev',
      kind: 'custom',
      command: ['sleep', '600'],
      env: { PLAIN: 'visible' },
      secretEnv: expect.arrayContaining(['GITHUB_TOKEN', 'MY_VAR']),
    }),
  ]);
  const before = readFleet(socket)[0]!.updatedAt;

  // A restart writes the entry again: a new file (renamed over the old one), still 0600, nothing else in the folder.
  const inode = lstatSync(file).ino;
  await new Promise((r) => setTimeout(r, 5));
  expect((await cli('agent', 'restart', 'shop:dev', '--no-wait')).envelope).toMatchObject({ ok: true });
  expect(files()).toEqual([files()[0]]);
  expect(lstatSync(file).ino).not.toBe(inode);
  expect(modeOf(file)).toBe(0o600);
  expect(readFleet(socket)[0]!.updatedAt > before).toBe(true);
  expect(readFileSync(file, 'utf8')).not.toContain('hush-marked');

  expect((await cli('agent', 'kill', 'shop:dev')).envelope).toMatchObject({ ok: true });
  expect(files()).toEqual([]);
});

test('a fleet folder that is a symlink is never written or read through: spawn succeeds, restore is state.unsafe', async () => {
  const tmux = servers.server();
  const socket = { socketName: tmux.socketName };
  const elsewhere = join(servers.dir(), 'elsewhere');
  mkdirSync(elsewhere, { recursive: true });
  const dir = fleetDir(socket);
  rmSync(dir, { recursive: true, force: true });
  symlinkSync(elsewhere, dir);
  try {
    const spawned = await runCli(tmux.socketName, [
      'agent',
      'spawn',
      'shop',
      '--name',
      'dev',
      '--kind',
      'custom',
      '--no-wait',
      '--',
      'sleep',
      '600',
    ]);
    expect(spawned.envelope).toMatchObject({ ok: true });
    expect(readdirSync(elsewhere)).toEqual([]);
    const restore = await runCli(tmux.socketName, ['restore', '--dry-run']);
    expect(restore).toMatchObject({ status: 1, envelope: { error: { code: 'state.unsafe' } } });
  } finally {
    rmSync(dir, { force: true });
  }
});
