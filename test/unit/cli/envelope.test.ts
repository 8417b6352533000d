import { runProgram, type RunState } from '../../../cli/build-program.js';
import { TMUXManager } from '../../../src/manager/tmux-manager.js';
import { killAllPrivateTmux, privateTmux, type PrivateTmux } from '../../helpers/private-tmux.js';

interface Run {
  state: RunState;
  exitCode: number;
  stdout: string;
  stderr: string;
}

let server: PrivateTmux;

beforeAll(() => {
  server = privateTmux('env');
});

afterAll(killAllPrivateTmux);

/** Runs the real program against the private server, capturing what it prints; closes the manager it made. */
async function run(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const state = await runProgram(['-L', server.socketName, ...argv], {
    manager: (globals) => new TMUXManager({ socketName: globals.socketName! }),
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  await state.createdManager?.close();
  return { state, exitCode: state.exitCode, stdout, stderr };
}

/** The one JSON document on stdout: exactly one line, nothing before or after it. */
function onlyDocument(stdout: string): Record<string, any> {
  expect(stdout.endsWith('\n')).toBe(true);
  expect(stdout.slice(0, -1)).not.toContain('\n');
  return JSON.parse(stdout) as Record<string, any>;
}

function expectMeta(meta: unknown): void {
  expect(Object.keys(meta as object).sort()).toEqual(['durationMs', 'version']);
  expect(meta).toEqual({ durationMs: expect.any(Number), version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
}

describe('the --json envelope', () => {
  test('success has exactly ok, command, data and meta', async () => {
    const { exitCode, stdout, stderr } = await run('list', '--json');
    expect(exitCode).toBe(0);
    expect(stderr).toBe('');
    const doc = onlyDocument(stdout);
    expect(Object.keys(doc).sort()).toEqual(['command', 'data', 'meta', 'ok']);
    expect(doc.ok).toBe(true);
    expect(doc.command).toBe('list');
    expect(doc.data).toEqual({ serverRunning: false, sessions: [] });
    expectMeta(doc.meta);
  });

  test('--json before the command works the same, and the command path names the group', async () => {
    const { exitCode, stdout } = await run('--json', 'session', 'new', 'env1', '--width', '90');
    expect(exitCode).toBe(0);
    const doc = onlyDocument(stdout);
    expect(Object.keys(doc).sort()).toEqual(['command', 'data', 'meta', 'ok']);
    expect(doc).toEqual(
      expect.objectContaining({ ok: true, command: 'session new', data: expect.objectContaining({ session: 'env1' }) }),
    );
  });

  test('failure has exactly ok:false, command, error{code,message,hint?} and meta, exit 1', async () => {
    const { exitCode, stdout } = await run('session', 'kill', 'missing', '--json');
    expect(exitCode).toBe(1);
    const doc = onlyDocument(stdout);
    expect(Object.keys(doc).sort()).toEqual(['command', 'error', 'meta', 'ok']);
    expect(doc.ok).toBe(false);
    expect(doc.command).toBe('session kill');
    expect(doc.error.code).toBe('tmux.sessionNotFound');
    expect(typeof doc.error.message).toBe('string');
    expect(Object.keys(doc.error).every((k) => ['code', 'message', 'hint'].includes(k))).toBe(true);
    if ('hint' in doc.error) expect(typeof doc.error.hint).toBe('string');
    expectMeta(doc.meta);
  });

  test('a bad target is target.invalid with exit 2', async () => {
    const { exitCode, stdout } = await run('window', 'kill', 'bad::target', '--json');
    expect(exitCode).toBe(2);
    expect(onlyDocument(stdout).error.code).toBe('target.invalid');
  });
});

describe('usage errors', () => {
  test.each([
    ['an unknown command', ['bogus'], 'usage.unknownCommand'],
    ['an unknown subcommand', ['session', 'bogus'], 'usage.unknownCommand'],
    ['an unknown option', ['list', '--bogus'], 'usage.unknownOption'],
    ['a missing argument', ['session', 'kill'], 'usage.invalid'],
    ['a bad integer option', ['session', 'new', 'usage1', '--width', 'abc'], 'usage.invalid'],
    ['an integer option out of range', ['session', 'new', 'usage2', '--width', '3'], 'usage.invalid'],
    ['an option missing its value', ['session', 'new', 'usage3', '--width'], 'usage.invalid'],
  ])('%s gives a usage.* code, exit 2 and one JSON document on stdout', async (_what, argv, code) => {
    const { exitCode, stdout, stderr } = await run(...argv, '--json');
    expect(exitCode).toBe(2);
    expect(stderr).toBe('');
    const doc = onlyDocument(stdout);
    expect(Object.keys(doc).sort()).toEqual(['command', 'error', 'meta', 'ok']);
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toBe(code);
    expectMeta(doc.meta);
  });

  test('a rejected option creates nothing', async () => {
    await run('session', 'new', 'never', '--width', 'abc', '--json');
    const { stdout } = await run('list', '--json');
    expect(JSON.parse(stdout).data.sessions.map((s: { name: string }) => s.name)).not.toContain('never');
  });

  test('without --json a usage error prints nothing on stdout and the error on stderr', async () => {
    const { exitCode, stdout, stderr } = await run('session', 'new', 'x', '--width', 'abc');
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('usage.invalid');
  });
});
