import { mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The directory a worker copies carried files to before uploading them: its own (0700),
 * made at once, removed when the worker closes (or the process exits).
 */
export function privateDirectory() {
  const path = mkdtempSync(join(tmpdir(), 'kyc-flow-files-'));
  const onExit = () => rmSync(path, { recursive: true, force: true });
  process.once('exit', onExit);
  return {
    path,
    async remove() {
      process.off('exit', onExit);
      await rm(path, { recursive: true, force: true });
    },
  };
}
