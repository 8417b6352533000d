import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, requireBuiltCli } from '../helpers/built-cli.js';

// The bin (cli/tmux-orc.cts) compiles the bundle with V8's code cache and writes one when there is none. A copy of
// the built CLI in a temporary folder keeps the real build's cache out of it.
let dir: string;
let bin: string;
const cacheDir = () => join(dir, 'bundle', '.v8-cache');
const cliCache = () => readdirSync(cacheDir()).filter((f) => f.startsWith('cli.cjs-') && f.endsWith('.bin'));
const version = () => execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim();

beforeEach(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'orc-code-cache-'));
  mkdirSync(join(dir, 'bundle'));
  bin = join(dir, 'tmux-orc.cjs');
  copyFileSync(join(ROOT, 'dist', 'cli', 'tmux-orc.cjs'), bin);
  for (const f of readdirSync(join(ROOT, 'dist', 'cli', 'bundle'))) {
    if (f.endsWith('.cjs')) copyFileSync(join(ROOT, 'dist', 'cli', 'bundle', f), join(dir, 'bundle', f));
  }
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('the first run writes a cache, and the next run uses it', () => {
  expect(version()).toMatch(/^\d+\.\d+\.\d+$/);
  const [file] = cliCache();
  expect(file).toBeDefined();
  const written = readFileSync(join(cacheDir(), file!));
  expect(written.length).toBeGreaterThan(1000);
  expect(version()).toMatch(/^\d+\.\d+\.\d+$/);
  // Accepted, so not written again.
  expect(readFileSync(join(cacheDir(), file!)).equals(written)).toBe(true);
});

test('TMUX_ORC_REFRESH_CODE_CACHE=1 (the build warm-up) rewrites an accepted cache with what this run compiled too', () => {
  version();
  const file = join(cacheDir(), cliCache()[0]!);
  const first = readFileSync(file);
  execFileSync(process.execPath, [bin, '--help'], {
    encoding: 'utf8',
    env: { ...process.env, TMUX_ORC_REFRESH_CODE_CACHE: '1' },
  });
  // --help builds every command group, so the refreshed cache holds more compiled functions than --version's.
  expect(readFileSync(file).length).toBeGreaterThan(first.length);
});

test('a damaged cache is rejected by V8, the CLI runs as usual and the cache is written afresh', () => {
  version();
  const file = join(cacheDir(), cliCache()[0]!);
  const garbage = Buffer.alloc(readFileSync(file).length, 7);
  writeFileSync(file, garbage);
  expect(version()).toMatch(/^\d+\.\d+\.\d+$/);
  expect(readFileSync(file).equals(garbage)).toBe(false);
});

test('when the cache cannot be written the CLI still runs', () => {
  writeFileSync(cacheDir(), 'not a folder');
  expect(version()).toMatch(/^\d+\.\d+\.\d+$/);
  expect(
    JSON.parse(
      execFileSync(process.execPath, [bin, '--json', 'list', '-L', `orc-cache-${process.pid}`], { encoding: 'utf8' }),
    ),
  ).toMatchObject({ ok: true, data: { serverRunning: false } });
});

// As root every folder is writable, so the fallback is seen as another user: nobody, who may not write the bundle's.
const asNobody = process.getuid?.() === 0 ? test : test.skip;
asNobody(
  "when the bundle's folder is not writable, the cache goes to $XDG_CACHE_HOME/tmux-orc/v8, keyed by the install",
  () => {
    const cacheHome = join(dir, 'xdg');
    mkdirSync(cacheHome);
    execFileSync('chown', ['nobody', cacheHome]);
    execFileSync('chmod', ['-R', 'a+rX', dir]);
    const run = () =>
      execFileSync(
        'setpriv',
        ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, bin, '--version'],
        {
          encoding: 'utf8',
          env: { PATH: process.env.PATH, HOME: '/nonexistent', XDG_CACHE_HOME: cacheHome },
        },
      ).trim();
    expect(run()).toMatch(/^\d+\.\d+\.\d+$/);
    const written = readdirSync(join(cacheHome, 'tmux-orc', 'v8'));
    expect(written.some((f) => /^[0-9a-f]{12}-cli\.cjs-.*\.bin$/.test(f))).toBe(true);
    expect(readdirSync(join(dir, 'bundle')).includes('.v8-cache')).toBe(false);
    expect(run()).toMatch(/^\d+\.\d+\.\d+$/);
  },
);
