import { EXIT_CODES, type ExitCode } from '../node/cli/exit-codes.js';
import { exitCodeOf } from '../node/cli/run-result.js';
import type { HeadlessResult } from '../node/run-events.js';

/**
 * How one flow ended, in one word: the name of its `kyc-flow` exit code (`approved`,
 * `rejected`, `failed`, `pendingReview`, `contractBroken`…; `internal` for a flow that
 * stopped on an error), so that a summary counts what a script would branch on.
 */
export type OutcomeName = Exclude<keyof typeof EXIT_CODES, 'usage' | 'interrupted'>;

const NAME_OF_CODE = new Map<number, OutcomeName>(
  Object.entries(EXIT_CODES)
    .filter(([name]) => name !== 'usage' && name !== 'interrupted')
    .map(([name, code]) => [code, name as OutcomeName]),
);

export const isOutcomeName = (value: string): value is OutcomeName =>
  [...NAME_OF_CODE.values()].includes(value as OutcomeName);

/** The outcome's name of a run's result, as `kyc-flow run` would exit with it. */
export function outcomeOf(result: HeadlessResult): OutcomeName {
  return NAME_OF_CODE.get(exitCodeOf(result)) ?? 'internal';
}

/** The exit code of an outcome. */
export const exitCodeOfOutcome = (name: OutcomeName): ExitCode => EXIT_CODES[name];

/**
 * The worst of some outcomes: the one with the highest exit code (21 refused before it
 * began, 20 credentials refused, 18 decision unknown … 11 failed, 10 rejected, then 1
 * internal error, then 0 approved).
 * `undefined` for none.
 */
export function worstOutcome(names: Iterable<OutcomeName>): OutcomeName | undefined {
  let worst: OutcomeName | undefined;
  for (const name of names) {
    if (worst === undefined || EXIT_CODES[name] > EXIT_CODES[worst]) worst = name;
  }
  return worst;
}
