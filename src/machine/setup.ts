import { createMachine, setup } from 'xstate';
import { flowActions } from './actions/index.js';
import { createFlowActors, detachedClient } from './actors/index.js';
import type { FlowContext, FlowInput } from './context.js';
import { flowGuards } from './guards.js';
import type { PollPhase } from './polling.js';
import type { FlowEmitted, FlowOutcome, HostEvent, StateMeta } from './types.js';

const implementations = {
  // Placeholders with the real types, so that `provide({ actors: createFlowActors(client) })`
  // type-checks; they fail loudly if no client was provided.
  actors: createFlowActors(detachedClient),
  guards: flowGuards,
  actions: flowActions,
};

/**
 * Never called: it only names the types `setup()` gives the chart (each state's `meta` says
 * its step and what it expects, its tags the pace of its polling). Calling `setup()` would
 * ship every action creator xstate has (its result holds them all: `raise`, `sendTo`,
 * `spawnChild`…), some 200 B gzip of the browser entry for nothing the chart uses.
 */
const typedSetup = () =>
  setup({
    types: {} as {
      context: FlowContext;
      events: HostEvent;
      input: FlowInput;
      output: FlowOutcome;
      emitted: FlowEmitted;
      meta: StateMeta;
      tags: PollPhase;
    },
    ...implementations,
  });
type FlowSetup = ReturnType<typeof typedSetup>;

/**
 * What the chart is built from, as `setup()` would give it: actors by name only, guards
 * and actions; `createMachine` is what `setup()`'s own does (`schemas` aside: none).
 */
export const flowSetup: Pick<FlowSetup, 'createMachine' | 'createStateConfig'> = {
  // The types are `setup()`'s, checked on the chart's config where it is written; here the
  // config only passes through, as it does inside `setup()`.
  createMachine: ((config: object): unknown =>
    createMachine(config as never, implementations as never)) as FlowSetup['createMachine'],
  createStateConfig: (config) => config,
};

/** A state of the chart, typed with the setup's actors, guards and actions. */
export const stateConfig = flowSetup.createStateConfig;
