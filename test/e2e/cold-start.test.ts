import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, requireBuiltCli } from '../helpers/built-cli.js';
import { killAllPrivateTmux, privateTmux } from '../helpers/private-tmux.js';

// zod costs ~145 ms to import and the MCP SDK more: only reflect and mcp may load them, and only when they run;
// re2js only `agent wait --until text:`.
const FORBID = join(ROOT, 'test', 'fixtures', 'forbid-heavy-imports.cjs');
const tmux = privateTmux('orc-cold');

afterAll(() => killAllPrivateTmux());

function run(...argv: string[]): { ok: boolean; error?: { message: string } } {
  try {
    return JSON.parse(
      execFileSync(
        process.execPath,
        ['--require', FORBID, requireBuiltCli(), '-L', tmux.socketName, '--json', ...argv],
        { encoding: 'utf8' },
      ),
    );
  } catch (error) {
    return JSON.parse((error as { stdout: string }).stdout);
  }
}

test.each(['list', 'status', 'agent list'])('%s loads neither zod, the MCP SDK nor re2js', (command) => {
  expect(run(...command.split(' '))).toMatchObject({ ok: true });
});

test('the guard bites: reflect, which needs zod, fails under it', () => {
  expect(run('reflect')).toMatchObject({ ok: false, error: { message: 'cold start imported zod' } });
});
