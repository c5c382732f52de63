import type { FlowContext } from './context.js';
import { errorIs, toFailed, toNeedsAttention, toSuspended, troubleRoutes } from './error-routes.js';
import { nextPollDelay, type PollPhase, statusFloorMs } from './polling.js';
import { ANSWERABLE_KINDS, type Route } from './routing.js';
import { flowSetup } from './setup.js';

/**
 * The poll actor's input: the deadline is computed here, by the pure policy, and persisted.
 * It is never sooner than the floor after the last status answer (`timing.lastPollAt`); the
 * actor holds the same floor after every read this flow made, answered or not.
 */
export function pollInput(context: FlowContext, phase: PollPhase) {
  const at = Date.now();
  const { lastSubmitAt, lastPollAt, pollAttempts, retryAfterMs } = context.timing;
  const { polling } = context;
  const delay = nextPollDelay(
    {
      phase,
      attempts: pollAttempts,
      ...(lastSubmitAt === undefined ? {} : { sinceSubmitMs: at - lastSubmitAt }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    },
    polling,
  );
  const floorMs = statusFloorMs(polling);
  const afterFloor = lastPollAt === undefined ? 0 : lastPollAt + floorMs;
  return {
    executionId: context.executionId ?? '',
    notBefore: Math.max(at + delay, afterFloor),
    floorMs,
    answered: context.answered,
  };
}

const record = 'recordExecution' as const;

interface PollStateOptions {
  /** Invoke id: `pollExecution` where polling is the point, `watchExecution` beside host input. */
  readonly id: 'pollExecution' | 'watchExecution';
  readonly phase: PollPhase;
  /** While the answer routes here, stay (re-enter to poll again) instead of routing. */
  readonly stay?: {
    readonly route: Route;
    readonly target: string;
    /** Tell the host once per node that it waits here (review, an unknown node type). */
    readonly announce?: boolean;
  };
}

/**
 * A state that reads the execution status and routes on the answer: the guide's dispatch
 * table as transitions. Terminal statuses go to final states; WAITING goes to the node's
 * state (or back to where a suspended step was); anything else polls again.
 *
 * The watch beside host input only looks out for the execution ending or moving on under
 * the host; it leaves everything else to `polling`, and its own trouble is not the host's,
 * so it just looks again later.
 */
export const pollingState = ({ id, phase, stay }: PollStateOptions) => {
  const watch = id === 'watchExecution';
  return flowSetup.createStateConfig({
    invoke: {
      id,
      src: 'pollExecution',
      input: ({ context }) => pollInput(context, phase),
      onDone: [
        ...(stay
          ? [
              {
                guard: routeIs(stay.route),
                target: stay.target,
                reenter: true,
                actions: stay.announce ? [announceWaiting(stay.route), record] : record,
              },
            ]
          : []),
        ...finalRoutes,
        ...(watch ? [] : nodeRoutes),
        // RUNNING, CREATED, WAITING with nothing to act on, or (from a watch) a new node.
        { target: '#kyc.tracking.polling', reenter: true, actions: record },
      ],
      onError: [
        { guard: errorIs('executionGone'), ...toFailed },
        // A poll's other failures (a refusal of the read itself) are trouble all the same.
        ...(watch && stay
          ? watchTrouble(stay.target)
          : [...troubleRoutes('tracking'), toSuspended('tracking')]),
      ],
    },
  });
};

/**
 * A watch's trouble is not the host's: it looks again later (an answer that broke the
 * contract counted). Credentials refused, and answers that keep breaking the contract,
 * stop the flow all the same.
 */
const watchTrouble = (target: string) => [
  { guard: errorIs('credentialsRefused'), ...toNeedsAttention('tracking') },
  { guard: 'contractGivesUp' as const, ...toNeedsAttention('tracking') },
  { target, reenter: true, actions: 'countContractBreak' as const },
];

const announceWaiting = (route: Route) => ({
  type: 'announceWaiting' as const,
  params: { type: route === 'unknownNode' ? ('unknownNode' as const) : ('pendingReview' as const) },
});

const FINAL_ROUTES = ['completed', 'failed', 'timedOut', 'cancelled'] as const;
const NODE_ROUTES = ANSWERABLE_KINDS;

/** Where each node's held answer is sent from. */
const RESUBMITTED = [
  ['identityDocument', 'submitting'],
  ['particulars', 'submitting'],
  ['liveness', 'submitting'],
  ['emailOtp', 'sending'],
  ['phoneOtp', 'sending'],
  ['requiredDocuments', 'submitting'],
  ['requiredForms', 'submitting'],
] as const;

const routeIs = (route: Route) => ({ type: 'routeIs' as const, params: { route } });

const finalRoutes = FINAL_ROUTES.map((route) => ({
  guard: routeIs(route),
  target: `#kyc.${route}`,
  actions: [record, { type: 'settle' as const, params: { status: route } }],
}));

const announceNode = 'announceNode' as const;

const nodeRoutes = [
  { guard: routeIs('screenCheck'), target: '#kyc.tracking.screenCheck', actions: record },
  {
    guard: routeIs('pendingReview'),
    target: '#kyc.tracking.pendingReview',
    actions: [announceWaiting('pendingReview'), record],
  },
  {
    guard: routeIs('unknownNode'),
    target: '#kyc.tracking.unknownNode',
    actions: [announceWaiting('unknownNode'), record],
  },
  // Back to where a suspended step was, for the same node.
  {
    guard: { type: 'ocrStageFor' as const, params: { status: 'extracting' as const } },
    target: '#kyc.tracking.identityDocument.extracting',
    actions: record,
  },
  {
    guard: { type: 'ocrStageFor' as const, params: { status: 'failed' as const } },
    target: '#kyc.tracking.identityDocument.ocrFailed',
    actions: [record, 'announceOcrFailed' as const],
  },
  ...(['emailOtp', 'phoneOtp'] as const).map((route) => ({
    guard: { type: 'otpSentFor' as const, params: { route } },
    target: `#kyc.tracking.${route}.codeSent`,
    actions: [announceNode, record],
  })),
  {
    guard: 'documentsPendingFor' as const,
    target: '#kyc.tracking.requiredDocuments.adding',
    actions: record,
  },
  // An answer a suspension interrupted: send it again (same callbackKey, so idempotent).
  ...RESUBMITTED.map(([route, state]) => ({
    guard: { type: 'resubmitFor' as const, params: { route } },
    target: `#kyc.tracking.${route}.${state}`,
    actions: record,
  })),
  ...NODE_ROUTES.map((route) => ({
    guard: routeIs(route),
    target: `#kyc.tracking.${route}`,
    actions: [announceNode, record],
  })),
];
