import { constants, type Stats } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

/** What a path that is not a regular file turned out to be. */
export type NotAFileKind =
  | 'a directory'
  | 'a FIFO (named pipe)'
  | 'a device'
  | 'a socket'
  | 'a FIFO or a device';

/**
 * A path names something other than a regular file. Opening a FIFO blocks until a writer
 * comes and reading a device may never end, so such a path is refused before anything is read.
 */
export class NotARegularFileError extends Error {
  override readonly name = 'NotARegularFileError';
  constructor(
    readonly path: string,
    readonly kind: NotAFileKind,
  ) {
    super(`${path} is ${kind}, not a regular file`);
  }
}

const kindOf = (stats: Stats): NotAFileKind | undefined => {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  return 'a device';
};

type Open = (path: string, flags: number, mode?: number) => Promise<FileHandle>;

/**
 * Opens `path` only when it is a regular file. `O_NONBLOCK` keeps the open itself from
 * waiting on a FIFO; the check runs on the opened descriptor, so the file cannot be swapped
 * between the check and the read. Throws `NotARegularFileError`, or the system's error
 * (ENOENT, EACCES, ...).
 */
export async function openRegularFile(
  path: string,
  flags: number = constants.O_RDONLY,
  mode?: number,
  openFile: Open = open,
): Promise<FileHandle> {
  const handle = await openFile(path, flags | constants.O_NONBLOCK, mode).catch((error) => {
    // Opened for writing without blocking, a FIFO nobody reads answers ENXIO.
    if (isErrorCode(error, 'ENXIO')) throw new NotARegularFileError(path, 'a FIFO or a device');
    if (isErrorCode(error, 'EISDIR')) throw new NotARegularFileError(path, 'a directory');
    throw error;
  });
  try {
    const kind = kindOf(await handle.stat());
    if (kind !== undefined) throw new NotARegularFileError(path, kind);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The text of a regular file (UTF-8); refuses anything else at once (see `openRegularFile`). */
export async function readRegularFile(path: string, openFile: Open = open): Promise<string> {
  const handle = await openRegularFile(path, constants.O_RDONLY, undefined, openFile);
  try {
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

const isErrorCode = (error: unknown, code: string): boolean =>
  error instanceof Error && 'code' in error && error.code === code;
