import { GatewayError } from '../../src/services/errors/gateway-error.js';
import type { GatewayClient } from '../../src/services/types.js';
import type { CurrentNode, ExecutionState, NodeConfig } from '../../src/services/wire/records.js';
import { NODE_TYPES, type NodeKind, WORKFLOW_CODES } from '../../src/services/wire/vocabulary.js';

/**
 * A tiny in-memory workflow behind the `GatewayClient` interface, for unit tests of the chart
 * before (and besides) the real sandbox: nodes in order, a RUNNING gap between them,
 * idempotent submissions per callbackKey, and effect counters like the sandbox's.
 */
export interface FakeGatewayOptions {
  readonly nodes: readonly (NodeKind | string)[];
  readonly outcome?: 'APPROVED' | 'REJECTED' | 'FAILED' | 'TIMEOUT' | 'CANCELLED';
  /** Status reads that answer RUNNING after each advance. */
  readonly gap?: number;
  readonly otpCode?: string;
  readonly otpCooldownMs?: number;
  readonly ocrFailures?: number;
  /** OCR reads that answer PROCESSING before the result. */
  readonly ocrReads?: number;
}

export interface FakeGateway {
  readonly client: GatewayClient;
  readonly calls: Record<string, number>;
  readonly effects: Record<string, number>;
  readonly log: string[];
  registrations: number;
  starts: number;
  /** Makes the next `times` calls of `method` throw `error`. */
  failNext(method: string, error: Error, times?: number): void;
  decideReview(decision: 'APPROVED' | 'REJECTED'): void;
  execution(): ExecutionState | undefined;
}

const CONFIG: Partial<Record<NodeKind, NodeConfig>> = {
  identityDocument: { acceptedDocumentTypes: ['INTERNATIONAL_PASSPORT'], region: 'SG' },
  emailOtp: { identity: 'jane@example.com' },
  requiredDocuments: {
    requiredDocuments: [
      { docType: 'UTILITY_TELEPHONE_BILL', isRequired: true },
      { docType: 'BANK_STATEMENT', isRequired: false },
    ],
  },
  requiredForms: { formIds: ['IndividualForm'] },
};

