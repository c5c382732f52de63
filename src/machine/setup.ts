import { setup } from 'xstate';
import { flowActions } from './actions/index.js';
import { createFlowActors, detachedClient } from './actors/index.js';
import type { FlowContext, FlowInput } from './context.js';
import { flowGuards } from './guards.js';
import type { PollPhase } from './polling.js';
import type { FlowEmitted, FlowOutcome, HostEvent, StateMeta } from './types.js';

/**
 * What the chart is built from: its types (each state's `meta` says its step and what it
 * expects, its tags the pace of its polling), actors by name only, guards and actions.
 */
export const flowSetup = setup({
  types: {} as {
    context: FlowContext;
    events: HostEvent;
    input: FlowInput;
    output: FlowOutcome;
    emitted: FlowEmitted;
    meta: StateMeta;
    tags: PollPhase;
  },
  // Placeholders with the real types, so that `provide({ actors: createFlowActors(client) })`
  // type-checks; they fail loudly if no client was provided.
  actors: createFlowActors(detachedClient),
  guards: flowGuards,
  actions: flowActions,
});

/** A state of the chart, typed with the setup's actors, guards and actions. */
export const stateConfig = flowSetup.createStateConfig;
