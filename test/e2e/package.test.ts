import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { ROOT, requireBuiltCli } from '../helpers/built-cli.js';
import { killServer } from '../helpers/private-tmux.js';

// The package as a user gets it: `npm pack` of the build, installed into a fresh project from the tarball (offline:
// its dependencies come from npm's cache, pinned by the repository's lockfile), then imported and run.
let dir: string;
let tarball: string;
let packed: { size: number; files: { path: string }[] };
const project = () => join(dir, 'project');
const cache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim();
const env = () => ({
  ...process.env,
  HOME: join(dir, 'home'),
  XDG_CACHE_HOME: join(dir, 'xdg-cache'),
  npm_config_cache: cache,
});

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'orc-door18-pack-'));
  mkdirSync(join(dir, 'home'));
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: ROOT,
    encoding: 'utf8',
    env: env(),
  });
  packed = (JSON.parse(out) as (typeof packed & { filename: string })[])[0]!;
  tarball = join(
    dir,
    readdirSync(dir).find((f) => f.endsWith('.tgz'))!,
  );
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The files of the build these entries import (static, re-exported and dynamic relative imports), transitively. */
function reachable(entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path) || !existsSync(join(ROOT, path))) return;
    seen.add(path);
    const text = readFileSync(join(ROOT, path), 'utf8');
    for (const m of text.matchAll(/(?:from\s*|import\s*\(\s*|import\s+)["'](\.[^"']+)["']/g)) {
      const target = posix.join(posix.dirname(path), m[1]!);
      visit(path.endsWith('.d.ts') ? target.replace(/\.js$/, '.d.ts') : target);
    }
  };
  for (const entry of entries) visit(entry);
  return [...seen];
}

