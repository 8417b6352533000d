import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentKind } from '../agents/agent-state.js';
import { serverKey, serverSocketPath, stateDir } from '../monitor/monitor-paths.js';
import { checkStateDir, ensureStateDir } from '../monitor/state-dir.js';
import { readStateFile, replaceStateFile } from '../monitor/state-file-io.js';
import type { SocketOptions } from '../tmux/transport.js';
import type { AgentWorktree } from '../worktrees/agent-worktree.js';

/** One agent as the fleet file keeps it, enough to bring it back after tmux is gone (a kill-server, a reboot). */
export interface FleetEntry {
  version: 1;
  /** The host the agent runs on: `local`, or its name in the hosts file (each host's fleet has a folder of its own). */
  host: string;
  session: string;
  name: string;
  windowIndex: number;
  kind: AgentKind;
  role: string;
  command: string[];
  cwd?: string;
  /** Environment values that are not secret; secret ones keep only their key, in `secretEnv`. */
  env?: Record<string, string>;
  secretEnv?: string[];
  worktree?: AgentWorktree;
  /**
   * The CLI's conversation id at the agent's last start, to resume it. The agent's hooks keep the id the CLI last
   * reported (a fork on resume, a /clear) in its hook folder, which a restore reads first (conversation.ts).
   */
  cliSessionId?: string;
  /** The team it was deployed in (`team deploy`: the template or team file's name). */
  team?: string;
  /** Its briefing, sent again only when a restore cannot resume its conversation (a fresh start). */
  briefing?: string;
  /** False when spawned with `--no-hooks`: restored without them too. */
  hooks?: false;
  /** Killed on purpose, kept only for its worktree (worktree list and prune): never restored. */
  killed?: boolean;
  created: string;
  updatedAt: string;
}

/**
 * Which environment variables are secret, so the fleet file on disk keeps only their names: names with TOKEN, SECRET,
 * PASSWORD/PASSWD/PASS, KEY (API_KEY, ACCESS_KEY, ...), CREDENTIAL, AUTH, COOKIE or SESSION in them, and any the user
 * marks so (`agent spawn --env-secret KEY`).
 */
export function isSecretEnv(key: string, marked: readonly string[] = []): boolean {
  return (
    marked.includes(key) || /TOKEN|SECRET|PASS(?:WORD|WD)?\b|PASSWORD|KEY|CREDENTIAL|AUTH|COOKIE|SESSION/i.test(key)
  );
}

/** The fleet folder of one tmux server: one file per agent, so concurrent writers never lose each other's updates. */
export function fleetDir(socket: SocketOptions, env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), `fleet-${serverKey(serverSocketPath(socket, env))}`);
}

/** An entry holds a briefing of up to 256 KiB and a command and environment of the agent's: far less than this. */
const MAX_ENTRY_BYTES = 4 << 20;

/** A file name for an agent: its session and name, which may hold anything, as base64url. */
function fileOf(session: string, name: string): string {
  return `${Buffer.from(`${session}\0${name}`).toString('base64url')}.json`;
}

/** Writes (or replaces) an agent's entry atomically, 0600, never through a symlink. */
export function saveFleetEntry(socket: SocketOptions, entry: Omit<FleetEntry, 'version' | 'updatedAt'>): void {
  const dir = fleetDir(socket);
  ensureStateDir(dir);
  const full: FleetEntry = { version: 1, ...entry, updatedAt: new Date().toISOString() };
  replaceStateFile(join(dir, fileOf(entry.session, entry.name)), `${JSON.stringify(full, null, 2)}\n`);
}

/** Updates some fields of an agent's entry, if it has one. */
export function updateFleetEntry(
  socket: SocketOptions,
  session: string,
  name: string,
  fields: Partial<FleetEntry>,
): void {
  const entry = readFleetEntry(socket, session, name);
  if (entry) saveFleetEntry(socket, { ...entry, ...fields });
}

/** Removes an agent's entry (it was killed on purpose: not to be restored). */
export function removeFleetEntry(socket: SocketOptions, session: string, name: string): void {
  rmSync(join(fleetDir(socket), fileOf(session, name)), { force: true });
}

/** One agent's entry, or undefined. */
export function readFleetEntry(socket: SocketOptions, session: string, name: string): FleetEntry | undefined {
  return parseEntry(readStateFile(join(fleetDir(socket), fileOf(session, name)), MAX_ENTRY_BYTES));
}

/**
 * Every agent's entry of a tmux server, by session then window index. A folder that is a symlink, not the user's, or
 * writable by others is `state.unsafe`: its entries' commands would be run by a restore.
 */
export function readFleet(socket: SocketOptions): FleetEntry[] {
  const dir = fleetDir(socket);
  if (!checkStateDir(dir)) return [];
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return names
    .flatMap((f) => parseEntry(readStateFile(join(dir, f), MAX_ENTRY_BYTES)) ?? [])
    .sort((a, b) => a.session.localeCompare(b.session) || a.windowIndex - b.windowIndex);
}

function parseEntry(text: string | undefined): FleetEntry | undefined {
  if (!text) return undefined;
  try {
    const entry = JSON.parse(text) as FleetEntry;
    return entry.version === 1 &&
      typeof entry.session === 'string' &&
      typeof entry.name === 'string' &&
      Array.isArray(entry.command)
      ? entry
      : undefined;
  } catch {
    return undefined;
  }
}
