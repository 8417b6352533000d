import { createHash } from 'node:crypto';
import { accessSync, chmodSync, constants, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, delimiter, isAbsolute, join, resolve } from 'node:path';
import { ensureStateDir } from '../../monitor/state-dir.js';
import type { AgentKind } from '../agent-state.js';
import type { HookEvent } from './hook-event.js';
import { HOOK_SCRIPT_NAME, hookScriptText } from './hook-script.js';
import { kindModule } from '../kinds/index.js';
import type { HookFile } from './kind-hooks.js';

export type { HookFile } from './kind-hooks.js';

/** What an agent is started with so that its CLI reports its events into its pane's options. */
export interface HookLaunch {
  /** The events the CLI will report; empty when it gets no hooks (then {@link reason} says why). */
  events: readonly HookEvent[];
  /** Arguments to append to the command. */
  args: string[];
  /** Environment to add to the agent's. */
  env: Record<string, string>;
  /** Files to write first ({@link installHookFiles}): the script and the CLI's settings, in {@link dir}. */
  files: HookFile[];
  /** The agent's private hook folder. */
  dir: string;
  reason?: string;
}

/** Where and for what an agent's hooks are planned. */
export interface HookLaunchOptions {
  /** tmux-orc's state directory (monitor-paths.ts `stateDir()`); the hooks go to `<stateDir>/hooks/<agent>/`. */
  stateDir: string;
  /** Names the agent's hook folder, e.g. `session:name`. */
  agentId: string;
  /** The program and arguments the agent is started with: arguments are added only for the kind's own CLI. */
  command: readonly string[];
  /** The agent's environment (its PATH and the CLI's configuration paths are looked up in it, then in tmux-orc's). */
  env?: Readonly<Record<string, string>>;
  /** The agent's working directory, for a relative program path. */
  cwd?: string;
  /** Codex: run all its hooks under `--dangerously-bypass-hook-trust` instead of `notify` alone (codex-hooks.ts). */
  codexBypassHookTrust?: boolean;
}

/**
 * Plans the hooks of one agent: the arguments, environment and files that make its CLI write each event into its
 * pane's options (docs/real-agents.md, "Hooks"). Nothing goes into the user's own CLI configuration: the files are
 * in a private folder under the state directory. Reads only; {@link installHookFiles} writes the files.
 * @example const launch = hookLaunch('claude', { stateDir, agentId: 'proj:dev', command: ['claude'] })
 */
export function hookLaunch(kind: AgentKind, options: HookLaunchOptions): HookLaunch {
  const dir = hookDir(options.stateDir, options.agentId);
  const none = (reason: string): HookLaunch => ({ events: [], args: [], env: {}, files: [], dir, reason });
  // The kind's module says how its CLI gets hooks (src/agents/kinds/); a kind without is started without.
  const hooks = kindModule(kind).hooks;
  if (!hooks) return none(`${kind} has no hooks`);
  const program = programName(options.command[0] ?? '');
  if (hooks.programs && !hooks.programs.includes(program)) {
    return none(`${program || 'the program'} is not ${hooks.programs.join(' or ')}`);
  }
  const env = { ...process.env, ...options.env };
  // A CLI that is not there fails to start anyway (status 127): it needs no files.
  if (!findProgram(options.command[0] ?? '', env.PATH ?? '', options.cwd)) {
    return none(`${options.command[0]} is not on the PATH`);
  }
  const script = join(dir, HOOK_SCRIPT_NAME);
  // The path goes into shell commands and into settings files that some CLIs expand $VAR in.
  if (/[\x00-\x1f\x7f]/.test(script)) {
    return none(`the state directory's path has control characters: ${JSON.stringify(script)}`);
  }
  const plan = hooks.plan({
    dir,
    script,
    env,
    codexBypassHookTrust: options.codexBypassHookTrust === true,
  });
  if ('reason' in plan) return none(plan.reason);
  return {
    events: plan.events,
    args: plan.args ?? [],
    env: plan.env ?? {},
    dir,
    files: [{ path: script, content: hookScriptText() }, ...(plan.files ?? [])],
  };
}

/** The private hook folder of an agent: its id made a file name, with a hash so that two ids never share one. */
export function hookDir(stateDir: string, agentId: string): string {
  const name = agentId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return join(stateDir, 'hooks', `${name}-${createHash('sha256').update(agentId).digest('hex').slice(0, 8)}`);
}

/**
 * Writes a launch's files: the state directory must be the user's own and private (`state.unsafe` otherwise), the
 * hook folder is made mode 0700 and every file mode 0600.
 */
export function installHookFiles(launch: HookLaunch, stateDir: string): void {
  if (launch.files.length === 0) return;
  ensureStateDir(stateDir);
  mkdirSync(launch.dir, { recursive: true, mode: 0o700 });
  chmodSync(launch.dir, 0o700);
  for (const file of launch.files) {
    writeFileSync(file.path, file.content, { mode: 0o600 });
    chmodSync(file.path, 0o600);
  }
}

/** Removes an agent's hook folder (when the agent is killed); nothing when there is none. */
export function removeHookFiles(stateDir: string, agentId: string): void {
  rmSync(hookDir(stateDir, agentId), { recursive: true, force: true });
}

/** Whether a program would be found: a path as it is, a name in a folder of the PATH, as an executable file. */
function findProgram(program: string, path: string, cwd = process.cwd()): boolean {
  const candidates = program.includes('/')
    ? [isAbsolute(program) ? program : resolve(cwd, program)]
    : path
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, program));
  return candidates.some((file) => {
    try {
      accessSync(file, constants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

/** A program's name as the kinds list them: its file name without `.exe`, `.js`, `.cjs` or `.mjs`. */
function programName(program: string): string {
  return basename(program).replace(/\.(exe|js|cjs|mjs)$/, '');
}