test('the tarball: at most 600 KB, a LICENSE, no V8 cache, source maps, benchmarks or tests', () => {
  // The bin runs from its bundles: of tsc's output only what the two library entries import is packed.
  expect(packed.size).toBeLessThanOrEqual(600 * 1024);
  const paths = packed.files.map((f) => f.path);
  expect(paths).toEqual(
    expect.arrayContaining([
      'LICENSE',
      'README.md',
      'package.json',
      'dist/cli/tmux-orc.cjs',
      'dist/cli/bundle/cli.cjs',
      'dist/src/index.js',
      'dist/src/index.d.ts',
    ]),
  );
  // Files the code reads at run time besides its modules: the agents' hook script and the web dashboard's page.
  expect(paths).toEqual(
    expect.arrayContaining([
      'dist/src/agents/hooks/tmux-orc-hook.sh',
      'dist/web/page/index.html',
      'dist/web/page/app.js',
      'dist/web/page/app.css',
    ]),
  );
  expect(paths.filter((p) => /\.map$|\.v8-cache|\.bin$|^dist\/(benchmarks|test)\//.test(p))).toEqual([]);
  // Every module the library entries import, at once or lazily (import()), and every declaration file their types
  // reach, is in it: a lazy import of a file left out would fail only when its code path runs.
  const needed = [
    ...reachable(['dist/src/index.js', 'dist/reflect/index.js']),
    ...reachable(['dist/src/index.d.ts', 'dist/reflect/index.d.ts']),
  ];
  expect(needed.length).toBeGreaterThan(100);
  expect(needed.filter((p) => !paths.includes(p))).toEqual([]);
  expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  expect((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string }).license).toBe('MIT');
});

test('installed from the tarball: import("tmux-orc") gives the core, tmux-orc/reflect loads, the bin runs from its bundles', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    dependencies: Record<string, string>;
  };
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, Record<string, unknown>>;
  };
  mkdirSync(project());
  const file = `file:${tarball}`;
  // The user's own CLI brings commander, for the toolkit (tmux-orc/reflect); tmux-orc itself needs none.
  const commander = lock.packages['node_modules/commander']!;
  const dependencies = { 'tmux-orc': file, commander: `^${String(commander.version)}` };
  writeFileSync(
    join(project(), 'package.json'),
    JSON.stringify({ name: 'probe', version: '1.0.0', type: 'module', dependencies }),
  );
  // A lockfile so the install needs no registry: the runtime dependencies as the repository pins them.
  const packages: Record<string, unknown> = {
    '': { name: 'probe', version: '1.0.0', dependencies },
    'node_modules/tmux-orc': {
      version: manifest.version,
      resolved: file,
      license: 'MIT',
      dependencies: manifest.dependencies,
      bin: { 'tmux-orc': 'dist/cli/tmux-orc.cjs' },
    },
  };
  for (const name of [...Object.keys(manifest.dependencies), 'commander']) {
    const { dev: _dev, ...entry } = lock.packages[`node_modules/${name}`]!;
    packages[`node_modules/${name}`] = entry;
  }
  writeFileSync(
    join(project(), 'package-lock.json'),
    JSON.stringify({ name: 'probe', version: '1.0.0', lockfileVersion: 3, requires: true, packages }),
  );
  execFileSync('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', '--logs-max=0'], {
    cwd: project(),
    env: env(),
    stdio: 'pipe',
  });
  // The bin's own dependencies are in its bundles: none of them is installed. The core's are (quick-lru, re2js, zod),
  // and xterm.js, a file the web dashboard sends to the browser.
  const installed = readdirSync(join(project(), 'node_modules')).filter((n) => !n.startsWith('.'));
  expect(installed.sort()).toEqual(['@xterm', 'commander', 'quick-lru', 're2js', 'tmux-orc', 'zod']);

  const socket = `orc-door18-pack-${process.pid}`;
  const probe = `
    const core = await import('tmux-orc');
    const manager = new core.TMUXManager({ socketName: ${JSON.stringify(socket)} });
    const snap = await manager.snapshot();
    await manager.close();
    const reflect = await import('tmux-orc/reflect');
    // The toolkit on the user's own commander program, over its stdio transport on in-process streams.
    const { Command } = await import('commander');
    const { PassThrough } = await import('node:stream');
    const mine = new Command('mine');
    mine.command('greet <name>').action((name) => { console.log('hello ' + name); return name.length; });
    const input = new PassThrough(), output = new PassThrough();
    let replies = '';
    output.on('data', (c) => (replies += c));
    await reflect.createMcpServer({ program: mine, name: 'mine', version: '0.1.0' }).server.connect(new reflect.StdioLineTransport(input, output));
    const send = (id, method, params) => input.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\\n');
    send(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'probe', version: '0' } });
    send(2, 'tools/call', { name: 'greet', arguments: { name: 'ada' } });
    while (replies.split('\\n').filter(Boolean).length < 2) await new Promise((r) => setTimeout(r, 10));
    const greeted = JSON.parse(replies.split('\\n')[1]).result.structuredContent.data;
    const pkg = (await import('tmux-orc/package.json', { with: { type: 'json' } })).default;
    console.log(JSON.stringify({ kinds: core.AGENT_KINDS, spawn: typeof core.spawnAgent, deploy: typeof core.deployTeam,
      error: new core.OrcError('agent.notFound', 'x').exitCode, running: snap.serverRunning, reflect: typeof reflect.reflectProgram, greeted, version: pkg.version }));
  `;
  const result = JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', probe], {
      cwd: project(),
      env: env(),
      encoding: 'utf8',
    }),
  );
  expect(result).toEqual({
    kinds: expect.arrayContaining(['claude', 'shell']),
    spawn: 'function',
    deploy: 'function',
    error: 1,
    running: false,
    reflect: 'function',
    greeted: { stdout: 'hello ada\n', result: 3 },
    version: manifest.version,
  });

  const bin = join(project(), 'node_modules', '.bin', 'tmux-orc');
  expect(execFileSync(bin, ['--version'], { env: env(), encoding: 'utf8' }).trim()).toBe(manifest.version);
  expect(
    JSON.parse(execFileSync(bin, ['-L', socket, 'list', '--json'], { env: env(), encoding: 'utf8' })).data
      .serverRunning,
  ).toBe(false);
  // The code cache is written on first run next to the bundle this user may write, and nowhere in HOME.
  expect(
    readdirSync(join(project(), 'node_modules', 'tmux-orc', 'dist', 'cli', 'bundle', '.v8-cache')).length,
  ).toBeGreaterThan(0);
  expect(existsSync(join(dir, 'home', '.cache'))).toBe(false);
}, 120_000);

test('installed from the tarball: tmux-orc web serves its page and xterm.js from the package', async () => {
  const bin = join(project(), 'node_modules', '.bin', 'tmux-orc');
  const token = 'orc-d19-pack-token-0123456789';
  const socket = `orc-d19-pack-${process.pid}`;
  const child = spawn(bin, ['-L', socket, 'web'], {
    env: { ...env(), TMUX_ORC_WEB_TOKEN: token },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  try {
    for (const end = Date.now() + 15_000; !/open http/.test(stderr) && child.exitCode === null && Date.now() < end;)
      await new Promise((r) => setTimeout(r, 50));
    const url = new URL(/open (http:\/\/\S+)/.exec(stderr)?.[1] ?? 'http://127.0.0.1:1/');
    const get = async (path: string) => {
      const res = await fetch(`${url.origin}${path}?token=${token}`);
      return { status: res.status, body: await res.text() };
    };
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<table id="agents">');
    expect((await get('/app.js')).body).toContain('EventSource');
    const xterm = await get('/vendor/xterm.js');
    expect(xterm.status).toBe(200);
    expect(xterm.body.length).toBeGreaterThan(100_000);
  } finally {
    const exited = new Promise((resolve) =>
      child.exitCode !== null ? resolve(undefined) : child.once('exit', resolve),
    );
    child.kill('SIGTERM');
    await exited;
    killServer(socket);
  }
}, 30_000);
