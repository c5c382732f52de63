import { callbackKeyFor as spellCallbackKey } from '../services/wire/fallbacks.js';
import type { MethodName } from '../services/wire/methods.js';
import type { NodeConfig } from '../services/wire/records.js';
import { type DocumentType, NODE_TYPES } from '../services/wire/vocabulary.js';

/**
 * What the sandbox knows about each node type: the methods that answer it and the config
 * it carries. Types not listed here (manual review, or anything a custom scenario invents)
 * wait for an operator's decision. Its callbackKeys are spelled as the client spells the
 * ones it derives (`callbackKeyFor`, in the client's fallbacks): one spelling, one place.
 */
interface NodeSpec {
  readonly methods: readonly MethodName[];
  readonly config?: (customer: { email?: string }) => NodeConfig;
}

export const IDENTITY_DOCUMENT_TYPES: readonly DocumentType[] = [
  'NATIONAL_ID',
  'INTERNATIONAL_PASSPORT',
  'DRIVING_LICENCE',
  'RESIDENCE_PERMIT',
];

const CLIENT_NODES: Readonly<Record<string, NodeSpec>> = {
  [NODE_TYPES.identityDocument]: {
    methods: ['workflow.kyc.ocr'],
    config: () => ({ acceptedDocumentTypes: [...IDENTITY_DOCUMENT_TYPES], region: 'SG' }),
  },
  [NODE_TYPES.particulars]: { methods: ['workflow.kyc.particular.data'] },
  [NODE_TYPES.liveness]: { methods: ['workflow.kyc.liveness.data'] },
  [NODE_TYPES.emailOtp]: {
    methods: ['workflow.kyc.otp.send', 'workflow.kyc.otp.verify'],
    config: ({ email }) => (email ? { identity: email } : {}),
  },
  // The phone number is not part of registration, so the node cannot name it.
  [NODE_TYPES.phoneOtp]: {
    methods: ['workflow.kyc.otp.send', 'workflow.kyc.otp.verify'],
  },
  [NODE_TYPES.requiredDocuments]: {
    methods: ['workflow.kyc.required.doc', 'workflow.kyc.required.doc.submit'],
    config: () => ({
      requiredDocuments: [
        { docType: 'UTILITY_TELEPHONE_BILL', isRequired: true },
        { docType: 'BANK_STATEMENT', isRequired: false },
      ],
    }),
  },
  [NODE_TYPES.requiredForms]: {
    methods: ['workflow.kyc.required.form'],
    config: () => ({ formIds: ['IndividualForm'] }),
  },
};

export type NodeRole = 'client' | 'automatic' | 'review';

export const roleOf = (nodeType: string): NodeRole =>
  nodeType === NODE_TYPES.screenCheck
    ? 'automatic'
    : Object.hasOwn(CLIENT_NODES, nodeType)
      ? 'client'
      : 'review';

/** `kyc:<kind>:<executionId>:<n>`, as the guide's examples shape them. */
export const callbackKeyFor = (nodeType: string, executionId: string, n: number): string =>
  spellCallbackKey(nodeType, executionId, n);

export const acceptsMethod = (nodeType: string, method: MethodName): boolean =>
  CLIENT_NODES[nodeType]?.methods.includes(method) ?? false;

/** The node's default config, with the scenario step's own config merged over it. */
export function configFor(
  nodeType: string,
  customer: { email?: string },
  override: NodeConfig | undefined,
): NodeConfig | undefined {
  const base = CLIENT_NODES[nodeType]?.config?.(customer);
  if (!base && !override) return undefined;
  return { ...base, ...override };
}
