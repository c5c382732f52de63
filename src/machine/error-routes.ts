import type { ErrorDisposition } from './flow-error.js';

type Failed = { event: { error: unknown } };

const errorIs = (is: ErrorDisposition) => ({ type: 'errorIs' as const, params: { is } });

/**
 * Where a failed submission goes: the node moved on → ask where we are; the execution is
 * gone → failed; transient trouble (retry budget spent) → suspended, keeping everything;
 * anything else is the input's fault → back to `backTo` with the error, for the host.
 */
export const submitErrorRoutes = (backTo: string) => [
  { guard: errorIs('nodeMoved'), target: '#kyc.tracking.polling' },
  {
    guard: errorIs('executionGone'),
    target: '#kyc.failed',
    actions: [
      {
        type: 'settle' as const,
        params: ({ event }: Failed) => ({ status: 'failed' as const, error: event.error }),
      },
      { type: 'emitOutcome' as const },
    ],
  },
  {
    guard: errorIs('transient'),
    target: '#kyc.suspended',
    actions: [
      {
        type: 'suspend' as const,
        params: ({ event }: Failed) => ({ error: event.error, resumeTo: 'tracking' as const }),
      },
    ],
  },
  {
    target: backTo,
    actions: [{ type: 'reject' as const, params: ({ event }: Failed) => ({ error: event.error }) }],
  },
];

export { errorIs };
