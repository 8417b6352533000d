import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProgram } from '../../../cli/build-program.js';
import type { Envelope } from '../../../cli/envelope.js';
import type { TMUXManager } from '../../../src/manager/tmux-manager.js';
import { killAllPrivateTmux, privateTmux, type PrivateTmux } from '../../helpers/private-tmux.js';
import { FAKE_AGENT, sleep, loggedMessages as logged } from '../../helpers/fake-agent-support.js';

const FAKE = FAKE_AGENT;

let dir = '';
let tmux: PrivateTmux;
let manager: TMUXManager;
let log = '';

interface Run {
  exitCode: number;
  envelope: Envelope<any>;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process against the test server and parses the one JSON document it printed. */
async function cli(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const state = await runProgram(argv, { manager, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  const lines = stdout.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  const envelope = JSON.parse(lines[0]!) as Envelope<any>;
  expect(envelope).toEqual(state.envelope);
  return { exitCode: state.exitCode, envelope, stdout, stderr };
}

/** Checks the envelope of a success and returns its data. */
async function ok(command: string, ...argv: string[]): Promise<any> {
  const run = await cli('--json', ...argv);
  if (!run.envelope.ok) throw new Error(`${argv.join(' ')} failed: ${JSON.stringify(run.envelope.error)}`);
  expect(run.exitCode).toBe(0);
  expect(run.envelope).toEqual({
    ok: true,
    command,
    data: expect.anything(),
    meta: { durationMs: expect.any(Number), version: expect.any(String) },
  });
  return run.envelope.data;
}

/** Checks the envelope of a failure and returns its code and exit code. */
async function failure(command: string, ...argv: string[]): Promise<{ code: string; exitCode: number }> {
  const run = await cli('--json', ...argv);
  if (run.envelope.ok) throw new Error(`${argv.join(' ')} succeeded: ${JSON.stringify(run.envelope.data)}`);
  expect(run.envelope).toEqual({
    ok: false,
    command,
    error: {
      code: expect.any(String),
      message: expect.any(String),
      ...(run.envelope.error.hint !== undefined ? { hint: expect.any(String) } : {}),
    },
    meta: expect.any(Object),
  });
  // Nothing but the envelope is printed in --json mode, not even commander's own usage errors.
  expect(run.stderr).toBe('');
  return { code: run.envelope.error.code, exitCode: run.exitCode };
}

const fakeArgs = (file: string, ...flags: string[]) => [
  FAKE,
  '--kind',
  'claude',
  '--log',
  file,
  '--ready-ms',
  '50',
  '--busy-ms',
  '150',
  ...flags,
];

async function untilIdle(target: string): Promise<void> {
  await ok('agent wait', 'agent', 'wait', target, '--until', 'idle', '--timeout', '5');
}

// One server and one agent for the whole file: these tests read and message it in turn.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'orc-cli-json-'));
  tmux = privateTmux('orc-cli-json');
  tmux.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '600');
  manager = tmux.manager();
  log = join(dir, 'dev.jsonl');
  const data = await ok(
    'agent spawn',
    'agent',
    'spawn',
    'proj',
    '--name',
    'dev',
    '--role',
    'developer',
    '--kind',
    'claude',
    '--env',
    'ORC_A=1',
    'ORC_B=two words',
    '--briefing',
    'hello dev',
    '--command',
    process.execPath,
    '--',
    ...fakeArgs(log),
  );
  expect(data).toMatchObject({
    ready: true,
    state: 'idle',
    agent: { target: 'proj:dev', kind: 'claude', role: 'developer', command: [process.execPath, ...fakeArgs(log)] },
    briefing: { submitted: true },
  });
});

afterAll(async () => {
  await tmux?.kill();
  await killAllPrivateTmux();
  rmSync(dir, { recursive: true, force: true });
});

