import type { BrowserFlow, FlowStore, FlowView } from '../../src/adapters/browser/index.js';
import { createGatewayProxy } from '../../src/adapters/proxy/index.js';
import type { SandboxGateway } from '../../src/sandbox/index.js';

/** A browser flow's store in memory, its items open to the test. */
export const memoryStore = (): FlowStore & { readonly items: Map<string, string> } => {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value);
    },
    removeItem: (key) => {
      items.delete(key);
    },
  };
};

/** The first view (the current one included) for which `done` holds. */
export const viewWhere = (
  flow: BrowserFlow,
  done: (view: FlowView) => boolean,
): Promise<FlowView> =>
  new Promise((resolve) => {
    if (done(flow.getView())) return resolve(flow.getView());
    const stop = flow.subscribe((view) => {
      if (!done(view)) return;
      stop();
      resolve(view);
    });
  });

/**
 * A host's proxy in this process, signed-in caller `user-alice`, over a sandbox gateway in
 * this process too: no socket, so a fake clock can drive both.
 */
export const inProcessProxy = (gateway: SandboxGateway) => {
  const { apiKey, apiSecret, domainId } = gateway.credentials;
  return createGatewayProxy({
    gatewayUrl: 'https://sandbox.test/gateway',
    apiKey,
    apiSecret,
    domainId,
    authorize: () => ({ callerId: 'user-alice' }),
    claimCustomers: 'first-caller',
    fetch: async (input, init) => gateway.app.fetch(new Request(input, init)),
  });
};
