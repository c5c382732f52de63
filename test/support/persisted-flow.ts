import type { PersistedFlow } from '../../src/adapters/node/snapshot-store.js';
import { createKycFlow } from '../../src/machine/index.js';

/** A gateway nothing is ever sent to: the flows below are persisted before they start. */
const offline = {
  gatewayUrl: 'http://127.0.0.1:1/gateway',
  apiKey: 'ak_test',
  apiSecret: 'sk_test',
  domainId: 'dom_test',
};

/** A real flow as `persist()` writes it, told apart by its referenceId. */
export const persistedFlow = (referenceId: string): PersistedFlow =>
  createKycFlow({ client: offline, customer: { customerId: 'C_1', referenceId } }).persist();
