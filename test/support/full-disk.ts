import { spawn } from 'node:child_process';

/** Where a full disk can be had without root: a POSIX shell's `ulimit -f`. */
export const canFillDisk = process.platform !== 'win32';

/**
 * Runs `code` (an ES module; TypeScript imports through tsx) in a Node process of its own,
 * and resolves to what it printed. With `fullDisk` it can put no byte into any file, as on a
 * full disk: its file size limit is 0 and SIGXFSZ is ignored, so every write of a file fails
 * with EFBIG, on the real file system, while creating, renaming and removing files still
 * work (stdout is a pipe, not a file: it can still print). tsx's cache is off: a cache
 * write would fail too.
 */
export function runModule(code: string, { fullDisk = false } = {}): Promise<string> {
  const limit = fullDisk ? 'trap "" XFSZ; ulimit -f 0 && ' : '';
  const child = spawn(
    'sh',
    [
      '-c',
      `${limit}exec "$0" "$@"`,
      process.execPath,
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      code,
    ],
    { env: { ...process.env, TSX_DISABLE_CACHE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (status, signal) => {
      if (status === 0) done(stdout.trim());
      else fail(new Error(`the child process ended ${signal ?? status}: ${stderr}`));
    });
  });
}
