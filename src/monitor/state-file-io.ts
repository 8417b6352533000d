import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { stateUnsafe } from './state-dir.js';

const { O_APPEND, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK, O_RDONLY, O_TRUNC, O_WRONLY } = constants;

/**
 * Opens a file in the state directory without following a symlink at its path (O_NOFOLLOW), so a planted link
 * can never make the monitor write or truncate its target; a link, a FIFO or a device there is `state.unsafe`.
 */
export function openStateFile(path: string, flags: number, mode = 0o600): number {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO planted at the path must not hang the open; it is refused just below.
    fd = openSync(path, flags | O_NOFOLLOW | O_NONBLOCK, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw stateUnsafe(path, 'is a symlink');
    throw error;
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    throw stateUnsafe(path, 'is not a regular file');
  }
  return fd;
}

/**
 * Reads a state file; undefined when it is missing, a symlink, not a regular file (never read through) or, with
 * `maxBytes`, larger than that.
 */
export function readStateFile(path: string, maxBytes?: number): string | undefined {
  let fd: number;
  try {
    fd = openStateFile(path, O_RDONLY);
  } catch {
    return undefined;
  }
  try {
    if (maxBytes !== undefined && fstatSync(fd).size > maxBytes) return undefined;
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** Appends to a state file, creating it 0600. */
export function appendStateFile(path: string, text: string): void {
  writeAndClose(openStateFile(path, O_WRONLY | O_APPEND | O_CREAT), text);
}

/** Creates a state file that must not exist yet (O_EXCL: not even as a symlink); EEXIST when it does. */
export function createStateFile(path: string, text: string): void {
  writeAndClose(openStateFile(path, O_WRONLY | O_CREAT | O_EXCL), text);
}

/** Opens a state file for writing from empty (the daemon's output); returns the descriptor. */
export function truncateStateFile(path: string): number {
  return openStateFile(path, O_WRONLY | O_CREAT | O_TRUNC);
}

/**
 * Replaces a state file atomically: writes a fresh temp file (O_EXCL) and renames it over the path. The rename
 * replaces a symlink at the path itself, never its target; a symlink at the temp path is `state.unsafe`.
 */
export function replaceStateFile(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    createStateFile(tmp, text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (lstatSync(tmp).isSymbolicLink()) throw stateUnsafe(tmp, 'is a symlink');
    rmSync(tmp, { force: true }); // a leftover of a writer with this pid that died before its rename
    createStateFile(tmp, text);
  }
  renameSync(tmp, path);
}

function writeAndClose(fd: number, text: string): void {
  try {
    const buffer = Buffer.from(text);
    for (let at = 0; at < buffer.length;) at += writeSync(fd, buffer, at);
  } finally {
    closeSync(fd);
  }
}
