import { describe, expect, it } from 'vitest';
import { ResponderError } from '../../src/adapters/node/responder-error.js';
import { responderTroubleAt, stopAt, suspendedAt } from '../../src/adapters/node/run-stops.js';
import type { FlowView } from '../../src/machine/index.js';
import { GatewayError, TransportError, ValidationError } from '../../src/services/errors/index.js';

const view = (extra: Partial<FlowView>): FlowView => ({
  state: 'tracking.polling',
  step: 'polling',
  referenceId: 'ref-1',
  executionId: 'exec-1',
  expects: [],
  done: false,
  ...extra,
});
const reviewNode = { nodeId: 'n9', nodeType: 'flow_action_manual_review', callbackKey: 'k9' };
const refused = {
  code: 'CREDENTIALS_REFUSED',
  message: 'refused',
  retryable: false,
  apiCode: 999001,
};

describe('stopAt', () => {
  it('ends at a final state with its outcome', () => {
    const outcome = { status: 'completed', decision: 'APPROVED', executionId: 'exec-1' } as const;
    expect(stopAt(view({ step: 'completed', done: true, outcome }), false)).toBe(outcome);
  });

  it('ends where the flow needs attention, with the error', () => {
    expect(stopAt(view({ step: 'needsAttention', error: refused }), false)).toEqual({
      status: 'needsAttention',
      executionId: 'exec-1',
      error: refused,
    });
  });

  it("ends at the others' turn only when told to", () => {
    const atReview = view({ step: 'pendingReview', node: reviewNode });
    expect(stopAt(atReview, false)).toBeUndefined();
    expect(stopAt(atReview, true)).toEqual({
      status: 'pendingReview',
      executionId: 'exec-1',
      node: reviewNode,
    });
    expect(stopAt(view({ step: 'unknownNode' }), true)).toMatchObject({ status: 'unknownNode' });
  });

  it('goes on everywhere else', () => {
    expect(stopAt(view({}), true)).toBeUndefined();
    expect(stopAt(view({ step: 'suspended' }), true)).toBeUndefined();
  });
});

describe('suspendedAt', () => {
  it('carries the execution and the last error', () => {
    const error = { code: 'TRANSPORT_ERROR', message: 'down', retryable: true };
    expect(suspendedAt(view({ step: 'suspended', error }))).toEqual({
      status: 'suspended',
      executionId: 'exec-1',
      error,
    });
  });
});

describe('responderTroubleAt', () => {
  const atNode = view({ state: 'identityDocument.capturing', step: 'identityDocument' });

  it("ends the run suspended when the responder's storage stays unreachable", () => {
    expect(responderTroubleAt(atNode, new TransportError('storage.upload', 'network'))).toEqual({
      status: 'suspended',
      executionId: 'exec-1',
      error: expect.objectContaining({ code: 'TRANSPORT_ERROR', retryable: true }),
    });
  });

  it('needs attention when storage answers break the contract or refuse the credentials', () => {
    const broken = new ValidationError('storage.upload', 'response', [
      { field: '(root)', message: 'expected a JSON envelope' },
    ]);
    expect(responderTroubleAt(atNode, broken)).toMatchObject({
      status: 'needsAttention',
      error: { code: 'CONTRACT_BROKEN', method: 'storage.upload' },
    });
    expect(
      responderTroubleAt(atNode, new GatewayError('storage.upload', 999001, 'sign')),
    ).toMatchObject({ status: 'needsAttention', error: { code: 'CREDENTIALS_REFUSED' } });
  });

  it("leaves a profile that cannot answer, a refused file and the responder's own bugs to the caller", () => {
    const missing = new ResponderError('flow_action_liveness', 'liveness', 'missing');
    expect(responderTroubleAt(atNode, missing)).toBeUndefined();
    expect(
      responderTroubleAt(atNode, new GatewayError('storage.upload', 999100, 'file: too large')),
    ).toBeUndefined();
    expect(responderTroubleAt(atNode, new Error('responder bug'))).toBeUndefined();
  });
});