export function createFakeGateway(options: FakeGatewayOptions): FakeGateway {
  const calls: Record<string, number> = {};
  const effects: Record<string, number> = {};
  const log: string[] = [];
  const failures = new Map<string, { error: Error; times: number }>();
  const customers = new Set<string>();
  let exec:
    | {
        id: string;
        index: number;
        gapLeft: number;
        n: number;
        node?: CurrentNode;
        status: ExecutionState['status'];
        result?: { decision: 'APPROVED' | 'REJECTED' };
        ocrFailuresLeft: number;
        ocrReadsLeft: number;
        otp?: { requestId: string; sentAt: number; attempts: number };
        docs: Set<string>;
        forms: Set<string>;
      }
    | undefined;
  const answers = new Map<string, unknown>();
  let starts = 0;

  const gap = options.gap ?? 1;
  const effect = (key: string) => {
    effects[key] = (effects[key] ?? 0) + 1;
  };
  const enter = (method: string) => {
    calls[method] = (calls[method] ?? 0) + 1;
    log.push(method);
    const failure = failures.get(method) ?? failures.get('*');
    if (failure && failure.times > 0) {
      failure.times -= 1;
      throw failure.error;
    }
  };
  const kindType = (kind: string) => (NODE_TYPES as Record<string, string>)[kind] ?? kind;

  const advance = () => {
    if (!exec) return;
    exec.index += 1;
    exec.gapLeft = gap;
    exec.node = undefined;
    exec.status = 'RUNNING';
  };
  const settleIfDone = () => {
    if (exec?.status !== 'RUNNING' || exec.gapLeft > 0) return;
    const kind = options.nodes[exec.index];
    if (kind === undefined) {
      const outcome = options.outcome ?? 'APPROVED';
      if (outcome === 'APPROVED' || outcome === 'REJECTED') {
        exec.status = 'COMPLETED';
        exec.result = { decision: outcome };
      } else {
        exec.status = outcome === 'TIMEOUT' ? 'TIMEOUT' : outcome;
      }
      return;
    }
    exec.n += 1;
    const type = kindType(kind);
    const config = CONFIG[kind as NodeKind];
    exec.node = {
      nodeId: `node-${exec.index}`,
      nodeType: type,
      callbackKey: `kyc:${kind}:${exec.id}:${exec.n}`,
      ...(config ? { config } : {}),
    };
    if (kind === 'screenCheck') {
      exec.status = 'RUNNING';
      exec.gapLeft = -1; // one more read shows the screening, then it advances
    } else {
      exec.status = 'WAITING';
    }
  };
  const checkNode = (callbackKey: string, kind: string) => {
    const repeat = answers.get(callbackKey + kind);
    if (repeat !== undefined) return repeat;
    if (exec?.status !== 'WAITING' || exec.node?.callbackKey !== callbackKey) {
      throw new GatewayError(
        'workflow.kyc.particular.data',
        WORKFLOW_CODES.NODE_NOT_WAITING,
        'node is not waiting',
      );
    }
    return undefined;
  };
  const once = <T>(callbackKey: string, tag: string, run: () => T): T => {
    const repeat = checkNode(callbackKey, tag);
    if (repeat !== undefined) return repeat as T;
    const answer = run();
    answers.set(callbackKey + tag, answer);
    effect(tag ? `${callbackKey}#${tag}` : callbackKey);
    return answer;
  };

  const client: GatewayClient = {
    call: () => Promise.reject(new Error('not used')),
    upload: () => Promise.reject(new Error('not used')),
    register: async (input) => {
      enter('workflow.applicant.register');
      const customerId = input.customerId ?? `C_${input.email}`;
      if (!customers.has(customerId)) {
        customers.add(customerId);
        fake.registrations += 1;
      }
      return { customerId };
    },
    startWorkflow: async (input) => {
      enter('workflow.apply.submit');
      if (!exec) {
        starts += 1;
        fake.starts = starts;
        exec = {
          id: `exec-${input.data.referenceId}`,
          index: -1,
          gapLeft: 0,
          n: 0,
          status: 'CREATED',
          ocrFailuresLeft: options.ocrFailures ?? 0,
          ocrReadsLeft: options.ocrReads ?? 1,
          docs: new Set(),
          forms: new Set(),
        };
        advance();
      }
      return { executionId: exec.id, status: exec.status };
    },
    getExecution: async () => {
      enter('workflow.execution.status');
      if (!exec)
        throw new GatewayError(
          'workflow.execution.status',
          WORKFLOW_CODES.EXECUTION_NOT_FOUND,
          'unknown',
        );
      if (exec.status === 'RUNNING') {
        if (exec.gapLeft === -1 && exec.node) {
          const answer = snapshot();
          advance();
          return answer;
        }
        if (exec.gapLeft > 0) exec.gapLeft -= 1;
        else settleIfDone();
        if (exec.gapLeft === 0 && exec.status === 'RUNNING' && !exec.node) settleIfDone();
      }
      return snapshot();
    },
    submitIdentityDocument: async (input) => {
      enter('workflow.kyc.ocr');
      return once(input.callbackKey, '', () => ({ requestId: `ocr-${input.callbackKey}` }));
    },
    getOcrResult: async (input) => {
      enter('workflow.kyc.ocr.data');
      if (!exec) throw new Error('no execution');
      if (exec.ocrReadsLeft > 0) {
        exec.ocrReadsLeft -= 1;
        return { status: 'PROCESSING' as const };
      }
      exec.ocrReadsLeft = options.ocrReads ?? 1;
      if (exec.ocrFailuresLeft > 0 && exec.node?.callbackKey === input.callbackKey) {
        exec.ocrFailuresLeft -= 1;
        // Re-armed with a new callbackKey for the retake.
        exec.n += 1;
        exec.node = { ...exec.node, callbackKey: `kyc:identityDocument:${exec.id}:${exec.n}` };
        return { status: 'FAILED' as const, reason: 'blurred' };
      }
      if (exec.node?.callbackKey === input.callbackKey) advance();
      return {
        status: 'SUCCESS' as const,
        result: { documentType: 'INTERNATIONAL_PASSPORT' as const, name: 'JANE DOE' },
      };
    },
    submitParticulars: async (input) => {
      enter('workflow.kyc.particular.data');
      return once(input.callbackKey, '', () => {
        advance();
        return { accepted: true };
      });
    },
    submitLiveness: async (input) => {
      enter('workflow.kyc.liveness.data');
      return once(input.callbackKey, '', () => {
        advance();
        return { accepted: true };
      });
    },
    sendOtp: async (input) => {
      enter('workflow.kyc.otp.send');
      checkNode(input.callbackKey, 'otp');
      if (!exec) throw new Error('no execution');
      const cooldown = options.otpCooldownMs ?? 50;
      const at = Date.now();
      if (!exec.otp || at - exec.otp.sentAt >= cooldown) {
        exec.otp = { requestId: `req-${at}-${Math.random()}`, sentAt: at, attempts: 0 };
        effect(`${input.callbackKey}#send${calls['workflow.kyc.otp.send']}`);
      }
      return { requestId: exec.otp.requestId, cooldownSeconds: cooldown / 1000 };
    },
    verifyOtp: async (input) => {
      enter('workflow.kyc.otp.verify');
      const repeat = answers.get(`${input.callbackKey}verify`);
      if (repeat !== undefined) return repeat as { verified: boolean };
      checkNode(input.callbackKey, 'verify');
      if (!exec?.otp || exec.otp.requestId !== input.requestId) {
        throw new GatewayError('workflow.kyc.otp.verify', 999301, 'unknown requestId');
      }
      if (input.code !== (options.otpCode ?? '123456')) {
        exec.otp.attempts += 1;
        const remainingAttempts = 3 - exec.otp.attempts;
        if (remainingAttempts < 0) {
          throw new GatewayError('workflow.kyc.otp.verify', WORKFLOW_CODES.OTP_LOCKED, 'locked');
        }
        return { verified: false, remainingAttempts };
      }
      answers.set(`${input.callbackKey}verify`, { verified: true });
      effect(input.callbackKey);
      advance();
      return { verified: true };
    },
    addRequiredDocument: async (input) => {
      enter('workflow.kyc.required.doc');
      return once(input.callbackKey, input.docType, () => {
        exec?.docs.add(input.docType);
        return { accepted: true };
      });
    },
    submitRequiredDocuments: async (input) => {
      enter('workflow.kyc.required.doc.submit');
      return once(input.callbackKey, '', () => {
        if (!exec?.docs.has('UTILITY_TELEPHONE_BILL')) {
          answers.delete(input.callbackKey);
          effects[input.callbackKey] = (effects[input.callbackKey] ?? 1) - 1;
          throw new GatewayError('workflow.kyc.required.doc.submit', 999301, 'missing documents');
        }
        advance();
        return { accepted: true };
      });
    },
    submitRequiredForm: async (input) => {
      enter('workflow.kyc.required.form');
      return once(input.callbackKey, input.formId, () => {
        exec?.forms.add(input.formId);
        if (exec?.forms.has('IndividualForm')) {
          // The node advances once every form is in; later repeats are answered from `answers`.
          queueMicrotask(advance);
        }
        return { accepted: true };
      });
    },
  };

  function snapshot(): ExecutionState {
    if (!exec) throw new Error('no execution');
    return {
      executionId: exec.id,
      status: exec.status,
      ...(exec.node ? { currentNode: exec.node } : {}),
      ...(exec.result ? { result: exec.result } : {}),
    };
  }

  // Wrap to record failures injected per method name (of the wire).
  const fake: FakeGateway = {
    client,
    calls,
    effects,
    log,
    registrations: 0,
    starts: 0,
    failNext(method, error, times = 1) {
      failures.set(method, { error, times });
    },
    decideReview(decision) {
      if (!exec) return;
      exec.status = 'COMPLETED';
      exec.result = { decision };
      exec.node = undefined;
    },
    execution: () => (exec ? snapshot() : undefined),
  };
  return fake;
}
