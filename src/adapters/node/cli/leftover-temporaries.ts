import { readdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { sandboxMemoryPath } from './sandbox-memory-file.js';

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Removes the temporary files a killed run left beside a state file, its own or its
 * sandbox memory's (`temporaryPathOf`'s names: `<file>.<pid>.<16 hex>.tmp`): each holds what
 * the file held then, the customer's data included, and nothing would ever read it. Only
 * while the state file's lock is held: then no other run writes beside it.
 */
export async function removeLeftoverTemporaries(statePath: string): Promise<void> {
  const directory = dirname(statePath);
  // Only this state file's own and its sandbox memory's: `flow.json.bak` is another run's.
  const owned = [statePath, sandboxMemoryPath(statePath)].map((path) => escaped(basename(path)));
  const leftover = new RegExp(`^(${owned.join('|')})\\.\\d+\\.[0-9a-f]{16}\\.tmp$`);
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return;
  }
  await Promise.all(
    names
      .filter((name) => leftover.test(name))
      .map((name) => unlink(join(directory, name)).catch(() => undefined)),
  );
}
