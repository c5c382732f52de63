import { and } from 'xstate';
import type { ExecutionState } from '../../services/wire/records.js';
import { type FlowContext, nodeName } from '../context.js';
import { DEFAULT_MAX_UNKNOWN_STATUS_MS, statusReadAt } from '../deadlines.js';
import { outputOf } from '../event-data.js';
import { FLOW_CODES } from '../flow-error.js';
import { ANSWERS_IN_A_ROW } from '../guards.js';
import { type PollPhase, statusFloorMs } from '../polling.js';
import { ANSWERABLE_KINDS, isUnknownStatus, type NodeStep, type Route } from '../routing.js';
import { stateConfig } from '../setup.js';
import { errorIs, toNeedsAttention, troubleRoutes } from './error-routes.js';
import { finalState, NEEDS_ATTENTION, nodeState, POLLING, sendingState } from './ids.js';

/**
 * The poll actor's input: its deadline (persisted with it), and the polling floor the actor
 * holds after every read this flow made, answered or not.
 */
export const pollInput = (context: FlowContext, phase: PollPhase) => ({
  executionId: context.executionId ?? '',
  notBefore: statusReadAt(context, phase),
  floorMs: statusFloorMs(context.polling),
  answered: context.answered,
});

const record = 'recordExecution' as const;

/**
 * A state that reads the execution status and routes on the answer: the guide's dispatch
 * table as transitions. Terminal statuses go to final states; WAITING goes to the node's
 * state (or back to where a suspended step was); anything else polls again. `phase` is the
 * pace of its reads and its tag; while the answer still routes to `stay` (a node, and the
 * state inside it), it stays and polls again, telling the host once if it is someone else's
 * turn (review, an unknown node type).
 *
 * The watch beside host input (`awaitingHost`) only looks out for the execution ending or
 * moving on under the host; it leaves everything else to `polling`, and its own trouble is
 * not the host's, so it just looks again later.
 */
export const pollingState = (phase: PollPhase, stay?: NodeStep, ...inner: string[]) => {
  const watch = phase === 'awaitingHost';
  const target = stay && nodeState(stay, ...inner);
  return stateConfig({
    tags: [phase],
    invoke: {
      id: watch ? 'watchExecution' : 'pollExecution',
      src: 'pollExecution',
      input: ({ context }) => pollInput(context, phase),
      onDone: [
        ...(stay && target
          ? [
              ...(othersTurn(stay)
                ? [{ guard: nodeNews(stay), target, reenter: true, actions: told(stay) }]
                : []),
              {
                guard: routeIs(stay),
                target,
                reenter: true,
                actions: record,
              },
            ]
          : []),
        ...finalRoutes,
        unknownTooLong,
        ...(watch ? [] : nodeRoutes),
        // RUNNING, CREATED, WAITING with nothing to act on, or (from a watch) a new node.
        { guard: unknownNews, target: POLLING, reenter: true, actions: recordTold },
        { target: POLLING, reenter: true, actions: record },
      ],
      // The gateway refusing the read itself (an invalid request, an execution it says it
      // does not know) is not passing trouble: retried, it would be refused again without
      // end. It needs attention, keeping everything: "not found" is no verdict on the
      // customer (`failed` is the workflow's word), and a gateway URL or domain other than
      // the one the execution began on (a restored flow, a configuration changed) says it too.
      onError:
        watch && target
          ? watchTrouble(target)
          : [...troubleRoutes('tracking'), toNeedsAttention('tracking')],
    },
  });
};

/**
 * A watch's trouble is not the host's: it looks again later (an answer that broke the
 * contract counted). Credentials refused, an execution the gateway says it does not know,
 * and answers that keep breaking the contract stop the flow all the same.
 */
const watchTrouble = (target: string) => [
  { guard: errorIs('credentialsRefused'), ...toNeedsAttention('tracking') },
  { guard: errorIs('executionGone'), ...toNeedsAttention('tracking') },
  { guard: 'contractGivesUp' as const, ...toNeedsAttention('tracking') },
  { target, reenter: true, actions: 'countContractBreak' as const },
];

/** A node nobody here answers: the host is told once per node that the flow waits there. */
const othersTurn = (step: NodeStep): step is 'pendingReview' | 'unknownNode' =>
  step === 'pendingReview' || step === 'unknownNode';

/** Told once per node: `nodeNews` routes to the same state as `routeIs`, and tells it. */
const nodeNews = (route: 'pendingReview' | 'unknownNode') => ({
  type: 'nodeNews' as const,
  params: { route },
});
const told = (step: 'pendingReview' | 'unknownNode') => [
  { type: 'announceWaiting' as const, params: { type: step } },
  record,
];

/**
 * A status the guide does not list is told once: where one may go (it routes like RUNNING),
 * the same transition guarded by `unknownStatusNews` comes first and tells it.
 */
const unknownNews = 'unknownStatusNews' as const;
const recordTold = [record, 'tellUnknownStatus' as const];

