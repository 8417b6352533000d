import { constants, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { OrcError } from './errors.js';
import { formatBytes } from './input-limits.js';

/** How {@link readLimitedFile} reports a file it cannot open (missing, no permission); `file.unreadable` by default. */
export type OpenFailure = (path: string, reason: string) => OrcError;

/** The error for input over its limit. */
export function inputTooLarge(what: string, maxBytes: number): OrcError {
  return new OrcError('file.tooLarge', `${what} is larger than the limit of ${formatBytes(maxBytes)}`, {
    hint: 'send less: split it, or give a file that holds only what is needed',
  });
}

/**
 * Reads a regular file as UTF-8 text, at most `maxBytes`: stats it first (a FIFO, device or directory is
 * `file.unreadable`, never opened for reading), then reads no more than `maxBytes + 1` bytes (`file.tooLarge`).
 * @example await readLimitedFile('brief.md', MESSAGE_MAX_BYTES)
 */
export async function readLimitedFile(
  path: string,
  maxBytes: number,
  onOpenFailure: OpenFailure = unreadable,
): Promise<string> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    throw onOpenFailure(path, errorReason(error));
  }
  refuseSpecial(path, info, maxBytes);
  let handle: FileHandle;
  try {
    // O_NONBLOCK: should a FIFO replace the file after the stat, opening it must not wait for a writer.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw onOpenFailure(path, errorReason(error));
  }
  try {
    refuseSpecial(path, await handle.stat(), maxBytes);
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw inputTooLarge(path, maxBytes); // it grew since the stat
    return buffer.toString('utf8', 0, length);
  } finally {
    await handle.close();
  }
}

function refuseSpecial(path: string, info: Stats, maxBytes: number): void {
  if (!info.isFile()) throw unreadable(path, `it is ${kindOf(info)}, not a regular file`);
  if (info.size > maxBytes) throw inputTooLarge(path, maxBytes);
}

function unreadable(path: string, reason: string): OrcError {
  return new OrcError('file.unreadable', `cannot read ${path}: ${reason}`);
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a file';
}

function errorReason(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
