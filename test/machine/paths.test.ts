import { describe, expect, it } from 'vitest';
import { type AnyStateNode, createActor, type EventObject } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { createFlowActors, detachedClient } from '../../src/machine/actors/index.js';
import { FLOW_CODES, FlowInputError } from '../../src/machine/flow-error.js';
import { kycFlowMachine } from '../../src/machine/machine.js';
import { resolvePollingOptions } from '../../src/machine/polling.js';
import type { FlowSnapshot } from '../../src/machine/view.js';
import { GatewayError } from '../../src/services/errors/gateway-error.js';
import { ValidationError } from '../../src/services/errors/validation-error.js';
import type { CurrentNode, ExecutionState } from '../../src/services/wire/records.js';
import {
  GATEWAY_CODES,
  NODE_TYPES,
  type NodeKind,
  WORKFLOW_CODES,
} from '../../src/services/wire/vocabulary.js';
import { SAMPLE } from './answers.js';
import { scriptedActors } from './scripted-actors.js';

const input = {
  customer: { email: 'jane@example.com', phone: '+6590000000', referenceId: 'ref-1' },
  polling: resolvePollingOptions({ timeScale: 1000 }),
};
const EXEC = 'exec-1';

const CONFIG: Partial<Record<NodeKind, CurrentNode['config']>> = {
  requiredDocuments: {
    requiredDocuments: [
      { docType: 'UTILITY_TELEPHONE_BILL', isRequired: true },
      { docType: 'BANK_STATEMENT', isRequired: false },
    ],
  },
  requiredForms: { formIds: ['IndividualForm'] },
};
const node = (kind: NodeKind | 'unknown'): CurrentNode => ({
  nodeId: `node-${kind}`,
  nodeType: kind === 'unknown' ? 'flow_action_brand_new' : NODE_TYPES[kind],
  callbackKey: `kyc:${kind}:${EXEC}:1`,
  ...(kind !== 'unknown' && CONFIG[kind] ? { config: CONFIG[kind] } : {}),
});
const waiting = (kind: NodeKind | 'unknown'): ExecutionState => ({
  executionId: EXEC,
  status: 'WAITING',
  currentNode: node(kind),
});

/** Every answer a status read can give, as the chart sees it. */
const STATUS_ANSWERS: ExecutionState[] = [
  { executionId: EXEC, status: 'RUNNING' },
  { executionId: EXEC, status: 'RUNNING', currentNode: node('screenCheck') },
  ...(
    [
      'identityDocument',
      'particulars',
      'liveness',
      'emailOtp',
      'phoneOtp',
      'requiredDocuments',
      'requiredForms',
      'manualReview',
      'unknown',
    ] as const
  ).map(waiting),
  // A status the guide does not list: polled on, like RUNNING.
  { executionId: EXEC, status: 'PENDING' },
  { executionId: EXEC, status: 'COMPLETED', result: { decision: 'APPROVED' } },
  { executionId: EXEC, status: 'COMPLETED', result: { decision: 'approved', extra: 1 } },
  { executionId: EXEC, status: 'COMPLETED' },
  { executionId: EXEC, status: 'FAILED' },
  { executionId: EXEC, status: 'TIMEOUT' },
  { executionId: EXEC, status: 'CANCELLED' },
];

const gatewayError = (apiCode: number) => new GatewayError('workflow.kyc.ocr', apiCode, 'sample');
const ERRORS = [
  gatewayError(GATEWAY_CODES.SERVICE_TIME_OUT),
  gatewayError(GATEWAY_CODES.API_INVALID_REQUEST),
  gatewayError(WORKFLOW_CODES.NODE_NOT_WAITING),
  gatewayError(WORKFLOW_CODES.EXECUTION_NOT_FOUND),
  gatewayError(WORKFLOW_CODES.OTP_LOCKED),
  // Our credentials refused: needsAttention at once.
  gatewayError(GATEWAY_CODES.SIGN_ERROR),
  // An answer that breaks the contract: read again, then needsAttention.
  new ValidationError('workflow.execution.status', 'response', [
    { field: 'status', message: 'expected string' },
  ]),
  new FlowInputError(FLOW_CODES.OTP_CODE_REQUIRED, 'enter the code again'),
];

const done = (id: string, output: unknown) => ({
  type: `xstate.done.actor.${id}`,
  output,
  actorId: id,
});
const failed = (id: string, error: unknown) => ({
  type: `xstate.error.actor.${id}`,
  error,
  actorId: id,
});

const ACTOR_IDS = [
  'registerCustomer',
  'startWorkflow',
  'pollExecution',
  'watchExecution',
  'pollOcr',
  'submitIdentityDocument',
  'submitParticulars',
  'submitLiveness',
  'sendOtp',
  'verifyOtp',
  'addDocument',
  'submitDocuments',
  'submitForms',
  'wait',
] as const;

