import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Runs a bench script in a fresh Node process (TypeScript through tsx) and reads its last line as JSON. */
export async function runChild<T>(
  script: string,
  args: readonly string[],
  nodeFlags: readonly string[] = [],
): Promise<T> {
  const { stdout } = await run(
    process.execPath,
    [...nodeFlags, '--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args],
    { cwd: ROOT, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 },
  );
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as T;
}