describe('agent commands with --json', () => {
  test('spawn delivered the briefing once and stored the environment', async () => {
    await untilIdle('proj:dev');
    expect(logged(log)).toEqual(['hello dev']);
    const info = await ok('agent info', 'agent', 'info', 'proj:dev');
    expect(info.agent).toMatchObject({ env: { ORC_A: '1', ORC_B: 'two words' }, briefing: 'hello dev', managed: true });
    expect(info.status).toMatchObject({ target: 'proj:dev', state: 'idle' });
  });

  test('list and status', async () => {
    expect((await ok('agent list', 'agent', 'list')).agents.map((a: any) => a.target)).toEqual(['proj:dev']);
    expect(await ok('agent list', 'agent', 'list', '--session', 'keeper')).toEqual({ agents: [] });
    const status = await ok('agent status', 'agent', 'status', '--session', 'proj');
    expect(status.agents).toEqual([
      expect.objectContaining({
        target: 'proj:dev',
        role: 'developer',
        kind: 'claude',
        state: 'idle',
        reason: expect.any(String),
      }),
    ]);
  });

  test('send: one line, --wait-idle, --no-enter, @file; each message once', async () => {
    await untilIdle('proj:dev');
    const before = logged(log).length;
    expect(await ok('agent send', 'agent', 'send', 'proj:dev', 'first')).toMatchObject({
      target: 'proj:dev',
      method: 'paste',
      submitted: true,
      enters: expect.any(Number),
      confirmedBy: expect.any(String),
      chars: 5,
    });
    await untilIdle('proj:dev');
    expect(
      await ok('agent send', 'agent', 'send', 'proj:dev', 'second\nand more', '--wait-idle', '--timeout', '5'),
    ).toMatchObject({ method: 'paste', submitted: true, state: 'idle' });
    const file = join(dir, 'message.txt');
    writeFileSync(file, 'from a file');
    await ok('agent send', 'agent', 'send', 'proj:dev', `@${file}`, '--wait-idle');
    expect(await ok('agent send', 'agent', 'send', 'proj:dev', 'typed only', '--no-enter')).toMatchObject({
      submitted: false,
      enters: 0,
    });
    await sleep(200);
    expect(logged(log).slice(before)).toEqual(['first', 'second\nand more', 'from a file']);
    // Submit the typed text, so the box is empty for the tests after this one.
    await manager.sendKeys('proj:dev', 'Enter');
    await untilIdle('proj:dev');
    expect(logged(log).slice(before)).toEqual(['first', 'second\nand more', 'from a file', 'typed only']);
  });

  test('read and read --since', async () => {
    await untilIdle('proj:dev');
    const first = await ok('agent read', 'agent', 'read', 'proj:dev', '--lines', '5');
    expect(first).toEqual({ target: 'proj:dev', text: expect.any(String), lines: 5, cursor: expect.any(String) });
    await ok('agent send', 'agent', 'send', 'proj:dev', 'marker 31337', '--wait-idle');
    const next = await ok('agent read', 'agent', 'read', 'proj:dev', '--since', first.cursor);
    expect(next.text).toContain('got: marker 31337');
    expect(next.text).not.toContain('hello dev');
  });

  test('wait for a state and for text', async () => {
    const waited = await ok('agent wait', 'agent', 'wait', 'proj:dev', '--until', 'idle', '--timeout', '5');
    expect(waited).toEqual({
      target: 'proj:dev',
      state: 'idle',
      source: 'screen',
      reason: expect.any(String),
      lastLines: expect.any(String),
      waitedMs: expect.any(Number),
    });
    expect(
      await ok('agent wait', 'agent', 'wait', 'proj:dev', '--until', 'text:got: \\w+', '--timeout', '5'),
    ).toMatchObject({ state: 'idle' });
  });

  test('failures of the operation exit 1 with their code', async () => {
    expect(await failure('agent wait', 'agent', 'wait', 'proj:dev', '--until', 'waiting', '--timeout', '0.3')).toEqual({
      code: 'agent.waitTimeout',
      exitCode: 1,
    });
    expect(await failure('agent approve', 'agent', 'approve', 'proj:dev')).toEqual({
      code: 'agent.notWaiting',
      exitCode: 1,
    });
    expect(await failure('agent deny', 'agent', 'deny', 'proj:dev')).toEqual({ code: 'agent.notWaiting', exitCode: 1 });
    expect(await failure('agent send', 'agent', 'send', 'proj:nobody', 'hi')).toEqual({
      code: 'agent.notFound',
      exitCode: 1,
    });
    expect(await failure('agent send', 'agent', 'send', 'nosuch:dev', 'hi')).toEqual({
      code: 'tmux.sessionNotFound',
      exitCode: 1,
    });
    expect(await failure('agent send', 'agent', 'send', 'proj:dev', `@${join(dir, 'missing.txt')}`)).toEqual({
      code: 'file.unreadable',
      exitCode: 1,
    });
    expect(
      await failure(
        'agent spawn',
        'agent',
        'spawn',
        'proj',
        '--name',
        'dev',
        '--command',
        process.execPath,
        '--',
        ...fakeArgs(join(dir, 'dup.jsonl')),
      ),
    ).toEqual({ code: 'agent.exists', exitCode: 1 });
  });

  test('usage errors exit 2 with their code', async () => {
    expect(await failure('agent send', 'agent', 'send', 'a:b:c', 'hi')).toEqual({
      code: 'target.invalid',
      exitCode: 2,
    });
    expect(await failure('agent send', 'agent', 'send', 'proj:dev', '')).toEqual({
      code: 'usage.invalid',
      exitCode: 2,
    });
    expect(await failure('agent spawn', 'agent', 'spawn', 'proj', '--kind', 'claude')).toEqual({
      code: 'usage.invalid',
      exitCode: 2,
    });
    expect(await failure('agent spawn', 'agent', 'spawn', 'proj', '--name', 'x', '--kind', 'gpt')).toEqual({
      code: 'usage.invalid',
      exitCode: 2,
    });
    expect(await failure('agent spawn', 'agent', 'spawn', 'proj', '--name', 'bad name', '--', 'sleep', '30')).toEqual({
      code: 'usage.invalid',
      exitCode: 2,
    });
    expect(
      await failure('agent spawn', 'agent', 'spawn', 'proj', '--name', 'x', '--env', 'NOEQUALS', '--', 'sleep', '30'),
    ).toEqual({ code: 'usage.invalid', exitCode: 2 });
    expect(await failure('agent wait', 'agent', 'wait', 'proj:dev', '--until', 'sleepy')).toEqual({
      code: 'usage.invalid',
      exitCode: 2,
    });
    expect(await failure('agent read', 'agent', 'read', 'proj:dev', '--since', 'garbage')).toEqual({
      code: 'usage.invalid',
      exitCode: 2,
    });
    expect(await failure('agent send', 'agent', 'send', 'proj:dev', 'hi', '--bogus')).toEqual({
      code: 'usage.unknownOption',
      exitCode: 2,
    });
    expect(tmux.tmux('list-windows', '-t', 'proj', '-F', '#{window_name}').trim()).toBe('dev');
  });

  test('without --json a failure prints its code on stderr and nothing on stdout', async () => {
    let stdout = '';
    let stderr = '';
    const state = await runProgram(['agent', 'send', 'proj:nobody', 'hi'], {
      manager,
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    });
    expect(state.exitCode).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('[agent.notFound]');
  });

  test('restart --rebrief, then kill', async () => {
    await untilIdle('proj:dev');
    const before = logged(log).length;
    const restarted = await ok('agent restart', 'agent', 'restart', 'proj:dev', '--rebrief');
    expect(restarted).toMatchObject({ ready: true, agent: { target: 'proj:dev' }, briefing: { submitted: true } });
    await untilIdle('proj:dev');
    expect(logged(log).slice(before)).toEqual(['hello dev']);
    expect(await ok('agent kill', 'agent', 'kill', 'proj:dev')).toEqual({ killed: 'proj:dev' });
    expect(await failure('agent status', 'agent', 'status', 'proj:dev')).toEqual({
      code: 'tmux.sessionNotFound',
      exitCode: 1,
    });
    expect(await failure('agent kill', 'agent', 'kill', 'keeper:dev')).toEqual({ code: 'agent.notFound', exitCode: 1 });
  });
});
