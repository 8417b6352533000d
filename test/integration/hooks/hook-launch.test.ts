import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hookDir, hookLaunch, installHookFiles, removeHookFiles } from '../../../src/agents/hooks/hook-launch.js';
import { hookOption, parseHookValue, promptDigest } from '../../../src/agents/hooks/hook-event.js';
import { OrcError } from '../../../src/errors.js';
import { rootOnlyDir } from '../../helpers/root-only-dir.js';
import { privateTmux } from '../../helpers/private-tmux.js';

const root = mkdtempSync(join(tmpdir(), 'orc-hooks14-launch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Stand-ins for the CLIs, on a PATH of their own: hooks are planned only for a program that is there.
const bin = join(root, 'bin');
mkdirSync(bin);
for (const name of ['claude', 'codex', 'codex.js', 'gemini', 'node', 'npx', 'bash', 'aider']) {
  writeFileSync(join(bin, name), '#!/bin/sh\n', { mode: 0o755 });
}
const PATH = { PATH: bin };

/** A fresh private state directory, as tmux-orc makes its own (0700). */
function stateDir(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { mode: 0o700 });
  return dir;
}

const settingsOf = (launch: ReturnType<typeof hookLaunch>, name: string) =>
  JSON.parse(launch.files.find((f) => f.path.endsWith(name))!.content);

describe('Claude Code', () => {
  it('gets a settings file with a hook per event, passed with --settings', () => {
    const state = stateDir('claude');
    const command = [join(bin, 'claude'), '--model', 'x'];
    const launch = hookLaunch('claude', { stateDir: state, agentId: 'proj:dev', command });
    const settings = join(launch.dir, 'claude-settings.json');
    expect(launch.dir.startsWith(join(state, 'hooks'))).toBe(true);
    expect(launch.args).toEqual(['--settings', settings]);
    expect(launch.env).toEqual({});
    expect(launch.events).toEqual(['prompt', 'tool', 'permission', 'stop', 'error', 'session', 'end', 'compact']);
    const script = join(launch.dir, 'tmux-orc-hook.sh');
    const { hooks } = settingsOf(launch, 'claude-settings.json');
    const handler = { type: 'command', command: `sh ${script} prompt`, timeout: 5 };
    expect(hooks.UserPromptSubmit).toEqual([{ hooks: [handler] }]);
    expect(hooks.PermissionRequest[0].matcher).toBe('*');
    expect(Object.keys(hooks)).toEqual([
      'UserPromptSubmit',
      'PreToolUse',
      'PermissionRequest',
      'Stop',
      'StopFailure',
      'SessionStart',
      'SessionEnd',
      'PreCompact',
    ]);
    const content = readFileSync('src/agents/hooks/tmux-orc-hook.sh', 'utf8');
    expect(launch.files[0]).toEqual({ path: script, content });
  });

  it('gets nothing when the program is not claude (a wrapper or a stand-in), nor do kinds without hooks', () => {
    const state = stateDir('wrapped');
    const cases = [
      ['claude', ['node', 'fake-agent.mjs']],
      ['codex', ['npx', 'codex']],
      ['gemini', ['bash']],
      ['aider', ['aider']],
      ['shell', ['bash']],
    ] as const;
    for (const [kind, command] of cases) {
      const launch = hookLaunch(kind, { stateDir: state, agentId: 'a', command, env: PATH });
      expect(launch).toMatchObject({ events: [], args: [], env: {}, files: [], reason: expect.any(String) });
    }
  });

  it('gets nothing when the CLI is not there (it would fail to start anyway)', () => {
    const env = { PATH: join(root, 'nothing') };
    const launch = hookLaunch('claude', { stateDir: stateDir('missing'), agentId: 'a', command: ['claude'], env });
    expect(launch).toMatchObject({ events: [], files: [], reason: expect.stringMatching(/PATH/) });
  });
});

describe('Codex', () => {
  it('gets notify by default (no trust step), the payload as its last argument', () => {
    const launch = hookLaunch('codex', { stateDir: stateDir('codex'), agentId: 'p:c', command: ['codex'], env: PATH });
    const script = join(launch.dir, 'tmux-orc-hook.sh');
    expect(launch.events).toEqual(['stop']);
    expect(launch.args).toEqual(['-c', `notify=["sh",${JSON.stringify(script)},"stop","--payload-arg"]`]);
    expect(launch.files.map((f) => f.path)).toEqual([script]);
  });

  it('gets every hook, as -c overrides, under --dangerously-bypass-hook-trust when asked', () => {
    const options = { stateDir: stateDir('codex-all'), agentId: 'p:c', command: ['codex.js'], env: PATH };
    const launch = hookLaunch('codex', { ...options, codexBypassHookTrust: true });
    const script = join(launch.dir, 'tmux-orc-hook.sh');
    expect(launch.events).toEqual(['prompt', 'tool', 'permission', 'stop', 'session', 'end', 'compact']);
    expect(launch.args[0]).toBe('--dangerously-bypass-hook-trust');
    const handler = `{type="command",command="sh ${script} prompt",timeout=5}`;
    expect(launch.args).toContain(`hooks.UserPromptSubmit=[{hooks=[${handler}]}]`);
    expect(launch.args).toContain(`hooks.SessionEnd=[{hooks=[{type="command",command="sh ${script} end",timeout=3}]}]`);
  });
});

describe('Gemini CLI', () => {
  const asRoot = process.getuid?.() === 0 ? it : it.skip;

  it('gets no hooks where Gemini would refuse the file: not root, or a folder others may write (/tmp)', () => {
    const state = stateDir('gemini-tmp');
    const launch = hookLaunch('gemini', { stateDir: state, agentId: 'p:g', command: ['gemini'], env: PATH });
    const reason = expect.stringMatching(/root|writable by group or others/);
    expect(launch).toMatchObject({ events: [], env: {}, files: [], reason });
  });

  asRoot('gets a system defaults file with its hooks, keeping the one Gemini would read', () => {
    // A root-owned chain that nobody else may write (the checkout's, or /run's when the checkout is under /tmp).
    const secure = rootOnlyDir('.orc-hooks14-state-')!;
    expect(secure).toBeDefined();
    try {
      chmodSync(secure, 0o700);
      const base = join(root, 'system-defaults.json');
      const theirs = { hooks: [{ type: 'command', command: 'theirs' }] };
      writeFileSync(base, JSON.stringify({ general: { vimMode: true }, hooks: { BeforeAgent: [theirs] } }));
      const env = { ...PATH, GEMINI_CLI_SYSTEM_DEFAULTS_PATH: base };
      const launch = hookLaunch('gemini', { stateDir: secure, agentId: 'p:g', command: ['gemini'], env });
      const file = join(launch.dir, 'gemini-system-defaults.json');
      expect(launch.reason).toBeUndefined();
      expect(launch.env).toEqual({ GEMINI_CLI_SYSTEM_DEFAULTS_PATH: file });
      expect(launch.events).toEqual(['prompt', 'tool', 'permission', 'stop', 'session', 'end']);
      const settings = settingsOf(launch, 'gemini-system-defaults.json');
      expect(settings.general).toEqual({ vimMode: true });
      const command = `sh ${join(launch.dir, 'tmux-orc-hook.sh')} prompt`;
      const ours = { name: 'tmux-orc-prompt', type: 'command', command, timeout: 5000 };
      expect(settings.hooks.BeforeAgent).toEqual([theirs, { matcher: '', hooks: [ours] }]);
      const events = ['BeforeAgent', 'BeforeTool', 'Notification', 'AfterAgent', 'SessionStart', 'SessionEnd'];
      expect(Object.keys(settings.hooks)).toEqual(events);
    } finally {
      rmSync(secure, { recursive: true, force: true });
    }
  });
});

describe('files', () => {
  it('keeps every agent in its own folder under the state directory, whatever its id', () => {
    const ids = ['a:b', 'a_b', '../../etc', 'x/y', '%1', 'a'.repeat(300), ''];
    const dirs = ids.map((id) => hookDir('/state', id));
    expect(new Set(dirs).size).toBe(ids.length);
    for (const dir of dirs) expect(dir).toMatch(/^\/state\/hooks\/[A-Za-z0-9_-]{0,64}-[0-9a-f]{8}$/);
  });

  it('writes the folder 0700 and the files 0600, and removes them', () => {
    const state = stateDir('install');
    const launch = hookLaunch('claude', { stateDir: state, agentId: 'p:dev', command: ['claude'], env: PATH });
    installHookFiles(launch, state);
    expect(statSync(launch.dir).mode & 0o777).toBe(0o700);
    for (const file of launch.files) expect(statSync(file.path).mode & 0o777).toBe(0o600);
    removeHookFiles(state, 'p:dev');
    expect(() => statSync(launch.dir)).toThrow();
  });

  it('refuses a state directory others may write (state.unsafe)', () => {
    const state = stateDir('open');
    chmodSync(state, 0o777);
    const launch = hookLaunch('claude', { stateDir: state, agentId: 'p:dev', command: ['claude'], env: PATH });
    let code = '';
    try {
      installHookFiles(launch, state);
    } catch (error) {
      code = (error as OrcError).code;
    }
    expect(code).toBe('state.unsafe');
  });

  it("gets no hooks when the state directory's path has control characters", () => {
    const launch = hookLaunch('claude', { stateDir: join(root, 'a\nb'), agentId: 'x', command: ['claude'], env: PATH });
    expect(launch).toMatchObject({ events: [], reason: expect.stringMatching(/control characters/) });
  });

  it('runs its hook commands from a path with spaces and quotes', async () => {
    const state = join(root, `it's a "state" dir`);
    mkdirSync(state, { mode: 0o700 });
    const launch = hookLaunch('claude', { stateDir: state, agentId: 'p:dev', command: ['claude'], env: PATH });
    installHookFiles(launch, state);
    const tmux = privateTmux('orc-hooks14-launch');
    try {
      tmux.tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'h', 'sleep', '60');
      const socket = tmux.tmux('display', '-p', '#{socket_path}').trim();
      const pane = tmux.tmux('display', '-p', '-t', 'h', '#{pane_id}').trim();
      const command = settingsOf(launch, 'claude-settings.json').hooks.UserPromptSubmit[0].hooks[0].command as string;
      const env = { PATH: process.env.PATH!, TMUX: `${socket},1,0`, TMUX_PANE: pane };
      execFileSync('sh', ['-c', command], { input: JSON.stringify({ prompt: 'quoted' }), env });
      const value = tmux.tmux('show-options', '-p', '-v', '-t', pane, hookOption('prompt')).trim();
      expect(parseHookValue(value)?.detail).toBe(promptDigest('quoted'));
    } finally {
      await tmux.kill();
    }
  });
});
