import { createGatewayClient } from '../services/client.js';
import type { GatewayClient, GatewayClientOptions } from '../services/types.js';
import { createFlowOverClient, type KycFlow } from './flow-over-client.js';
import type { KycFlowOptions } from './types.js';

export { type KycFlow, machineFor } from './flow-over-client.js';

const isClient = (client: GatewayClient | GatewayClientOptions): client is GatewayClient =>
  typeof (client as GatewayClient).getExecution === 'function';

// Flows over the same settings object share one client (and so one provided chart).
const clients = new WeakMap<GatewayClientOptions, GatewayClient>();

function clientOf(client: GatewayClient | GatewayClientOptions): GatewayClient {
  if (isClient(client)) return client;
  let built = clients.get(client);
  if (!built) {
    built = createGatewayClient(client);
    clients.set(client, built);
  }
  return built;
}

/** The one entry point: a flow over a client (or client settings), fresh or restored. */
export function createKycFlow(options: KycFlowOptions): KycFlow {
  return createFlowOverClient(options, clientOf(options.client));
}
