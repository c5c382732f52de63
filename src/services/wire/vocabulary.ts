import * as z from 'zod/mini';

// The schemas here are marked pure (`@__PURE__`): a bundle that uses only the plain words
// (the browser's, which carries no schema) drops them, and zod with them.

/** Statuses of a workflow execution, as the vendor documents them. */
export const EXECUTION_STATUSES = [
  'CREATED',
  'RUNNING',
  'WAITING',
  'COMPLETED',
  'FAILED',
  'TIMEOUT',
  'CANCELLED',
] as const;
export const executionStatus = /* @__PURE__ */ z.enum(EXECUTION_STATUSES);
export type ExecutionStatus = z.infer<typeof executionStatus>;

export const TERMINAL_STATUSES = ['COMPLETED', 'FAILED', 'TIMEOUT', 'CANCELLED'] as const;
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];
export const isTerminalStatus = (status: string): status is TerminalStatus =>
  (TERMINAL_STATUSES as readonly string[]).includes(status);

/** Node types the vendor's guide names, plus manual review (an assumption, see BRIEF). */
export const NODE_TYPES = {
  identityDocument: 'flow_action_identity_document',
  particulars: 'flow_action_individual_particular',
  liveness: 'flow_action_liveness_test',
  emailOtp: 'flow_action_validate_email',
  phoneOtp: 'flow_action_validate_phone',
  requiredDocuments: 'flow_action_individual_required_document',
  requiredForms: 'flow_action_individual_required_forms',
  screenCheck: 'flow_action_screen_check',
  manualReview: 'flow_action_manual_review',
} as const;
export type NodeKind = keyof typeof NODE_TYPES;
export type KnownNodeType = (typeof NODE_TYPES)[NodeKind];

/** Node kinds that wait for the integrator's data; screening and manual review need none. */
export const CLIENT_NODE_KINDS = [
  'identityDocument',
  'particulars',
  'liveness',
  'emailOtp',
  'phoneOtp',
  'requiredDocuments',
  'requiredForms',
] as const satisfies readonly NodeKind[];
export type ClientNodeKind = (typeof CLIENT_NODE_KINDS)[number];

const nodeKindByType = new Map<string, NodeKind>(
  Object.entries(NODE_TYPES).map(([kind, type]) => [type, kind as NodeKind]),
);
/**
 * The kind of a wire node type, or `undefined` for a type the client cannot act on. FALLBACK
 * read in any case, spaces around ignored, as statuses are: else a node the flow answers
 * would wait as unknown for ever.
 */
export const nodeKindOf = (nodeType: string): NodeKind | undefined =>
  nodeKindByType.get(nodeType.trim().toLowerCase());

export const DOCUMENT_TYPES = [
  'NATIONAL_ID',
  'INTERNATIONAL_PASSPORT',
  'DRIVING_LICENCE',
  'RESIDENCE_PERMIT',
  'UTILITY_TELEPHONE_BILL',
  'BANK_STATEMENT',
  'CUSTOMER_ACCEPTANCE_FORM',
  'SELF_IMAGE',
] as const;
export const documentType = /* @__PURE__ */ z.enum(DOCUMENT_TYPES);
export type DocumentType = z.infer<typeof documentType>;

export const OTP_CHANNELS = ['email', 'phone'] as const;
export const otpChannel = /* @__PURE__ */ z.enum(OTP_CHANNELS);
export type OtpChannel = z.infer<typeof otpChannel>;

export const DECISIONS = ['APPROVED', 'REJECTED'] as const;
export const decision = /* @__PURE__ */ z.enum(DECISIONS);
export type Decision = z.infer<typeof decision>;

/** Gateway error codes documented by the vendor. */
export const GATEWAY_CODES = {
  GATEWAY_ERROR: 999000,
  SIGN_ERROR: 999001,
  API_INVALID_REQUEST: 999301,
  API_NOT_FOUND: 999302,
  API_NON_AUTHORIZED: 999303,
  SERVICE_TIME_OUT: 999401,
  SERVICE_INVOKE_ERROR: 999402,
} as const;

/**
 * Codes the docs do not list; the sandbox answers them and the client recognises them
 * (an assumption, see BRIEF: "a submission for a node that is no longer waiting gets a
 * clear error code").
 */
export const WORKFLOW_CODES = {
  NODE_NOT_WAITING: 410001,
  EXECUTION_NOT_FOUND: 404001,
  OTP_LOCKED: 429001,
  OTP_COOLDOWN: 429002,
  /** `workflow.kyc.required.doc.submit` while a document the node marks `isRequired` is missing. */
  REQUIRED_DOCUMENTS_MISSING: 422001,
} as const;

export const NON_RETRYABLE_CODES: readonly number[] = [
  GATEWAY_CODES.SIGN_ERROR,
  GATEWAY_CODES.API_INVALID_REQUEST,
  GATEWAY_CODES.API_NOT_FOUND,
  GATEWAY_CODES.API_NON_AUTHORIZED,
];
export const RETRYABLE_CODES: readonly number[] = [GATEWAY_CODES.SERVICE_TIME_OUT];
