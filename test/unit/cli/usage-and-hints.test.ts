import { runProgram } from '../../../cli/build-program.js';
import { TMUXManager } from '../../../src/manager/tmux-manager.js';
import { killAllPrivateTmux, privateTmux } from '../../helpers/private-tmux.js';

/** Runs the CLI in-process, with its output captured and a manager on whatever socket the command line names. */
async function run(
  argv: string[],
): Promise<{ exitCode: number; stdout: string; stderr: string; code?: string; hint?: string }> {
  let stdout = '';
  let stderr = '';
  const managers: TMUXManager[] = [];
  const state = await runProgram(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    manager: (globals) => {
      const m = new TMUXManager({ ...globals, transport: 'spawn' });
      managers.push(m);
      return m;
    },
  });
  await Promise.all(managers.map((m) => m.close()));
  const error = state.envelope && !state.envelope.ok ? state.envelope.error : undefined;
  return {
    exitCode: state.exitCode,
    stdout,
    stderr,
    ...(error ? { code: error.code, ...(error.hint ? { hint: error.hint } : {}) } : {}),
  };
}

afterAll(killAllPrivateTmux);

describe('hints carry the socket options of the run', () => {
  const socket = `orc-door18-hint-${process.pid}`;

  test('-L x: the hint names -L x (human and --json)', async () => {
    const human = await run(['-L', socket, 'agent', 'status', 'nosuch:agent']);
    expect(human.code).toBe('tmux.noServer');
    expect(human.stderr).toContain(`hint: start one with: tmux-orc -L ${socket} session new <name>`);
    const json = await run(['agent', 'status', 'nosuch:agent', '--socket-name', socket, '--json']);
    expect(JSON.parse(json.stdout).error.hint).toBe(`start one with: tmux-orc -L ${socket} session new <name>`);
  });

  test('-S path: the hint names -S path, quoted for a shell when it needs it', async () => {
    const result = await run(['-S', "/tmp/it's here", 'agent', 'status', 'nosuch:agent']);
    expect(result.code).toBe('tmux.noServer');
    expect(result.hint).toBe(`start one with: tmux-orc -S '/tmp/it'\\''s here' session new <name>`);
  });

  test('a server that runs: a not-found hint names the socket too', async () => {
    const server = privateTmux('orc-door18-hint');
    server.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '60');
    const result = await run(['-L', server.socketName, 'agent', 'read', 'nosuch:agent']);
    expect(result.code).toBe('tmux.sessionNotFound');
    expect(result.hint).toBe(`list sessions with: tmux-orc -L ${server.socketName} list`);
    await server.kill();
  });

  test('without socket options the hint is as it was', async () => {
    const result = await run(['agent', 'status', 'bad::target']);
    expect(result.code).toBe('target.invalid');
    expect(result.hint ?? '').not.toContain('-L');
  });
});

describe('usage errors', () => {
  test('in human mode: a code and a hint, as other errors', async () => {
    const result = await run(['agent', 'spawn']);
    expect(result.exitCode).toBe(2);
    expect(result.code).toBe('usage.invalid');
    expect(result.stderr).toMatch(/^error \[usage\.invalid\]: /m);
    expect(result.stderr).toMatch(/^hint: see tmux-orc agent spawn --help$/m);
    expect(result.stderr).not.toMatch(/^error: /m);
  });

  test('an unknown option: usage.unknownOption, with the hint', async () => {
    const result = await run(['list', '--nope']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^error \[usage\.unknownOption\]: /m);
    expect(result.stderr).toMatch(/^hint: see tmux-orc list --help$/m);
  });

  test('an unknown command: usage.unknownCommand, with the suggestion and the hint', async () => {
    const result = await run(['agent', 'sned']);
    expect(result.code).toBe('usage.unknownCommand');
    expect(result.stderr).toMatch(/^error \[usage\.unknownCommand\]: unknown command 'sned'\n\(Did you mean send\?\)/m);
    expect(result.stderr).toMatch(/^hint: see tmux-orc agent --help$/m);
  });

  test('help agent spawn shows the help of agent spawn', async () => {
    const result = await run(['help', 'agent', 'spawn']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Usage: tmux-orc agent spawn /m);
    expect(result.stdout).toContain('--briefing');
  });

  test('help with global options before it: the same help', async () => {
    const result = await run(['-L', 'orc-door18-x', 'help', 'session', 'new']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Usage: tmux-orc session new /m);
  });

  test('help agent still shows the group help', async () => {
    const result = await run(['help', 'agent']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Usage: tmux-orc agent /m);
    expect(result.stdout).toContain('spawn');
  });

  test('a group alone prints its help and exits 2 with usage.missingCommand', async () => {
    const result = await run(['agent']);
    expect(result.exitCode).toBe(2);
    expect(result.code).toBe('usage.missingCommand');
    expect(result.stderr).toMatch(/^Usage: tmux-orc agent /m);
    expect(result.stderr).toMatch(/^error \[usage\.missingCommand\]: /m);
    const json = await run(['agent', '--json']);
    expect(json.exitCode).toBe(2);
    expect(JSON.parse(json.stdout).error.code).toBe('usage.missingCommand');
    expect(json.stderr).toBe('');
  });

  test('no command at all: the same', async () => {
    const result = await run([]);
    expect(result.exitCode).toBe(2);
    expect(result.code).toBe('usage.missingCommand');
    expect(result.stderr).toMatch(/^Usage: tmux-orc /m);
  });
});

test('human counts are singular for one: "1 session, 1 window, 1 pane, 0 agents"', async () => {
  const server = privateTmux('orc-door18-plural');
  server.tmux('new-session', '-d', '-s', 'solo', 'sleep', '60');
  const result = await run(['-L', server.socketName, 'status']);
  expect(result.stdout).toContain('1 session, 1 window, 1 pane, 0 agents');
  await server.kill();
});
