import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostsFilePath, loadHostsFile } from '../../../src/hosts/hosts-file.js';
import { resolveHost, splitHostPrefix } from '../../../src/hosts/resolve-host.js';

const dir = mkdtempSync(join(tmpdir(), 'orc-hosts15-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content: unknown) => {
  const path = join(dir, `hosts-${n++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

test('where the hosts file is: $TMUX_ORC_HOSTS, else the XDG config folder, else ~/.config', () => {
  expect(hostsFilePath({ TMUX_ORC_HOSTS: '/x/h.json' })).toBe('/x/h.json');
  expect(hostsFilePath({ XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/tmux-orc/hosts.json');
  expect(hostsFilePath({})).toMatch(/\/\.config\/tmux-orc\/hosts\.json$/);
});

test('a valid file: entries with their defaults; a missing file is an empty one', async () => {
  const path = file({
    hosts: {
      build: {
        destination: 'ci@build.example.com',
        sshArgs: ['-p', '2222'],
        tmuxSocketName: 'agents',
        tmux: '/opt/bin/tmux',
      },
      gpu: { destination: 'gpu1' },
    },
  });
  const loaded = await loadHostsFile(path);
  expect(loaded.hosts.build).toEqual({
    destination: 'ci@build.example.com',
    sshArgs: ['-p', '2222'],
    tmuxSocketName: 'agents',
    tmux: '/opt/bin/tmux',
  });
  expect(loaded.hosts.gpu).toEqual({ destination: 'gpu1', sshArgs: [] });
  expect((await loadHostsFile(join(dir, 'none.json'))).hosts).toEqual({});
});

test.each([
  ['not JSON', '{ hosts: '],
  ['an unknown field', { hosts: { a: { destination: 'a', port: 22 } } }],
  ['"local" redefined', { hosts: { local: { destination: 'x' } } }],
  ['a bad host name', { hosts: { 'a/b': { destination: 'x' } } }],
  ['a destination read as an option', { hosts: { a: { destination: '-oProxyCommand=touch x' } } }],
  ['a destination with a space', { hosts: { a: { destination: 'a b' } } }],
  ['a socket name with a shell character', { hosts: { a: { destination: 'a', tmuxSocketName: 'x;y' } } }],
  ['an ssh argument with a newline', { hosts: { a: { destination: 'a', sshArgs: ['-o\nProxyCommand=x'] } } }],
  ['no hosts object', { build: { destination: 'a' } }],
])('%s is host.fileInvalid', async (_what, content) => {
  await expect(loadHostsFile(file(content))).rejects.toMatchObject({ code: 'host.fileInvalid' });
});

test('a directory is not read as the hosts file', async () => {
  const sub = join(dir, 'a-dir');
  mkdirSync(sub);
  await expect(loadHostsFile(sub)).rejects.toMatchObject({ code: 'host.fileInvalid' });
});

test('a file that changes is read again', async () => {
  const path = file({ hosts: { a: { destination: 'a' } } });
  expect(Object.keys((await loadHostsFile(path)).hosts)).toEqual(['a']);
  writeFileSync(path, JSON.stringify({ hosts: { a: { destination: 'a' }, bb: { destination: 'b' } } }));
  expect(Object.keys((await loadHostsFile(path)).hosts)).toEqual(['a', 'bb']);
});

test('resolving a host: local, a name of the file, a destination (not over MCP)', async () => {
  const loaded = await loadHostsFile(file({ hosts: { build: { destination: 'ci@build', tmuxSocketName: 'agents' } } }));
  expect(await resolveHost('local', { allowDestination: false, file: loaded })).toEqual({ name: 'local' });
  expect(await resolveHost('build', { allowDestination: false, file: loaded })).toEqual({
    name: 'build',
    remote: { name: 'build', destination: 'ci@build', sshArgs: [] },
    socketName: 'agents',
  });
  expect(await resolveHost('me@other', { allowDestination: true, file: loaded })).toMatchObject({
    remote: { destination: 'me@other' },
  });
  await expect(resolveHost('me@other', { allowDestination: false, file: loaded })).rejects.toMatchObject({
    code: 'usage.invalid',
  });
  await expect(resolveHost('-oProxyCommand=x', { allowDestination: true, file: loaded })).rejects.toMatchObject({
    code: 'usage.invalid',
  });
  await expect(resolveHost('__proto__', { allowDestination: false, file: loaded })).rejects.toMatchObject({
    code: 'usage.invalid',
  });
});

test('a target names its host only with a known host name before its first "/"', () => {
  const hosts = ['local', 'build'];
  expect(splitHostPrefix('build/proj:dev', hosts)).toEqual({ host: 'build', rest: 'proj:dev' });
  expect(splitHostPrefix('local/proj', hosts)).toEqual({ host: 'local', rest: 'proj' });
  // A session whose name holds a "/" is still a session.
  expect(splitHostPrefix('a/b:w', hosts)).toBeUndefined();
  expect(splitHostPrefix('/proj', hosts)).toBeUndefined();
  expect(splitHostPrefix('proj:dev', hosts)).toBeUndefined();
});
