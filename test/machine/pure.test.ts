import { describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import {
  dispositionOf,
  LONGEST_RETRY_AFTER_MS,
  retryAfterOf,
  toFlowError,
} from '../../src/machine/flow-error.js';
import { kycFlowMachine } from '../../src/machine/machine.js';
import { toMermaid } from '../../src/machine/mermaid.js';
import { REDACTED, redact, redactText } from '../../src/machine/redact.js';
import { routeOf } from '../../src/machine/routing.js';
import { stepOf } from '../../src/machine/view.js';
import { GatewayError } from '../../src/services/errors/gateway-error.js';
import { TransportError } from '../../src/services/errors/transport-error.js';
import { ValidationError } from '../../src/services/errors/validation-error.js';

const leaves = (node: AnyStateNode): AnyStateNode[] =>
  Object.values(node.states).flatMap((child) =>
    Object.keys(child.states).length > 0 ? [child, ...leaves(child)] : [child],
  );

describe('toMermaid', () => {
  const diagram = toMermaid(kycFlowMachine);

  it('prints a stateDiagram-v2 with every state of the chart, nested', () => {
    expect(diagram.startsWith('stateDiagram-v2\n')).toBe(true);
    for (const node of leaves(kycFlowMachine.root)) {
      expect(diagram).toContain(`state "${node.key}" as ${node.path.join('_')}`);
    }
    expect(diagram).toContain('state "tracking" as tracking {');
    expect(diagram).toContain('  [*] --> idle');
  });

  it('labels transitions with their event and guard, and marks final states', () => {
    expect(diagram).toContain('idle --> registering : START');
    expect(diagram).toContain(
      'tracking_polling --> completed : pollExecution done [routeIs completed]',
    );
    expect(diagram).toContain(
      'tracking_emailOtp_codeSent --> tracking_emailOtp_sending : RESEND_OTP [resendAvailable]',
    );
    expect(diagram).toContain('tracking_identityDocument_ocrFailed --> tracking_polling : RETAKE');
    for (const final of ['completed', 'failed', 'timedOut', 'cancelled']) {
      expect(diagram).toContain(`${final} --> [*]`);
    }
    expect(diagram).toContain('note left of cancelled : CANCEL from any state');
    expect(diagram).not.toContain(': *');
  });

  it('uses ids that are unique even where state names repeat', () => {
    const declared = [...diagram.matchAll(/state "[^"]+" as (\S+)/g)].map((match) => match[1]);
    expect(new Set(declared).size).toBe(declared.length);
  });
});

describe('redact', () => {
  const planted = {
    type: 'SUBMIT_PARTICULARS',
    personData: { name: 'Jane Doe', dateOfBirth: '1990-01-15', nationality: 'SG' },
    context: {
      customer: { email: 'jane@example.com', phone: '+6591234567' },
      node: { nodeType: 'flow_action_validate_email', config: { identity: 'jane@example.com' } },
      ocr: { status: 'succeeded', result: { name: 'JANE DOE', documentNumber: 'E1234567' } },
      otp: { channel: 'phone', identity: '+6598765432', sentTo: '+6598765432' },
      executionId: 'exec-1',
    },
    input: { code: '482913', requestId: 'req-1' },
    images: { faceFull: 's3://workflow-kyc/exec-1/selfie.jpg' },
    message: 'could not reach jane@example.com about s3://workflow-kyc/exec-1/bill.pdf',
  };

  it('replaces every planted personal value and keeps the rest', () => {
    const text = JSON.stringify(redact(planted));
    for (const secret of [
      'Jane Doe',
      '1990-01-15',
      'jane@example.com',
      '+6591234567',
      '+6598765432',
      'JANE DOE',
      'E1234567',
      '482913',
      's3://',
    ]) {
      expect(text).not.toContain(secret);
    }
    const redacted = redact(planted);
    expect(redacted.type).toBe('SUBMIT_PARTICULARS');
    expect(redacted.context.executionId).toBe('exec-1');
    expect(redacted.input.requestId).toBe('req-1');
    expect(redacted.personData).toBe(REDACTED);
    expect(redacted.context.node.nodeType).toBe('flow_action_validate_email');
  });

  it('keeps error codes and the decision, which say what happened and name no one', () => {
    const outcome = {
      error: { code: 'GATEWAY_ERROR', apiCode: 999301, message: 'refused' },
      outcome: { status: 'completed', decision: 'APPROVED', result: { decision: 'APPROVED' } },
      event: { type: 'VERIFY_OTP', code: '123456' },
    };
    expect(redact(outcome)).toEqual({ ...outcome, event: { type: 'VERIFY_OTP', code: REDACTED } });
  });

  it('does not touch its argument and survives cycles', () => {
    const cyclic: Record<string, unknown> = { email: 'a@b.co' };
    cyclic.self = cyclic;
    expect(redact(cyclic)).toEqual({ email: REDACTED, self: '[circular]' });
    expect(cyclic.email).toBe('a@b.co');
  });

  it('redacts emails and file URLs inside free text', () => {
    expect(redactText('sent to jane@example.com')).toBe(`sent to ${REDACTED}`);
  });
});

describe('routing and errors', () => {
  it('routes status answers as the vendor guide says, unknown node types and statuses apart', () => {
    const waiting = (nodeType: string) => ({
      executionId: 'e',
      status: 'WAITING' as const,
      currentNode: { nodeId: 'n', nodeType, callbackKey: 'k' },
    });
    expect(routeOf(waiting('flow_action_liveness_test'))).toBe('liveness');
    expect(routeOf(waiting('flow_action_manual_review'))).toBe('pendingReview');
    // Not review: nobody here answers it, and the host is told so (`unknownNode`).
    expect(routeOf(waiting('flow_action_something_new'))).toBe('unknownNode');
    expect(routeOf(waiting('flow_action_screen_check'))).toBe('screenCheck');
    expect(routeOf({ executionId: 'e', status: 'RUNNING' })).toBe('polling');
    expect(routeOf({ executionId: 'e', status: 'WAITING' })).toBe('polling');
    expect(routeOf({ executionId: 'e', status: 'TIMEOUT' })).toBe('timedOut');
    // A status the guide does not list is not terminal: polled as RUNNING.
    expect(routeOf({ executionId: 'e', status: 'PENDING' })).toBe('polling');
  });

  it('tells input errors from server trouble', () => {
    expect(dispositionOf(new GatewayError('workflow.kyc.ocr', 999301, 'bad'))).toBe('rejected');
    expect(dispositionOf(new GatewayError('workflow.kyc.ocr', 999401, 'slow'))).toBe('transient');
    expect(dispositionOf(new GatewayError('workflow.kyc.ocr', 410001, 'moved'))).toBe('nodeMoved');
    expect(dispositionOf(new TransportError('workflow.kyc.ocr', 'network'))).toBe('transient');
    expect(dispositionOf(new TransportError('workflow.kyc.ocr', 'http', 404))).toBe('transient');
    // A gateway behind an API gateway refuses a key by HTTP status, with no envelope at all.
    for (const status of [401, 403]) {
      const refused = new TransportError('workflow.applicant.register', 'http', status);
      expect(dispositionOf(refused)).toBe('credentialsRefused');
      expect(toFlowError(refused)).toMatchObject({
        code: 'CREDENTIALS_REFUSED',
        method: 'workflow.applicant.register',
        retryable: true,
      });
    }
    expect(
      dispositionOf(
        new ValidationError('workflow.kyc.ocr', 'request', [{ field: 'region', message: 'x' }]),
      ),
    ).toBe('rejected');
    // An answer that breaks the contract is nobody's network fault (read again, then stop).
    expect(
      dispositionOf(new ValidationError('envelope', 'response', [{ field: '', message: 'x' }])),
    ).toBe('contractBroken');
    // A refused key or signature is the host's configuration, not the customer's input.
    expect(dispositionOf(new GatewayError('workflow.kyc.ocr', 999001, 'sign'))).toBe(
      'credentialsRefused',
    );
    expect(dispositionOf(new GatewayError('workflow.kyc.ocr', 999303, 'key'))).toBe(
      'credentialsRefused',
    );
    expect(toFlowError(new GatewayError('workflow.kyc.ocr', 999301, 'bad'))).toMatchObject({
      code: 'GATEWAY_ERROR',
      apiCode: 999301,
      retryable: false,
    });
  });

  // A send too soon is the gateway's "not yet": waited out for the time it names, as an
  // HTTP 429's Retry-After is (and bounded alike, by a day), never blamed on the input.
  it('waits out an OTP send refused for its cooldown for the time the gateway named', () => {
    const cooldown = new GatewayError('workflow.kyc.otp.send', 429002, 'too soon', {
      retryAfterMs: 20_000,
    });
    expect(dispositionOf(cooldown)).toBe('transient');
    expect(toFlowError(cooldown)).toMatchObject({ apiCode: 429002, retryable: true });
    expect(retryAfterOf(cooldown)).toBe(20_000);
    const years = new GatewayError('workflow.kyc.otp.send', 429002, 'too soon', {
      retryAfterMs: 1e12,
    });
    expect(retryAfterOf(years)).toBe(LONGEST_RETRY_AFTER_MS);
  });

  it('names the contract break by method and field, never by value', () => {
    const broken = new ValidationError('workflow.execution.status', 'response', [
      { field: 'status', message: 'expected string' },
    ]);
    expect(toFlowError(broken)).toEqual({
      code: 'CONTRACT_BROKEN',
      message: 'workflow.execution.status response is invalid: status: expected string',
      method: 'workflow.execution.status',
      field: 'status',
      retryable: true,
    });
    // The gateway's own message may describe our credentials: only its code is kept.
    expect(toFlowError(new GatewayError('workflow.applicant.register', 999001, 'ak_x'))).toEqual({
      code: 'CREDENTIALS_REFUSED',
      message: 'workflow.applicant.register: credentials refused (999001)',
      apiCode: 999001,
      method: 'workflow.applicant.register',
      retryable: true,
    });
  });

  it('names the step of every state path', () => {
    expect(stepOf('tracking.emailOtp.codeSent')).toBe('emailOtp');
    expect(stepOf('tracking.unknownNode')).toBe('unknownNode');
    expect(stepOf('tracking.polling')).toBe('polling');
    expect(stepOf('suspended')).toBe('suspended');
    expect(stepOf('needsAttention')).toBe('needsAttention');
  });
});
