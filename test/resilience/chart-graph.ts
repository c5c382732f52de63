import type { AnyActorRef, AnyStateMachine, EventObject } from 'xstate';
import { getAdjacencyMap, getStateNodes } from 'xstate/graph';
import { FLOW_CODES, FlowInputError, kycFlowMachine, toFlowView } from '../../src/machine/index.js';
import { resolvePollingOptions } from '../../src/machine/polling.js';
import type { FlowSnapshot } from '../../src/machine/view.js';
import {
  type CurrentNode,
  type ExecutionState,
  GATEWAY_CODES,
  GatewayError,
  NODE_TYPES,
  TransportError,
  ValidationError,
  WORKFLOW_CODES,
} from '../../src/services/index.js';
import { HOST_SAMPLES } from './view-host.js';

/**
 * The chart's reachable states, found by `xstate/graph` over the bare chart: no actor
 * runs; every invoked actor's completion is an event we offer (each answer it may give,
 * each error it may raise), next to every host event.
 */

const EXECUTION_ID = 'exec-graph';
const CONFIG: Partial<Record<string, CurrentNode['config']>> = {
  [NODE_TYPES.identityDocument]: { acceptedDocumentTypes: ['INTERNATIONAL_PASSPORT'] },
  [NODE_TYPES.emailOtp]: { identity: 'graph@example.com' },
  [NODE_TYPES.requiredDocuments]: {
    requiredDocuments: [
      { docType: 'UTILITY_TELEPHONE_BILL', isRequired: true },
      { docType: 'BANK_STATEMENT', isRequired: false },
    ],
  },
  [NODE_TYPES.requiredForms]: { formIds: ['IndividualForm'] },
};

const waitingOn = (nodeType: string): ExecutionState => ({
  executionId: EXECUTION_ID,
  status: 'WAITING',
  currentNode: {
    nodeId: nodeType,
    nodeType,
    callbackKey: `kyc:${nodeType}:${EXECUTION_ID}:1`,
    ...(CONFIG[nodeType] ? { config: CONFIG[nodeType] } : {}),
  },
});

/** Every status answer that routes somewhere different. */
export const STATUS_ANSWERS: readonly ExecutionState[] = [
  { executionId: EXECUTION_ID, status: 'RUNNING' },
  { executionId: EXECUTION_ID, status: 'WAITING' },
  ...Object.values(NODE_TYPES).map(waitingOn),
  waitingOn('flow_action_unheard_of'),
  {
    executionId: EXECUTION_ID,
    status: 'RUNNING',
    currentNode: waitingOn(NODE_TYPES.screenCheck).currentNode ?? null,
  },
  { executionId: EXECUTION_ID, status: 'PENDING' },
  { executionId: EXECUTION_ID, status: 'COMPLETED', result: { decision: 'APPROVED' } },
  { executionId: EXECUTION_ID, status: 'COMPLETED', result: { decision: 'REJECTED' } },
  { executionId: EXECUTION_ID, status: 'COMPLETED', result: { decision: 'MANUAL_REVIEW' } },
  { executionId: EXECUTION_ID, status: 'FAILED', error: { code: 'E', message: 'failed' } },
  { executionId: EXECUTION_ID, status: 'TIMEOUT' },
  { executionId: EXECUTION_ID, status: 'CANCELLED' },
];

/** What each actor may answer, by its `src`. */
const OUTPUTS: Record<string, readonly unknown[]> = {
  registerCustomer: [{ customerId: 'C_graph' }],
  startWorkflow: [{ executionId: EXECUTION_ID, status: 'CREATED' }],
  pollExecution: STATUS_ANSWERS,
  pollOcr: [
    { status: 'PROCESSING' },
    { status: 'SUCCESS', result: { name: 'Graph Person' } },
    { status: 'FAILED', reason: 'blurred' },
  ],
  submitIdentityDocument: [{ requestId: 'req-ocr' }],
  submitParticulars: [{}],
  submitLiveness: [{}],
  sendOtp: [{ requestId: 'req-otp-1', cooldownSeconds: 0 }],
  verifyOtp: [{ verified: true }, { verified: false, remainingAttempts: 2 }],
  addDocument: [{ docType: 'UTILITY_TELEPHONE_BILL' }, { docType: 'BANK_STATEMENT' }],
  submitDocuments: [{}],
  submitForms: [{ submitted: ['IndividualForm'] }, { submitted: [] }],
  wait: [undefined],
};

