import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withoutNpmEnvironment } from '../../cli/npm-environment.js';
import { requireBuiltCli } from '../helpers/built-cli.js';
import { eventually } from '../helpers/fake-agent-support.js';
import { killAllPrivateTmux, privateTmux, type PrivateTmux } from '../helpers/private-tmux.js';

// tmux-orc run by npx (`npx tmux-orc ...`, an MCP entry `npx tmux-orc mcp`) inherits npm's variables and the PATH
// entries npm prepends. A tmux server it starts keeps that environment for every program in it, and tmux 3.3 gives a
// window the PATH of the client that made it: neither may carry npm's.
const DUMP_ENV = fileURLToPath(new URL('../fixtures/dump-env.mjs', import.meta.url));
let dir: string;
const servers: PrivateTmux[] = [];

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'orc-door18-npx-'));
  mkdirSync(join(dir, 'home'));
  mkdirSync(join(dir, 'project', 'node_modules', '.bin'), { recursive: true });
  writeFileSync(join(dir, 'project', 'package.json'), '{"name":"p","version":"1.0.0"}\n');
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.kill()));
});
afterAll(async () => {
  await killAllPrivateTmux();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the built CLI through `npm exec` (what npx is), so it gets npm's real environment. */
function viaNpm(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: join(dir, 'home'), TMUX_ORC_STATE_DIR: join(dir, 'state') };
  delete env.TMUX_ORC_SOCKET_NAME;
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['exec', '--offline', '--yes', '--', 'node', requireBuiltCli(), ...args],
      { cwd: join(dir, 'project'), env, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr }),
    );
  });
}

/** The variables and PATH entries npm adds, found in an environment. */
function npmTraces(env: Record<string, string | undefined>): string[] {
  const names = Object.keys(env).filter((k) => /^npm_/.test(k) || k === 'INIT_CWD');
  const paths = (env.PATH ?? '').split(delimiter).filter((p) => /[\\/]node_modules[\\/]\.bin$|node-gyp-bin/.test(p));
  return [...names, ...paths];
}

async function spawnDumper(server: PrivateTmux, name: string): Promise<Record<string, string>> {
  const out = join(dir, `${server.socketName}-${name}.json`);
  const result = await viaNpm([
    '-L',
    server.socketName,
    'agent',
    'spawn',
    'envs',
    '--name',
    name,
    '--kind',
    'custom',
    '--json',
    '--',
    process.execPath,
    DUMP_ENV,
    out,
  ]);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
  await eventually('the environment file', () => existsSync(out));
  return JSON.parse(readFileSync(out, 'utf8')) as Record<string, string>;
}

test('npm exec itself adds the traces this test looks for (the test is meaningful)', async () => {
  const out = join(dir, 'npm-own.json');
  await new Promise<void>((resolve, reject) =>
    execFile(
      'npm',
      ['exec', '--offline', '--yes', '--', 'node', DUMP_ENV, out, '--exit'],
      { cwd: join(dir, 'project'), env: { ...process.env, HOME: join(dir, 'home') }, timeout: 30_000 },
      () => resolve(),
    ).on('error', reject),
  );
  await eventually('the environment file', () => existsSync(out));
  const traces = npmTraces(JSON.parse(readFileSync(out, 'utf8')) as Record<string, string>);
  expect(traces).toEqual(
    expect.arrayContaining(['INIT_CWD', 'npm_command', join(dir, 'project', 'node_modules', '.bin')]),
  );
}, 40_000);

test("a tmux server that tmux-orc starts under npx has none of npm's environment, nor its programs", async () => {
  const server = privateTmux('orc-door18-npx');
  servers.push(server);
  const env = await spawnDumper(server, 'first');
  expect(npmTraces(env)).toEqual([]);
  const globalEnv = server.tmux('show-environment', '-g').split('\n');
  expect(npmTraces(Object.fromEntries(globalEnv.map((l) => [l.split('=')[0]!, l.slice(l.indexOf('=') + 1)])))).toEqual(
    [],
  );
  expect(env.PATH).toBeTruthy();
}, 60_000);

test('on a server that runs already, a program tmux-orc starts under npx gets no npm PATH entries either', async () => {
  const server = privateTmux('orc-door18-npx');
  servers.push(server);
  // Started from outside npm: `npm test` gives this test process npm's variables, which are not what is tested here.
  execFileSync('tmux', ['-L', server.socketName, 'new-session', '-d', '-s', 'keeper', 'sleep', '600'], {
    env: withoutNpmEnvironment(process.env),
  });
  const env = await spawnDumper(server, 'second');
  expect(npmTraces(env)).toEqual([]);
}, 60_000);
