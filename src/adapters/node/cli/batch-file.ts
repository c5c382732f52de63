import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseProfile } from '../load-profile.js';
import type { CustomerProfile } from '../profile.js';
import { ProfileError } from '../profile-error.js';
import { UsageError } from './usage-error.js';

/** One customer of a batch file: its line number and its checked profile. */
export interface BatchEntry {
  readonly line: number;
  readonly profile: CustomerProfile;
}

/**
 * Reads a batch file: one whole customer profile per line (the `--profile` format), local
 * file paths relative to the batch file, blank lines skipped. Every line is checked before
 * anything is sent; the first bad one is a `ProfileError` naming its line and field.
 */
export async function readBatchFile(path: string): Promise<BatchEntry[]> {
  const source = resolve(path);
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`cannot read the batch file ${path} (${code})`);
  }
  // A byte order mark, as some Windows editors write first: not part of the first line's JSON.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const entries: BatchEntry[] = [];
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    if (raw.trim() === '') continue;
    const where = `${path} line ${index + 1}`;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      // The parser's message quotes the text, which holds personal data: say no more.
      throw new ProfileError(where, [{ field: '(line)', message: 'is not valid JSON' }]);
    }
    const profile = await parseProfile(data, { source: where, baseDirectory: dirname(source) });
    entries.push({ line: index + 1, profile });
  }
  if (entries.length === 0) throw new UsageError(`the batch file ${path} holds no customer`);
  return entries;
}
