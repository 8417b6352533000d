import { closeSync, fstatSync, openSync, readSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { z as Zod } from 'zod';
import { OrcError } from '../errors.js';

/** One host of the hosts file, as the user wrote it (after validation). */
export interface HostEntry {
  /** What ssh is given as the destination: `user@host`, `host`, or an alias of `~/.ssh/config`. */
  destination: string;
  /** More ssh arguments (`-p 2222`, `-F file`, `-i key`, `-o Name=value`), put before tmux-orc's own defaults. */
  sshArgs: string[];
  /** The remote tmux server's socket name (`tmux -L`); its default server when absent. */
  tmuxSocketName?: string;
  /** The remote tmux binary; `tmux` on the remote PATH by default. */
  tmux?: string;
}

/** The hosts file: named hosts. `local` (this machine) is implicit and cannot be redefined. */
export interface HostsFile {
  path: string;
  hosts: Readonly<Record<string, HostEntry>>;
}

/** The name that always means this machine. */
export const LOCAL_HOST = 'local';

/** The largest hosts file read (a few hundred hosts fit in a few KB). */
const HOSTS_FILE_MAX_BYTES = 256 * 1024;

/** `$TMUX_ORC_HOSTS`, else `$XDG_CONFIG_HOME/tmux-orc/hosts.json`, else `~/.config/tmux-orc/hosts.json`. */
export function hostsFilePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TMUX_ORC_HOSTS) return env.TMUX_ORC_HOSTS;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'tmux-orc', 'hosts.json');
}

/** A host name: what targets (`name/session:window`) and `-H name` use. */
export const HOST_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/** A destination ssh takes as one: no leading `-` (it would be read as an option), no spaces or control characters. */
export function checkDestination(destination: string): string | undefined {
  if (destination === '' || destination.length > 255) return 'must be 1-255 characters';
  if (destination.startsWith('-')) return 'must not start with "-"';
  if (/[\s\x00-\x1f\x7f]/.test(destination)) return 'must not hold spaces or control characters';
  return undefined;
}

function hostsSchema(z: typeof Zod) {
  const word = (what: string) =>
    z
      .string()
      .min(1)
      .max(4096)
      .refine((s) => !/[\x00-\x1f\x7f]/.test(s), `${what} must not hold control characters`);
  const entry = z.strictObject({
    destination: z.string().superRefine((d, ctx) => {
      const why = checkDestination(d);
      if (why) ctx.addIssue({ code: 'custom', message: `destination ${why}` });
    }),
    sshArgs: z.array(word('an ssh argument')).max(64).default([]),
    tmuxSocketName: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,100}$/, 'tmuxSocketName: letters, digits, "_", "." and "-"')
      .optional(),
    tmux: word('tmux').optional(),
  });
  return z.strictObject({
    hosts: z.record(
      z
        .string()
        .regex(HOST_NAME, 'host names: letters, digits, "_", "." and "-", up to 64')
        .refine((n) => n !== LOCAL_HOST, `"${LOCAL_HOST}" is this machine and cannot be defined`),
      entry,
    ),
  });
}

const cache = new Map<string, { mtimeMs: number; size: number; file: HostsFile }>();

/**
 * Reads and validates the hosts file (zod); a missing file is an empty one. Read again only when it changed (a
 * long-lived MCP server sees hosts added later). A malformed file is `host.fileInvalid`, naming the field.
 * @example (await loadHostsFile()).hosts.build?.destination // 'ci@build.example.com'
 */
export async function loadHostsFile(path: string = hostsFilePath()): Promise<HostsFile> {
  const text = readSmallFile(path);
  if (text === undefined) return { path, hosts: {} };
  const known = cache.get(path);
  if (known && known.mtimeMs === text.mtimeMs && known.size === text.size) return known.file;
  let json: unknown;
  try {
    json = JSON.parse(text.content);
  } catch {
    throw invalid(path, 'it is not valid JSON');
  }
  const { z } = await import('zod');
  const parsed = hostsSchema(z).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // The path with host names as <name>: a name is the user's own text, and the message may reach a model.
    const where =
      issue?.path.map((p, i) => (i === 1 && issue.path[0] === 'hosts' ? '<name>' : String(p))).join('.') ?? '';
    throw invalid(path, `${where ? `${where}: ` : ''}${issue?.message ?? 'invalid'}`);
  }
  const file: HostsFile = { path, hosts: parsed.data.hosts };
  cache.set(path, { mtimeMs: text.mtimeMs, size: text.size, file });
  return file;
}

function invalid(path: string, why: string): OrcError {
  return new OrcError('host.fileInvalid', `the hosts file ${path} is invalid: ${why}`, {
    hint: 'it is { "hosts": { "<name>": { "destination": "user@host", "sshArgs": [], "tmuxSocketName": "...", "tmux": "tmux" } } } (docs/multi-host.md)',
  });
}

/** A regular file's text, at most HOSTS_FILE_MAX_BYTES; undefined when it does not exist. */
function readSmallFile(path: string): { content: string; mtimeMs: number; size: number } | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw invalid(path, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw invalid(path, 'it is not a regular file');
    if (info.size > HOSTS_FILE_MAX_BYTES) throw invalid(path, `it is larger than ${HOSTS_FILE_MAX_BYTES} bytes`);
    const buffer = Buffer.alloc(HOSTS_FILE_MAX_BYTES + 1);
    let length = 0;
    for (let n; (n = readSync(fd, buffer, length, buffer.length - length, null)) > 0;) length += n;
    if (length > HOSTS_FILE_MAX_BYTES) throw invalid(path, `it is larger than ${HOSTS_FILE_MAX_BYTES} bytes`);
    return { content: buffer.subarray(0, length).toString('utf8'), mtimeMs: info.mtimeMs, size: info.size };
  } finally {
    closeSync(fd);
  }
}