/** One error of every disposition the chart tells apart. */
export const ERRORS: readonly unknown[] = [
  new GatewayError('workflow.kyc.ocr', WORKFLOW_CODES.NODE_NOT_WAITING, 'not waiting'),
  new GatewayError('workflow.kyc.ocr', WORKFLOW_CODES.EXECUTION_NOT_FOUND, 'gone'),
  new GatewayError('workflow.kyc.otp.verify', WORKFLOW_CODES.OTP_LOCKED, 'locked'),
  new GatewayError('workflow.kyc.ocr', GATEWAY_CODES.SERVICE_TIME_OUT, 'timeout'),
  new GatewayError('workflow.kyc.ocr', GATEWAY_CODES.API_INVALID_REQUEST, 'invalid'),
  new GatewayError('workflow.kyc.ocr', GATEWAY_CODES.API_NON_AUTHORIZED, 'refused'),
  new ValidationError('workflow.execution.status', 'response', [
    { field: 'status', message: 'expected string' },
  ]),
  new TransportError('workflow.kyc.ocr', 'network'),
  new ValidationError('workflow.kyc.ocr', 'request', [{ field: 'region', message: 'short' }]),
  new FlowInputError(FLOW_CODES.OTP_CODE_REQUIRED, 'enter the code again'),
];

type AnyEvent = EventObject & Record<string, unknown>;

const actorEvents = (snapshot: FlowSnapshot): AnyEvent[] =>
  Object.entries(snapshot.children as Record<string, AnyActorRef | undefined>).flatMap(
    ([id, child]) => {
      const src = typeof child?.src === 'string' ? child.src : id;
      return [
        ...(OUTPUTS[src] ?? []).map((output) => ({ type: `xstate.done.actor.${id}`, output })),
        ...ERRORS.map((error) => ({ type: `xstate.error.actor.${id}`, error })),
      ];
    },
  );

/** The parts of the context that guards read: two snapshots alike in these behave alike. */
const serialize = (snapshot: FlowSnapshot): string => {
  const { context } = snapshot;
  return JSON.stringify({
    value: snapshot.value,
    status: snapshot.status,
    resumeTo: context.resumeTo,
    ocr: context.ocr?.status,
    otp: context.otp ? [context.otp.channel, context.otp.requestId !== undefined] : undefined,
    documents: context.documents
      ? [
          [...context.documents.added].sort(),
          Math.min(context.documents.pending.length, 2),
          context.documents.submitRequested,
        ]
      : undefined,
    forms: context.forms?.submitted,
  });
};

/** The dotted path of every state a flow can be in, with one snapshot there. */
export function reachableStates(): Map<string, FlowSnapshot> {
  // xstate/graph's types cannot follow a chart with typed emitted events; the logic is the same.
  const logic = kycFlowMachine as unknown as AnyStateMachine;
  const map = getAdjacencyMap(logic, {
    input: {
      customer: { email: 'graph@example.com', phone: '+6590000000', referenceId: 'ref-graph' },
      polling: resolvePollingOptions({ timeScale: 1000 }),
    },
    events: (snapshot) => [...HOST_SAMPLES, ...actorEvents(snapshot as FlowSnapshot)],
    serializeState: (snapshot) => serialize(snapshot as FlowSnapshot),
    // A guard against a chart whose context grows without end: such a chart fails here.
    // (About 800 snapshots, each offered every event: some 40 000 steps.)
    limit: 60_000,
  });
  const states = new Map<string, FlowSnapshot>();
  for (const { state } of Object.values(map)) {
    const snapshot = state as FlowSnapshot;
    const path = toFlowView(snapshot).state;
    if (!states.has(path)) states.set(path, snapshot);
  }
  return states;
}

/** The dotted path of every leaf state the chart declares. */
export function declaredLeafStates(): string[] {
  return getStateNodes(kycFlowMachine.root)
    .filter((node) => node.type === 'atomic' || node.type === 'final')
    .map((node) => node.path.join('.'));
}
