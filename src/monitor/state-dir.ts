import { lstatSync, mkdirSync } from 'node:fs';
import { OrcError } from '../errors.js';

/** The error for a state directory or state file tmux-orc refuses to use: which path, and why. */
export function stateUnsafe(path: string, why: string): OrcError {
  return new OrcError('state.unsafe', `refusing to use ${path}: it ${why}`, {
    hint:
      'tmux-orc keeps its pidfiles and logs in a directory only you can write (mode 0700, yours, not a symlink); ' +
      'fix it (chmod 700) or set TMUX_ORC_STATE_DIR to such a directory',
  });
}

/**
 * Checks that an existing state directory is safe to keep pidfiles and logs in: a real directory (not a symlink),
 * owned by this user, not writable by group or others. Returns false when it does not exist; throws `state.unsafe`.
 */
export function checkStateDir(dir: string): boolean {
  let info;
  try {
    info = lstatSync(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    throw stateUnsafe(dir, `cannot be examined (${code ?? (error as Error).message})`);
  }
  if (info.isSymbolicLink()) throw stateUnsafe(dir, 'is a symlink');
  if (!info.isDirectory()) throw stateUnsafe(dir, 'is not a directory');
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    throw stateUnsafe(dir, `is owned by uid ${info.uid}, not by you (uid ${uid})`);
  }
  if (info.mode & 0o022) {
    throw stateUnsafe(dir, `is writable by group or others (mode ${(info.mode & 0o777).toString(8)})`);
  }
  return true;
}

/** Creates the state directory (mode 0700) when it is missing, then checks it as {@link checkStateDir} does. */
export function ensureStateDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    // a file or a dangling link in the way: checkStateDir says what it is
  }
  if (!checkStateDir(dir)) throw stateUnsafe(dir, 'could not be created');
}
