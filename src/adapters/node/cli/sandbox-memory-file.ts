import { readFileSync, rmSync } from 'node:fs';
import { type SandboxMemory, sandboxMemoryIssue } from '../../../sandbox/memory.js';
import { replaceFileSync } from '../atomic-write.js';
import { UsageError } from './usage-error.js';

/**
 * Beside a state file, what the embedded sandbox remembers (`flow.json.sandbox.json`): the
 * sandbox ends with its run, so a resumed run starts one from it and the saved flow finds
 * its execution there. Written after every answer, before the client reads it, so the file
 * never lags what the flow may have saved.
 */
export interface SandboxMemoryFile {
  readonly path: string;
  /** What the file held when the run began; undefined when there is none. */
  readonly memory: SandboxMemory | undefined;
  write(memory: SandboxMemory): void;
  remove(): void;
}

export const sandboxMemoryPath = (statePath: string): string => `${statePath}.sandbox.json`;

export function openSandboxMemory(statePath: string): SandboxMemoryFile {
  const path = sandboxMemoryPath(statePath);
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new UsageError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code})`);
    }
  }
  let memory: unknown;
  if (text !== undefined) {
    let issue: string | undefined;
    try {
      memory = JSON.parse(text);
      issue = sandboxMemoryIssue(memory);
    } catch {
      issue = 'not JSON';
    }
    if (issue) {
      throw new UsageError(`${path}: not what a kyc-flow sandbox remembers (${issue})`);
    }
  }
  return {
    path,
    memory: memory as SandboxMemory | undefined,
    write(next) {
      // Synchronous on purpose: the answer waits for it (see above); the file is small.
      replaceFileSync(path, JSON.stringify(next), { mode: 0o600 });
    },
    remove: () => rmSync(path, { force: true }),
  };
}
