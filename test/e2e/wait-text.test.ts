import { execFile } from 'node:child_process';
import { ROOT, requireBuiltCli } from '../helpers/built-cli.js';
import { killAllPrivateTmux, privateTmux } from '../helpers/private-tmux.js';
import { join } from 'node:path';

// The bundle loads re2js from its own vendor file (scripts/bundle.mjs): `agent wait --until text:` through the built
// CLI.
const tmux = privateTmux('orc-readx-e2e');
const FORBID = join(ROOT, 'test', 'fixtures', 'forbid-heavy-imports.cjs');

afterAll(() => killAllPrivateTmux());

function cli(args: string[], nodeFlags: string[] = []): Promise<{ exitCode: number; envelope: any; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...nodeFlags, requireBuiltCli(), '-L', tmux.socketName, '--json', ...args],
      { timeout: 20_000 },
      (error, stdout) => {
        const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ exitCode, envelope: JSON.parse(stdout), ms: Date.now() - started });
      },
    );
  });
}

beforeAll(async () => {
  tmux.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '600');
  const program = 'for (let i = 0; i < 3; i++) console.log("a".repeat(28)); setInterval(() => {}, 60000);';
  const spawned = await cli([
    'agent',
    'spawn',
    'proj',
    '--name',
    'as',
    '--kind',
    'custom',
    '--',
    process.execPath,
    '-e',
    program,
  ]);
  expect(spawned.envelope).toMatchObject({ ok: true });
});

test('agent wait --until text: matches on RE2 in the built CLI', async () => {
  const seen = await cli(['agent', 'wait', 'proj:as', '--until', 'text:^a{28}$', '--timeout', '5']);
  expect(seen).toMatchObject({ exitCode: 0, envelope: { ok: true, data: { target: 'proj:as' } } });
});

test('a backtracking-prone pattern times out on time instead of hanging', async () => {
  const waited = await cli(['agent', 'wait', 'proj:as', '--until', 'text:^(a+)+b$', '--timeout', '0.5']);
  expect(waited).toMatchObject({ exitCode: 1, envelope: { ok: false, error: { code: 'agent.waitTimeout' } } });
  expect(waited.ms).toBeLessThan(10_000);
});

test('a backreference is usage.invalid', async () => {
  expect(await cli(['agent', 'wait', 'proj:as', '--until', 'text:(a)\\1'])).toMatchObject({
    exitCode: 2,
    envelope: { error: { code: 'usage.invalid' } },
  });
});

test('the guard bites: agent wait --until text: is what loads re2js', async () => {
  const guarded = await cli(['agent', 'wait', 'proj:as', '--until', 'text:a'], ['--require', FORBID]);
  expect(guarded.envelope).toMatchObject({ ok: false, error: { message: 'cold start imported re2js' } });
  expect(
    await cli(['agent', 'wait', 'proj:as', '--until', 'idle', '--timeout', '5'], ['--require', FORBID]),
  ).toMatchObject({ exitCode: 0 });
});
