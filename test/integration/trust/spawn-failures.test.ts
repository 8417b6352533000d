import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { spawnAgent } from '../../../src/agents/spawn-agent.js';
import { OrcError } from '../../../src/errors.js';
import { testServers } from '../../helpers/test-servers.js';

const servers = testServers('orc-spawnf');

/** The OrcError a spawn fails with. */
async function failure(promise: Promise<unknown>): Promise<OrcError> {
  const outcome = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(outcome instanceof OrcError)) throw new Error(`expected an OrcError, got ${String(outcome)}`);
  return outcome;
}

// A missing program printed "ready" (exit 0) in 4 of 5 runs, a missing claude failed with "tmux set-option: no such
// window: @8", and cat, which draws nothing, never became ready. Now a program that is missing or exits before it is
// ready is agent.spawnFailed with its status and last lines, and leaves no window behind.
describe('spawning a program that cannot start', () => {
  test.each([
    // tmux 3.3 often loses the output of a program that exits at once: "env: ...: No such file" is not always shown.
    ['a missing program', ['no-such-prog-tmux-orc'], 127, undefined],
    ['a program that exits at once', ['true'], 0, undefined],
    [
      'a program that prints and fails',
      ['sh', '-c', 'echo starting up; echo config broken >&2; sleep 0.1; exit 3'],
      3,
      /config broken/,
    ],
  ])(
    '%s is agent.spawnFailed with its exit status and last lines, and its window is gone',
    async (_what, command, status, lines) => {
      const tmux = servers.server();
      const manager = tmux.manager();
      for (let run = 0; run < 3; run++) {
        const error = await failure(
          spawnAgent(manager, { session: 'proj', name: `x${run}`, role: 'developer', kind: 'custom', command }),
        );
        expect(error.code).toBe('agent.spawnFailed');
        expect(error.message).toContain(`status ${status}`);
        if (lines) expect(error.message).toMatch(lines);
      }
      expect(tmux.tmux('list-sessions', '-F', '#{session_name}').trim()).toBe('keeper');
    },
  );

  test('an AI kind whose CLI is not on the PATH is agent.spawnFailed with 127 and a hint about PATH', async () => {
    const tmux = servers.server();
    // A PATH that holds env (tmux-orc starts programs through it) and nothing else.
    const bin = join(servers.dir(), 'only-env');
    mkdirSync(bin, { recursive: true });
    if (!existsSync(join(bin, 'env'))) symlinkSync('/usr/bin/env', join(bin, 'env'));
    const error = await failure(
      spawnAgent(tmux.manager(), {
        session: 'proj',
        name: 'dev',
        role: 'developer',
        kind: 'claude',
        env: { PATH: bin },
      }),
    );
    expect(error.code).toBe('agent.spawnFailed');
    expect(error.message).toContain('status 127');
    expect(error.hint).toMatch(/PATH/);
  });

  test('a program that draws nothing (cat) is ready once it has kept running', async () => {
    const tmux = servers.server();
    const result = await spawnAgent(tmux.manager(), {
      session: 'proj',
      name: 'cat',
      role: 'developer',
      kind: 'custom',
      command: ['cat'],
      readyTimeoutMs: 5000,
    });
    expect(result).toMatchObject({ ready: true });
  });

  test('a shell is ready once it has drawn its prompt', async () => {
    const tmux = servers.server();
    const result = await spawnAgent(tmux.manager(), {
      session: 'proj',
      name: 'sh',
      role: 'developer',
      kind: 'shell',
      command: ['sh'],
      env: { PS1: 'ready$ ' },
    });
    expect(result).toMatchObject({ ready: true });
  });
});
