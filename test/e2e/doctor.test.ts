import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { KIND_MODULES } from '../../src/agents/kinds/index.js';
import { requireBuiltCli } from '../helpers/built-cli.js';

// doctor runs on a PATH made for the test: the real tmux's folder, and a folder of fake agent CLIs.
let dir: string;
let bin: string;
const tmuxDir = dirname(execFileSync('sh', ['-c', 'command -v tmux'], { encoding: 'utf8' }).trim());

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'orc-door18-doctor-'));
  bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'claude'), '#!/bin/sh\necho "9.8.7 (Claude Code)"\n', { mode: 0o755 });
  writeFileSync(join(bin, 'gemini'), '#!/bin/sh\nexit 3\n', { mode: 0o755 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function doctor(env: NodeJS.ProcessEnv): Promise<{ code: number; doc: Record<string, any>; stdout: string }> {
  const base = {
    HOME: join(dir, 'home'),
    PATH: `${bin}:${tmuxDir}:/usr/bin:/bin`,
    LANG: 'C.UTF-8',
    TMUX_ORC_STATE_DIR: join(dir, 'state'),
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [requireBuiltCli(), 'doctor', '--json'],
      { env: { ...base, ...env }, timeout: 20_000 },
      (error, stdout) => {
        resolve({ code: error ? Number(error.code ?? -1) : 0, doc: JSON.parse(stdout) as Record<string, any>, stdout });
      },
    );
  });
}

test('doctor --json: tmux and whether it is safe for concurrent control clients, the locale, agent CLIs with versions', async () => {
  const { code, doc } = await doctor({});
  expect(code).toBe(0);
  const d = doc.data;
  const real = execFileSync('tmux', ['-V'], { encoding: 'utf8' })
    .trim()
    .replace(/^tmux /, '');
  expect(d.tmux.version).toBe(real);
  expect(d.tmux.path).toBe(join(tmuxDir, 'tmux'));
  const [major, minor] = real.split('.').map((p) => parseInt(p, 10));
  expect(d.tmux.controlClientsSafe).toBe(major! > 3 || (major === 3 && minor! >= 7));
  expect(d.locale).toEqual({ value: 'C.UTF-8', utf8: true });
  const agents = Object.fromEntries((d.agents as { kind: string }[]).map((a) => [a.kind, a]));
  expect(agents.claude).toEqual({
    kind: 'claude',
    program: 'claude',
    path: join(bin, 'claude'),
    version: '9.8.7 (Claude Code)',
  });
  expect(agents.gemini).toEqual({ kind: 'gemini', program: 'gemini', path: join(bin, 'gemini') });
  // Every kind that runs a program of its own (not a shell or any program), from the registry.
  const programs = KIND_MODULES.filter((k) => k.profile.plain !== true).map((k) => k.name);
  expect(programs).toEqual(expect.arrayContaining(['aider', 'claude', 'codex', 'gemini', 'opencode']));
  expect(Object.keys(agents).sort()).toEqual([...programs].sort());
  expect(d.stateDir).toEqual({ path: join(dir, 'state'), exists: false, safe: true });
  expect(d.node).toBe(process.version);
});

test('no UTF-8 locale, an unsafe state directory: both said', async () => {
  const state = join(dir, 'open-state');
  mkdirSync(state);
  chmodSync(state, 0o777);
  const { doc } = await doctor({ LANG: 'C', TMUX_ORC_STATE_DIR: state });
  expect(doc.data.locale).toMatchObject({ value: 'C', utf8: false, note: expect.any(String) });
  expect(doc.data.stateDir).toMatchObject({
    path: state,
    exists: true,
    safe: false,
    problem: expect.stringContaining('writable'),
  });
});

test('how to register the MCP server: this node and the built CLI, or tmux-orc when that is the one on PATH', async () => {
  const offPath = (await doctor({})).doc.data.mcp;
  expect(offPath.command).toEqual([process.execPath, requireBuiltCli(), 'mcp']);
  expect(offPath.claude).toBe(`claude mcp add tmux-orc -- ${process.execPath} ${requireBuiltCli()} mcp`);
  expect(offPath.codex).toMatch(/^codex mcp add tmux-orc -- /);
  expect(offPath.gemini).toMatch(/^gemini mcp add tmux-orc /);
  symlinkSync(requireBuiltCli(), join(bin, 'tmux-orc'));
  const onPath = (await doctor({})).doc.data.mcp;
  expect(onPath.command).toEqual(['tmux-orc', 'mcp']);
  expect(onPath.claude).toBe('claude mcp add tmux-orc -- tmux-orc mcp');
});

test('the human view names each part', async () => {
  const out = execFileSync(process.execPath, [requireBuiltCli(), 'doctor'], {
    encoding: 'utf8',
    env: { HOME: join(dir, 'home'), PATH: `${bin}:${tmuxDir}:/usr/bin:/bin`, TMUX_ORC_STATE_DIR: join(dir, 'state') },
  });
  for (const part of ['tmux', 'locale', 'claude', 'state', 'ssh', 'Claude Code:', 'Codex:', 'Gemini CLI:'])
    expect(out).toContain(part);
});
