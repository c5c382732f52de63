import { fromPromise } from 'xstate';
import type { FlowActors } from '../../src/machine/actors/index.js';

export interface PendingCall {
  readonly src: string;
  readonly input: unknown;
  resolve(output: unknown): void;
  reject(error: unknown): void;
}

/**
 * Actors that do nothing until the test settles them: every invoke registers its call under
 * its invoke id, so a test (or a replayed graph path) decides each answer.
 */
export function scriptedActors(names: readonly (keyof FlowActors)[]) {
  const calls = new Map<string, PendingCall>();
  const history: { id: string; src: string; input: unknown }[] = [];
  const actors: Record<string, unknown> = {};
  for (const src of names) {
    actors[src] = fromPromise<unknown, unknown>(
      ({ input, self }) =>
        new Promise((resolve, reject) => {
          calls.set(self.id, { src, input, resolve, reject });
          history.push({ id: self.id, src, input });
        }),
    );
  }
  // Same shape as the real actors, answers decided by the test.
  return { actors: actors as FlowActors, calls, history };
}
