import { startupErrors } from './chart/error-routes.js';
import { CHART_ID } from './chart/ids.js';
import { tracking } from './chart/tracking.js';
import { initialContext } from './context.js';
import { retryAt } from './deadlines.js';
import { flowSetup } from './setup.js';
import type { FlowOutcome } from './types.js';

/** Where `suspended` and `needsAttention` go back to, by themselves or on RETRY. */
const resume = [
  {
    guard: { type: 'resumeTo' as const, params: { to: 'registering' as const } },
    target: 'registering',
  },
  { guard: { type: 'resumeTo' as const, params: { to: 'starting' as const } }, target: 'starting' },
  { target: 'tracking' },
];

const final = (step: FlowOutcome['status']) => ({ type: 'final' as const, meta: { step } });

/**
 * The onboarding lifecycle as one chart: register → start → track the execution (poll,
 * answer each waiting node) → a final state. Each state names its step and what it expects
 * in its `meta`, for the view. Actors are referenced by name; provide real ones with
 * `kycFlowMachine.provide({ actors: createFlowActors(client) })`.
 */
export const kycFlowMachine = flowSetup.createMachine({
  id: CHART_ID,
  context: ({ input }) => initialContext(input),
  initial: 'idle',
  output: ({ context }) => context.outcome ?? { status: 'failed' },
  on: {
    CANCEL: {
      target: '.cancelled',
      actions: [{ type: 'settle', params: { status: 'cancelled' } }, 'tellOutcome'],
    },
    // Only what no deeper state handles reaches here: report it, never throw.
    '*': { actions: 'reportIgnored' },
  },
  states: {
    idle: {
      meta: { step: 'idle', expects: ['START'] },
      on: { START: 'registering' },
    },
    registering: {
      meta: { step: 'registering' },
      invoke: {
        id: 'registerCustomer',
        src: 'registerCustomer',
        input: ({ context }) => ({
          ...(context.customer.customerId === undefined
            ? {}
            : { customerId: context.customer.customerId }),
          ...(context.customer.email === undefined ? {} : { email: context.customer.email }),
        }),
        onDone: { target: 'starting', actions: 'recordCustomer' },
        onError: startupErrors('registering'),
      },
    },
    starting: {
      meta: { step: 'starting' },
      invoke: {
        id: 'startWorkflow',
        src: 'startWorkflow',
        input: ({ context }) => ({
          customerId: context.customerId ?? '',
          referenceId: context.referenceId,
        }),
        onDone: { target: 'tracking', actions: 'recordStart' },
        onError: startupErrors('starting'),
      },
    },
    tracking,
    // Trouble that passes: RETRY, or the back-off running out, goes back to work. An answer
    // the suspension interrupted is sent again by itself: the host is not asked for it twice.
    // Not before the time the gateway named, though: a wait woken early waits again, and a
    // RETRY before then is ignored.
    suspended: {
      meta: { step: 'suspended', expects: ['RETRY'] },
      invoke: {
        id: 'wait',
        src: 'wait',
        input: ({ context }) => ({ until: retryAt(context) }),
        onDone: [{ guard: 'gatewayWaits', target: 'suspended', reenter: true }, ...resume],
      },
      on: { RETRY: [{ guard: 'gatewayWaits', actions: 'reportIgnored' }, ...resume] },
    },
    // Credentials refused, or answers that keep breaking the contract: nothing the flow
    // can do by itself helps. It keeps everything and waits for the host's RETRY (after a
    // fix of the configuration, an upgrade, a gateway fixed); it never leaves by itself.
    needsAttention: {
      meta: { step: 'needsAttention', expects: ['RETRY'] },
      on: { RETRY: resume },
    },
    completed: final('completed'),
    failed: final('failed'),
    timedOut: final('timedOut'),
    cancelled: final('cancelled'),
  },
});
