import { readFile } from 'node:fs/promises';

/** What a test reads of a `kyc-flow run --state-file` file. */
export interface SavedFlow {
  readonly persisted: {
    readonly snapshot: {
      readonly value: unknown;
      readonly context: { readonly executionId?: string; readonly answered: readonly string[] };
    };
  };
}

export const readStateFile = async (path: string): Promise<SavedFlow> =>
  JSON.parse(await readFile(path, 'utf8')) as SavedFlow;

/** The file as it is now, or nothing while it is missing or half written. */
const peekStateFile = (path: string): Promise<SavedFlow | undefined> =>
  readStateFile(path).catch(() => undefined);

/**
 * Polls the state file until it shows `count` answered nodes, or the command writing it has
 * exited; returns the last state read.
 */
export async function untilAnswered(
  path: string,
  count: number,
  exited: () => boolean,
): Promise<SavedFlow | undefined> {
  let state: SavedFlow | undefined;
  while (!exited()) {
    state = await peekStateFile(path);
    if ((state?.persisted.snapshot.context.answered.length ?? 0) >= count) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return state;
}
