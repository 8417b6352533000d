import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { AGENT_KINDS, type AgentKind } from '../src/agents/agent-state.js';
import { kindProfile } from '../src/agents/kind-profiles.js';
import { OrcError } from '../src/errors.js';
import { builtCliPath } from '../src/monitor/daemon.js';
import { stateDir } from '../src/monitor/monitor-paths.js';
import { checkStateDir } from '../src/monitor/state-dir.js';
import { controlClientsSafe, parseTmuxVersion } from '../src/tmux/tmux-version.js';
import { findOnPath } from './find-on-path.js';
import { shellQuote } from './shell-quote.js';

/** What `tmux-orc doctor` reports. */
export interface DoctorReport {
  node: string;
  tmux: { path?: string; version?: string; controlClientsSafe?: boolean; note?: string };
  locale: { value: string; utf8: boolean; note?: string };
  agents: { kind: AgentKind; program: string; path?: string; version?: string }[];
  stateDir: { path: string; exists: boolean; safe: boolean; problem?: string };
  ssh: { path?: string };
  mcp: { command: string[]; claude: string; codex: string; gemini: string };
}

/** Why doctor flags tmux before 3.7 (tmux-version.ts has the details). */
const UNSAFE_NOTE =
  'before 3.7 a control client that connects while others come and go can crash the server: ' +
  'one-shot CLI runs use a tmux process per command instead (docs/security.md)';

/** How long `<program> --version` may take (an agent CLI written in Python or Node can be slow to start). */
const VERSION_TIMEOUT_MS = 5000;

/** The first line `<program> <args>` prints, or undefined when it fails or takes too long. */
function firstLine(program: string, args: readonly string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const options = {
      encoding: 'utf8',
      timeout: VERSION_TIMEOUT_MS,
      killSignal: 'SIGKILL',
      maxBuffer: 64 * 1024,
    } as const;
    const child = execFile(program, [...args], options, (error, stdout, stderr) => {
      const line = `${stdout}\n${stderr}`
        .split('\n')
        .map((l) => l.trim())
        .find(Boolean);
      resolve(error ? undefined : line?.slice(0, 200));
    });
    child.stdin?.end();
  });
}

/** Checks everything doctor reports; each check is bounded in time and none changes anything. */
export async function runDoctor(env: NodeJS.ProcessEnv = process.env): Promise<DoctorReport> {
  const tmuxPath = findOnPath('tmux', env.PATH);
  const programs = AGENT_KINDS.map((kind) => ({ kind, program: kindProfile(kind).defaultCommand[0] ?? '' })).filter(
    (a) => a.program && a.kind !== 'shell' && a.kind !== 'custom',
  );
  const [tmuxLine, ...versions] = await Promise.all([
    tmuxPath ? firstLine(tmuxPath, ['-V']) : Promise.resolve(undefined),
    ...programs.map((a) => {
      const path = findOnPath(a.program, env.PATH);
      return path ? firstLine(path, ['--version']) : Promise.resolve(undefined);
    }),
  ]);
  return {
    node: process.version,
    tmux: tmuxReport(tmuxPath, tmuxLine),
    locale: localeReport(env),
    agents: programs.map((a, i) => {
      const path = findOnPath(a.program, env.PATH);
      return { ...a, ...(path ? { path } : {}), ...(versions[i] ? { version: versions[i] } : {}) };
    }),
    stateDir: stateDirReport(env),
    ssh: { ...(findOnPath('ssh', env.PATH) ? { path: findOnPath('ssh', env.PATH)! } : {}) },
    mcp: mcpRegistration(env),
  };
}

function tmuxReport(path: string | undefined, line: string | undefined): DoctorReport['tmux'] {
  if (!path) return { note: 'tmux is not on PATH: install tmux 3.2 or newer (e.g. apt-get install tmux)' };
  if (!line) return { path, note: 'tmux -V failed' };
  const version = parseTmuxVersion(line);
  const safe = controlClientsSafe(version);
  return {
    path,
    version: version.text,
    controlClientsSafe: safe,
    ...(safe ? {} : { note: UNSAFE_NOTE }),
    ...(version.major < 3 || (version.major === 3 && version.minor < 2)
      ? { note: 'tmux-orc needs tmux 3.2 or newer' }
      : {}),
  };
}

function localeReport(env: NodeJS.ProcessEnv): DoctorReport['locale'] {
  const value = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  const utf8 = /utf-?8/i.test(value);
  return {
    value,
    utf8,
    ...(utf8
      ? {}
      : {
          note:
            'no UTF-8 locale: tmux-orc still reads panes correctly (its clients run tmux -u), ' +
            'but the agents you start inherit this locale',
        }),
  };
}

function stateDirReport(env: NodeJS.ProcessEnv): DoctorReport['stateDir'] {
  const path = stateDir(env);
  try {
    return { path, exists: checkStateDir(path), safe: true };
  } catch (error) {
    return { path, exists: true, safe: false, problem: error instanceof OrcError ? error.message : String(error) };
  }
}

/**
 * The command an MCP client should run: `tmux-orc mcp` when the tmux-orc on PATH is this very install, else this
 * Node and the absolute path of the built CLI (a clone, or an install whose bin is not on PATH).
 */
function mcpRegistration(env: NodeJS.ProcessEnv): DoctorReport['mcp'] {
  let command = ['tmux-orc', 'mcp'];
  try {
    const cli = realpathSync(builtCliPath());
    const onPath = findOnPath('tmux-orc', env.PATH);
    if (!onPath || realpathSync(onPath) !== cli) command = [process.execPath, cli, 'mcp'];
  } catch {
    // no build found from here (a test runner on the sources): the bin name is the best advice
  }
  const words = command.map(shellQuote).join(' ');
  const [program, ...args] = command;
  return {
    command,
    claude: `claude mcp add tmux-orc -- ${words}`,
    codex:
      `codex mcp add tmux-orc -- ${words}   # or in ~/.codex/config.toml: [mcp_servers.tmux-orc] ` +
      `command = ${JSON.stringify(program)} args = ${JSON.stringify(args)}`,
    gemini:
      `gemini mcp add tmux-orc ${words}   # or in ~/.gemini/settings.json: "mcpServers": ` +
      `{"tmux-orc": {"command": ${JSON.stringify(program)}, "args": ${JSON.stringify(args)}}}`,
  };
}