const FINAL_ROUTES = ['completed', 'failed', 'timedOut', 'cancelled'] as const;

const routeIs = (route: Route) => ({ type: 'routeIs' as const, params: { route } });

const finalRoutes = FINAL_ROUTES.map((route) => ({
  guard: routeIs(route),
  target: finalState(route),
  actions: [record, { type: 'settle' as const, params: { status: route } }, 'tellOutcome' as const],
}));

const announceNode = 'announceNode' as const;

/**
 * An unlisted status read for `maxUnknownStatusMs` (a page as a run in Node): the flow stops
 * rather than read it for ever, keeping everything, naming it; RETRY reads it again.
 */
const unknownTooLong = {
  guard: 'unknownStatusTooLong' as const,
  target: NEEDS_ATTENTION,
  actions: [
    record,
    {
      type: 'needAttention' as const,
      params: ({ context, event }: { context: FlowContext; event: object }) => {
        const { status } = outputOf<ExecutionState>(event);
        // Quoted: an empty or blank status is unlisted like any other word, and must show.
        const shown = isUnknownStatus(status)
          ? `status has been ${JSON.stringify(status)}`
          : 'has been WAITING with no currentNode';
        return {
          resumeTo: 'tracking' as const,
          error: {
            code: FLOW_CODES.UNKNOWN_STATUS,
            message: `the execution ${shown} for ${(context.maxUnknownStatusMs ?? DEFAULT_MAX_UNKNOWN_STATUS_MS) / 1000} s, which the guide does not list`,
            retryable: true,
          },
        };
      },
    },
    'tellNeedsAttention' as const,
  ],
};

/** A stop for a node that `took` answers and still waits, naming it. */
const answerNotTaken = (took: string) => [
  {
    type: 'needAttention' as const,
    params: ({ context: { node } }: { context: FlowContext }) => ({
      resumeTo: 'tracking' as const,
      error: {
        code: FLOW_CODES.ANSWER_NOT_TAKEN,
        message: `${nodeName(node)} took ${took}, still waiting`,
        retryable: true,
      },
    }),
  },
  'tellNeedsAttention' as const,
];

const nodeRoutes = [
  { guard: routeIs('screenCheck'), target: nodeState('screenCheck'), actions: record },
  ...(['pendingReview', 'unknownNode'] as const).flatMap((route) => [
    { guard: nodeNews(route), target: nodeState(route), actions: told(route) },
    { guard: routeIs(route), target: nodeState(route), actions: record },
  ]),
  // Back to where a suspended step was, for the same node.
  {
    guard: { type: 'ocrStageFor' as const, params: { status: 'extracting' as const } },
    target: nodeState('identityDocument', 'extracting'),
    actions: record,
  },
  {
    guard: { type: 'ocrStageFor' as const, params: { status: 'failed' as const } },
    target: nodeState('identityDocument', 'ocrFailed'),
    actions: [record, 'announceOcrFailed' as const],
  },
  // Read again before the engine has taken an answer the flow gave (a document's past its
  // OCR): keep reading, neither asking the host again nor sending it twice. Not for ever:
  // past `ANSWER_WAIT_MS` the answer goes once more (`resubmitFor`, or the code is asked
  // for again), and past it again the flow stops (`answerIgnored`), keeping everything.
  {
    guard: and(['answered', unknownNews]),
    target: POLLING,
    reenter: true,
    actions: recordTold,
  },
  { guard: 'answered' as const, target: POLLING, reenter: true, actions: record },
  // A RETRY reads again, and carries on if the node has moved on since.
  {
    guard: and(['answerIgnored', unknownNews]),
    target: NEEDS_ATTENTION,
    actions: [...recordTold, ...answerNotTaken('its answer twice')],
  },
  {
    guard: 'answerIgnored' as const,
    target: NEEDS_ATTENTION,
    actions: [record, ...answerNotTaken('its answer twice')],
  },
  ...(['emailOtp', 'phoneOtp'] as const).map((route) => ({
    guard: { type: 'otpSentFor' as const, params: { route } },
    target: nodeState(route, 'codeSent'),
    actions: [announceNode, record],
  })),
  {
    guard: 'documentsPendingFor' as const,
    target: nodeState('requiredDocuments', 'adding'),
    actions: record,
  },
  // An answer a suspension interrupted: send it again (same callbackKey, so idempotent).
  ...ANSWERABLE_KINDS.map((route) => ({
    guard: { type: 'resubmitFor' as const, params: { route } },
    target: sendingState(route),
    actions: record,
  })),
  // The same node waiting again, under a new key, for the answer it took so many times in a
  // row: a re-do the vendor asks for is answered, a gateway that never acts on them is not.
  {
    guard: 'answersSpent' as const,
    target: NEEDS_ATTENTION,
    actions: [record, ...answerNotTaken(`${ANSWERS_IN_A_ROW} answers in a row`)],
  },
  ...ANSWERABLE_KINDS.map((route) => ({
    guard: routeIs(route),
    target: nodeState(route),
    actions: [announceNode, record],
  })),
];
