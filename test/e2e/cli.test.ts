import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_CLI, ROOT } from '../helpers/built-cli.js';
import { killAllPrivateTmux, privateTmux, type PrivateTmux } from '../helpers/private-tmux.js';

interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

let server: PrivateTmux;

beforeAll(() => {
  // npm test builds first (pretest); a single-file run builds only when the build is missing.
  if (!existsSync(BUILT_CLI)) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  server = privateTmux('e2e');
}, 120_000);

afterAll(killAllPrivateTmux);

/** Runs the built CLI on the private server, argv as an array (no shell), stdout and stderr as pipes. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const base = { ...process.env };
  delete base.TMUX_ORC_SOCKET_NAME;
  delete base.NO_COLOR;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BUILT_CLI, '-L', server.socketName, ...args],
      { env: { ...base, ...env }, timeout: 15_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ exitCode: code, stdout, stderr });
      },
    );
  });
}

/** Parses stdout as the one JSON envelope it must be. */
function envelope(result: CliResult): Record<string, any> {
  expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
  return JSON.parse(result.stdout) as Record<string, any>;
}

// The tests share one server and run in order: no server, then sessions.
describe('the built CLI', () => {
  test('list --json with no server: ok, serverRunning false', async () => {
    const result = await cli(['list', '--json']);
    expect(result.exitCode).toBe(0);
    expect(envelope(result)).toEqual({
      ok: true,
      command: 'list',
      data: { serverRunning: false, sessions: [] },
      meta: expect.any(Object),
    });
  });

  test('session new creates a session', async () => {
    const result = await cli(['session', 'new', 'alpha', '--json']);
    expect(result.exitCode).toBe(0);
    const doc = envelope(result);
    expect(doc.ok).toBe(true);
    expect(doc.data).toEqual({
      session: 'alpha',
      sessionId: expect.stringMatching(/^\$\d+$/),
      windowId: expect.stringMatching(/^@\d+$/),
      windowIndex: 0,
      paneId: expect.stringMatching(/^%\d+$/),
    });
    expect(server.tmux('list-sessions', '-F', '#{session_name}')).toBe('alpha\n');
  });

  test('list --json describes the session field by field', async () => {
    await cli(['window', 'new', 'alpha', '-n', 'second']);
    const before = Date.now();
    const doc = envelope(await cli(['list', '--json']));
    expect(doc.ok).toBe(true);
    expect(doc.command).toBe('list');
    expect(doc.data.serverRunning).toBe(true);
    expect(doc.data.sessions).toHaveLength(1);
    const s = doc.data.sessions[0];
    expect(Object.keys(s).sort()).toEqual(['agents', 'attached', 'created', 'id', 'name', 'panes', 'windows']);
    expect(s.name).toBe('alpha');
    expect(s.id).toMatch(/^\$\d+$/);
    expect(s.windows).toBe(2);
    expect(s.panes).toBe(2);
    expect(s.agents).toBe(0);
    // The CLI's own control client is not counted.
    expect(s.attached).toBe(0);
    expect(new Date(s.created).toISOString()).toBe(s.created);
    expect(Math.abs(Date.parse(s.created) - before)).toBeLessThan(60_000);
    expect(doc.meta).toEqual({ durationMs: expect.any(Number), version: expect.any(String) });
  });

  test('session kill of an unknown session: exit 1, tmux.sessionNotFound', async () => {
    const result = await cli(['session', 'kill', 'nope', '--json']);
    expect(result.exitCode).toBe(1);
    const doc = envelope(result);
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toBe('tmux.sessionNotFound');
  });

  test('window kill of a malformed target: exit 2, target.invalid', async () => {
    const result = await cli(['window', 'kill', 'bad::target', '--json']);
    expect(result.exitCode).toBe(2);
    expect(envelope(result).error.code).toBe('target.invalid');
  });

  test('human list output is an aligned table', async () => {
    await cli(['session', 'new', 'a-much-longer-session-name']);
    const result = await cli(['list']);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const header = lines[0]!;
    expect(header.split(/\s{2,}/)).toEqual(['SESSION', 'WINDOWS', 'PANES', 'AGENTS', 'ATTACHED', 'CREATED']);
    // Every column starts at the same offset in every row as in the header.
    const starts = ['WINDOWS', 'PANES', 'AGENTS', 'ATTACHED', 'CREATED'].map((h) => header.indexOf(h));
    const rows = lines.slice(1);
    expect(rows.map((r) => r.split(/\s{2,}/)[0]).sort()).toEqual(['a-much-longer-session-name', 'alpha']);
    for (const row of rows) {
      for (const start of starts) {
        expect(row[start - 1]).toBe(' ');
        expect(row[start]).not.toBe(' ');
      }
    }
  });

  test('non-TTY output, with or without NO_COLOR, has no escape codes', async () => {
    const envs: NodeJS.ProcessEnv[] = [{}, { NO_COLOR: '1', TERM: 'xterm-256color', FORCE_COLOR: '1' }];
    const commands = [['list'], ['status'], ['session', 'list'], ['session', 'kill', 'nope']];
    const results = await Promise.all(
      envs.flatMap((env) => commands.map(async (args) => ({ args, env, result: await cli(args, env) }))),
    );
    for (const { args, env, result } of results) {
      const printed = result.stdout + result.stderr;
      expect({ args, env, printed, escapes: /\x1b/.test(printed) }).toEqual({ args, env, printed, escapes: false });
      expect(printed).not.toBe('');
    }
  });

  test('reflect --write writes both reference files (the bundle loads node built-ins on demand)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orc-reflect-'));
    try {
      const result = await cli(['reflect', '--format', 'markdown', '--write', dir]);
      expect(result.exitCode).toBe(0);
      expect(readFileSync(join(dir, 'mcp-tools.md'), 'utf8')).toContain('agent_send');
      expect(readFileSync(join(dir, 'cli.md'), 'utf8')).toContain('tmux-orc agent send');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a reader that stops early (| head) is not an error', async () => {
    const child = spawn(process.execPath, [BUILT_CLI, 'reflect', '--format', 'json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });
});