/** Sample events: host events, and what each invoked actor can answer. */
const EVENTS: (EventObject & Record<string, unknown>)[] = [
  { type: 'START' },
  SAMPLE.identityDocument,
  { type: 'RETAKE' },
  SAMPLE.particulars,
  SAMPLE.liveness,
  { type: 'SEND_OTP' },
  { type: 'RESEND_OTP' },
  { type: 'VERIFY_OTP', code: '123456' },
  SAMPLE.bill,
  SAMPLE.statement,
  { type: 'SUBMIT_DOCUMENTS' },
  SAMPLE.forms,
  { type: 'RETRY' },
  { type: 'CANCEL' },
  done('registerCustomer', { customerId: 'C_1' }),
  done('startWorkflow', { executionId: EXEC, status: 'CREATED' }),
  ...STATUS_ANSWERS.flatMap((answer) => [
    done('pollExecution', answer),
    done('watchExecution', answer),
  ]),
  done('pollOcr', { status: 'PROCESSING' }),
  done('pollOcr', { status: 'SUCCESS', result: { name: 'JANE DOE' } }),
  done('pollOcr', { status: 'FAILED', reason: 'blurred' }),
  done('submitIdentityDocument', { requestId: 'ocr-1' }),
  done('submitParticulars', undefined),
  done('submitLiveness', undefined),
  // A zero cooldown keeps RESEND_OTP available, so the resend path is walked too.
  done('sendOtp', { requestId: 'otp-1', cooldownSeconds: 0 }),
  done('verifyOtp', { verified: true }),
  done('verifyOtp', { verified: false, remainingAttempts: 2 }),
  done('addDocument', { docType: 'UTILITY_TELEPHONE_BILL' }),
  done('addDocument', { docType: 'BANK_STATEMENT' }),
  done('submitDocuments', undefined),
  done('submitForms', { submitted: ['IndividualForm'] }),
  done('submitForms', { submitted: [] }),
  done('wait', undefined),
  ...ACTOR_IDS.filter((id) => id !== 'wait').flatMap((id) =>
    ERRORS.map((error) => failed(id, error)),
  ),
];

/**
 * What matters for where the chart can go next: the state, and the data of the one guard
 * that decides whether a state is reachable at all (nothing required missing → submitting
 * documents). Finer keys only multiply the same paths.
 */
function serialize(snapshot: FlowSnapshot): string {
  const docs = snapshot.context.documents;
  return JSON.stringify([
    snapshot.value,
    docs && [docs.added, docs.pending.map((doc) => doc.docType), docs.submitRequested],
  ]);
}

// The actor an addDocument answer belongs to must be the head of the queue.
function plausible(snapshot: FlowSnapshot, event: EventObject): boolean {
  if (event.type === '*') return false;
  if (event.type === 'ADD_DOCUMENT') return (snapshot.context.documents?.pending.length ?? 0) < 2;
  if (event.type === 'xstate.done.actor.addDocument') {
    const head = snapshot.context.documents?.pending[0]?.docType;
    return head === (event as { output?: { docType?: string } }).output?.docType;
  }
  return true;
}

const machine = kycFlowMachine.provide({ actors: createFlowActors(detachedClient) });

function allStateIds(root: AnyStateNode): string[] {
  return Object.values(root.states).flatMap((child) => [child.id, ...allStateIds(child)]);
}

function activeIds(value: unknown, prefix = 'kyc'): string[] {
  if (typeof value === 'string') return [`${prefix}.${value}`];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => [
    `${prefix}.${key}`,
    ...activeIds(child, `${prefix}.${key}`),
  ]);
}

const stateKey = (snapshot: { value: unknown }) => JSON.stringify(snapshot.value);

// Shortest paths to every distinct (state, relevant data); one per state value is replayed.
const allPaths = getShortestPaths(machine, {
  input,
  events: EVENTS as never,
  serializeState: (snapshot) => serialize(snapshot as FlowSnapshot),
  filterEvents: (snapshot, event) => plausible(snapshot as FlowSnapshot, event),
});
const byValue = new Map<string, (typeof allPaths)[number]>();
for (const path of allPaths) {
  const key = stateKey(path.state);
  const known = byValue.get(key);
  if (!known || path.steps.length < known.steps.length) byValue.set(key, path);
}
const paths = [...byValue.values()];

describe('every path of the chart (xstate/graph shortest paths, replayed live)', () => {
  it('reaches every state node of the chart', () => {
    const reached = new Set(paths.flatMap((path) => activeIds(path.state.value)));
    expect([...new Set(allStateIds(kycFlowMachine.root))].sort()).toEqual([...reached].sort());
  });

  it.each(paths.map((path) => [stateKey(path.state), path] as const))(
    'replays the shortest path to %s in a running actor',
    async (_, path) => {
      const scripted = scriptedActors(
        ACTOR_IDS.map((id) => (id === 'watchExecution' ? 'pollExecution' : id)),
      );
      const actor = createActor(kycFlowMachine.provide({ actors: scripted.actors }), { input });
      const errors: unknown[] = [];
      actor.subscribe({ error: (error) => errors.push(error) });
      for (const step of path.steps) {
        const event = step.event as EventObject & { output?: unknown; error?: unknown };
        const settled = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type);
        if (event.type === 'xstate.init') {
          actor.start();
        } else if (settled) {
          const [, kind, id] = settled;
          const call = scripted.calls.get(id as string);
          // The live chart must have invoked this actor in this state.
          expect(call, `${id} is running before ${event.type}`).toBeDefined();
          scripted.calls.delete(id as string);
          if (kind === 'done') call?.resolve(event.output);
          else call?.reject(event.error);
          await new Promise((resolve) => setTimeout(resolve, 0));
        } else {
          actor.send(event as never);
        }
        expect(actor.getSnapshot().value).toEqual(step.state.value);
      }
      expect(errors).toEqual([]);
      actor.stop();
    },
  );
});
